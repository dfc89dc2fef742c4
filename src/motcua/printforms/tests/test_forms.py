"""The forms are real PDF files: PDFium opens them, extracts their Vietnamese text with every
accent, and a barcode reader decodes the codes printed on the receipt."""

import pytest
import zxingcpp
from django.utils import translation

from motcua.accounts.models import Role
from motcua.dossiers.models import Timing
from motcua.printforms import forms
from motcua.printforms.formatting import short_moment
from motcua.printforms.layout import look_up_address
from motcua.printforms.selectors import handovers
from motcua.printforms.tests.conftest import pdf_pages, pdf_text

A4_POINTS = (595.3, 841.9)

pytestmark = pytest.mark.django_db


# --- Mẫu 01 ------------------------------------------------------------------------------


def test_receipt_is_an_a4_portrait_page(received):
    width, height = pdf_pages(forms.receipt(received))[0].get_size()
    assert width == pytest.approx(A4_POINTS[0], abs=0.5)
    assert height == pytest.approx(A4_POINTS[1], abs=0.5)


def test_receipt_says_in_vietnamese_who_filed_what_and_when_it_is_due(world, received):
    content = forms.receipt(received)
    text = pdf_text(content)
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả".upper() in text
    assert pdf_pages(content).get_metadata_dict()["Title"].startswith("Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "UBND PHƯỜNG PHÚ CƯỜNG" in text
    assert "Phú Cường, ngày 02 tháng 03 năm 2026" in text
    assert "Trần Thị Lan" in text
    assert "074190000123" in text
    assert "12 Yersin, Phú Cường" in text
    assert world.version.name in text
    assert "Tờ khai theo mẫu (1 bản chính)" in text
    assert "Giấy tờ chứng minh nơi cư trú (1 bản sao)" in text
    assert "5 ngày làm việc" in text
    assert "08 giờ 00 phút, ngày 02/03/2026" in text
    assert "08 giờ 00 phút, ngày 09/03/2026" in text  # five working days later
    assert "50.000 đồng" in text
    assert "Số: 0001/TNHS" in text and "số thứ tự 0001" in text
    assert str(world.staff[Role.RECEPTION]) in text  # the officer who received it signs
    assert received.code in text


def test_the_font_travels_inside_the_file(received):
    content = forms.receipt(received)
    assert content.count(b"/FontFile2") == 2  # regular and bold, subset and embedded
    assert b"+DejaVuSerif" in content


def decoded(content: bytes, dpi: int) -> dict[str, str]:
    image = pdf_pages(content)[0].render(scale=dpi / 72).to_pil()
    return {("QR" if "QR" in barcode.format.name else barcode.format.name): barcode.text for barcode in zxingcpp.read_barcodes(image)}


@pytest.mark.parametrize("dpi", [150, 300])
def test_receipt_codes_decode_to_exactly_the_dossier_code(received, dpi):
    assert decoded(forms.receipt(received), dpi) == {"QR": look_up_address(received.code), "Code128": received.code}


def test_a_five_digit_sequence_still_fits_and_scans(received):
    received.code = received.code[:-4] + "12345"  # the ten-thousandth dossier of a busy day
    received.save(update_fields=["code"])
    assert decoded(forms.receipt(received), 200) == {"QR": look_up_address(received.code), "Code128": received.code}


def test_receipt_sends_a_postal_delivery_to_the_applicants_address(world):
    dossier = world.receive(delivery="post")
    assert "Đăng ký nhận kết quả tại: Qua dịch vụ bưu chính, tới địa chỉ: 12 Yersin, Phú Cường" in pdf_text(forms.receipt(dossier))


def test_receipt_names_the_representative_when_there_is_one(world):
    dossier = world.receive()
    dossier.representative = "Nguyễn Văn Ủy"
    dossier.save(update_fields=["representative"])
    assert "Người được ủy quyền: Nguyễn Văn Ủy" in pdf_text(forms.receipt(dossier))


def test_receipt_shows_the_promise_made_at_receipt_not_a_later_extension(extended):
    text = pdf_text(forms.receipt(extended))
    assert "08 giờ 00 phút, ngày 09/03/2026" in text
    assert "12/03/2026" not in text


def test_no_receipt_for_a_dossier_never_received(refused):
    with pytest.raises(forms.FormNotApplicable, match="chưa được tiếp nhận"):
        forms.receipt(refused)


def test_what_an_applicant_typed_is_printed_as_text_not_markup(world):
    dossier = world.receive()
    dossier.applicant_address = "Tổ 3 <b>khu phố</b> 5 & 6"
    dossier.save(update_fields=["applicant_address"])
    assert "Tổ 3 <b>khu phố</b> 5 & 6" in pdf_text(forms.receipt(dossier))


# --- Mẫu 02, 03, 04 ---------------------------------------------------------------------


def test_supplement_request_lists_the_items_the_reason_and_whom_to_call(world, supplement_requested):
    world.commune.phone = "0274 3822 111"
    world.commune.save(update_fields=["phone"])
    officer = world.staff[Role.RECEPTION]
    officer.phone = "0909 123 456"
    officer.save(update_fields=["phone"])
    text = pdf_text(forms.supplement_request(supplement_requested))
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "1. Bản sao giấy khai sinh có chứng thực" in text
    assert "2. Ảnh 4x6 nền trắng" in text
    assert "Lý do: Giấy khai sinh nộp kèm là bản chụp, không có chứng thực." in text
    assert "0274 3822 111" in text and "0909 123 456" in text
    assert str(world.staff[Role.RECEPTION]) in text
    assert "Trần Thị Lan" in text


def test_no_supplement_request_when_none_was_made(received):
    with pytest.raises(forms.FormNotApplicable, match="chưa có yêu cầu bổ sung"):
        forms.supplement_request(received)


def test_refusal_gives_the_reason_recorded_at_the_desk(refused):
    text = pdf_text(forms.refusal(refused))
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert "Thủ tục thuộc thẩm quyền giải quyết của UBND thành phố." in text
    assert refused.code in text and "Trần Thị Lan" in text


def test_no_refusal_notice_for_a_dossier_that_was_received(received):
    with pytest.raises(forms.FormNotApplicable, match="không bị từ chối"):
        forms.refusal(received)


def test_apology_gives_the_old_promise_the_reason_and_the_new_one_signed_by_the_head(world, extended):
    text = pdf_text(forms.apology(extended))
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert "Kính gửi: Trần Thị Lan" in text
    assert "08 giờ 00 phút, ngày 09/03/2026" in text
    assert "08 giờ 00 phút, ngày 12/03/2026" in text
    assert "Cần xác minh thông tin cư trú với công an phường." in text
    assert "THỦ TRƯỞNG CƠ QUAN" in text and str(world.staff[Role.LEADER]) in text


def test_no_apology_without_an_extension(received):
    with pytest.raises(forms.FormNotApplicable, match="không được gia hạn"):
        forms.apology(received)


# --- Mẫu 05 ------------------------------------------------------------------------------


def test_process_control_lists_every_handover_with_its_time_and_timing(returned):
    events = handovers(returned)
    assert [e.action for e in events] == [
        "receive", "hand_over", "assign", "process", "review", "approve", "return_result",
    ]
    timings = [e.timing for e in events if e.timing]
    assert {Timing.EARLY, Timing.ON_TIME, Timing.LATE} <= set(timings), "the scenario should show all three results"
    text = pdf_text(forms.process_control(returned))
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    for event in events:
        assert short_moment(event.at) in text
        assert str(event.actor) in text
    # Every row's result, plus the dossier's own result on the closing line.
    expected = timings + [returned.timing]
    for timing in Timing:
        assert text.count(str(timing.label)) == expected.count(timing.value), timing.label
    assert f"Kết quả giải quyết hồ sơ: {Timing(returned.timing).label}" in text


def test_process_control_names_who_received_at_each_step(world, returned):
    text = pdf_text(forms.process_control(returned))
    assert str(world.staff[Role.HANDLER]) in text  # the assignee, named on the assignment
    assert "Lãnh đạo cơ quan" in text  # the approval step's role, when nobody is named
    assert "Trần Thị Lan (trực tiếp tại bộ phận một cửa)" in text


def test_process_control_covers_a_transfer_to_another_agency(transferred):
    text = pdf_text(forms.process_control(transferred))
    assert "Cơ quan phối hợp giải quyết hồ sơ: UBND thành phố Thủ Dầu Một" in text
    assert "Chuyển liên thông" in text


def test_forms_stay_in_vietnamese_when_the_official_browses_in_english(returned):
    with translation.override("en"):
        text = pdf_text(forms.process_control(returned))
    assert "Đúng hạn" in text and "Ký duyệt" in text
    assert "On time" not in text


def test_no_process_control_before_receipt(refused):
    with pytest.raises(forms.FormNotApplicable, match="chưa được tiếp nhận"):
        forms.process_control(refused)


def test_the_qr_address_opens_the_look_up_page_with_the_code(client, received, settings):
    settings.PUBLIC_URL = "https://dichvucong.binhduong.example/"
    address = look_up_address(received.code)
    assert address == f"https://dichvucong.binhduong.example/tra-cuu/?ma={received.code}"
    page = client.get(address.removeprefix("https://dichvucong.binhduong.example"))
    assert page.status_code == 200 and f'value="{received.code}"' in page.content.decode()


def test_a_receipt_longer_than_any_in_the_demo_steps_its_type_down_to_stay_on_one_page(world):
    from motcua.catalog.models import RequiredDocument

    for order in range(2, 12):
        RequiredDocument.objects.create(
            version=world.version, order=order, originals=1, copies=1,
            name=f"Giấy tờ số {order}: văn bản chứng minh kinh nghiệm, trình độ chuyên môn của người lao động, có hợp pháp hóa lãnh sự",
        )
    dossier = world.receive(delivery="post", applicant=world.applicant(name="Công ty " + "Thương mại Dịch vụ " * 8, address="Số 12, " + "khu phố 7, phường Phú Cường, " * 6))
    content = forms.receipt(dossier)
    assert len(pdf_pages(content)) == 1
    assert "Giấy tờ số 11" in pdf_text(content)  # nothing left out to make it fit
    assert decoded(content, 150)["Code128"] == dossier.code
