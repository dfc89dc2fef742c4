"""The counter desk receives a dossier with the keyboard; a postman delivers a result by post."""

import re

import pytest
from playwright.sync_api import expect

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import CitizenFactory, verified
from motcua.catalog.tests.factories import ProcedureVersionFactory
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier, State
from motcua.dossiers.tests.conftest import World
from motcua.dossiers.tests.test_lifecycle import Kind, drive, later
from motcua.tests_browser.journeys import htmx_enhanced, settled, sign_in

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def world(transactional_db, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    return World()


def test_a_counter_receipt(live_server, browser_page, world):
    birth = ProcedureVersionFactory(procedure__code="1.001193", procedure__owner=world.commune, name="Đăng ký khai sinh")
    verified(CitizenFactory(national_id="074190000555", full_name="Phạm Minh Khoa", address="3 Lê Lợi, Phú Cường", phone="0987654321"))
    page = browser_page

    page.goto(f"{live_server.url}/mot-cua/tiep-nhan/moi/")
    sign_in(page, "pc.reception")
    expect(page.get_by_role("heading", name="Tiếp nhận hồ sơ trực tiếp")).to_be_visible()

    # With htmx the matches come while typing; without it (or before it loads) Enter asks the server.
    enhanced = htmx_enhanced(page)
    search = page.get_by_label("Tìm thủ tục")
    search.press_sequentially("dang ky khai")
    if not enhanced:
        search.press("Enter")
    page.get_by_role("link", name=re.compile("Đăng ký khai sinh")).click()
    expect(page.get_by_role("heading", name=re.compile("1.001193"))).to_be_visible()

    id_number = page.get_by_label("Số định danh cá nhân (12 số) hoặc mã số thuế")
    id_number.fill("074190000555")
    id_number.press("Tab" if enhanced else "Enter")  # Enter: as a barcode scanner of the ID card would
    expect(page.get_by_role("status").filter(has_text="Đã điền theo tài khoản")).to_be_visible()
    expect(page.get_by_label("Họ tên người nộp / tên tổ chức")).to_have_value("Phạm Minh Khoa")
    expect(page.get_by_label("Địa chỉ")).to_have_value("3 Lê Lợi, Phú Cường")
    settled(page)

    page.get_by_label("Nội dung yêu cầu").fill("Đăng ký khai sinh cho con")
    page.get_by_label("Đã nhận Tờ khai theo mẫu").check()
    page.get_by_label("Bản quét: Tờ khai theo mẫu").set_input_files(
        {"name": "to-khai.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_label("Qua dịch vụ bưu chính").check()
    expect(page.locator("#hen-tra")).to_contain_text(re.compile(r"\d\d:\d\d ngày \d\d/\d\d/\d{4}"))
    settled(page)

    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    # The receipt answers with the dossier's page: read the database once the browser is there.
    expect(page).to_have_url(re.compile(r"/mot-cua/ho-so/[^/]+/$"))

    dossier = Dossier.objects.get()
    expect(page.get_by_text(dossier.code).first).to_be_visible()
    assert dossier.procedure_version == birth and dossier.state == State.RECEIVED
    assert dossier.applicant_name == "Phạm Minh Khoa" and dossier.delivery == "post"
    assert dossier.documents.get().file.read() == PDF


def test_a_postal_return(live_server, browser_page, world):
    desk = world.staff[Role.RECEPTION]
    dossier = drive(world, world.receive(delivery="post"), Kind.APPROVAL)
    dossier = lifecycle.approve(dossier=dossier, actor=world.staff[Role.LEADER], at=later(dossier))
    dossier = lifecycle.collect_fees(dossier=dossier, actor=desk, amount=50_000, at=later(dossier))
    lifecycle.entrust_to_post(dossier=dossier, actor=desk, postal_agent=world.postman, at=later(dossier))
    page = browser_page

    page.goto(f"{live_server.url}/buu-dien/")
    sign_in(page, "buudien")
    expect(page.get_by_role("heading", name="Hồ sơ được giao cho tôi")).to_be_visible()
    page.get_by_role("link", name=dossier.code).click()
    expect(page.get_by_text("12 Yersin, Phú Cường")).to_be_visible()

    page.get_by_label("Họ tên người nhận").fill("Trần Thị Lan")
    page.get_by_label("Số định danh cá nhân của người nhận").fill("074190000123")
    page.get_by_role("button", name="Ghi nhận đã giao").click()

    expect(page.get_by_role("status")).to_contain_text(f"Đã ghi nhận giao kết quả hồ sơ {dossier.code}.")
    dossier.refresh_from_db()
    assert dossier.state == State.RETURNED
    assert dossier.events.order_by("-sequence").first().data["collected_id_number"] == "074190000123"


TYPED_FORM = {
    "fields": [
        {"name": "noi_dung", "label": "Nội dung yêu cầu", "type": "text", "required": True},
        {"name": "loai", "label": "Loại yêu cầu", "type": "select", "required": True,
         "choices": [{"value": "moi", "label": "Cấp mới"}, {"value": "lai", "label": "Cấp lại"}]},
        {"name": "ly_do", "label": "Lý do cấp lại", "type": "text", "required": True, "visible_if": {"field": "loai", "equals": "lai"}},
        {"name": "so_ban", "label": "Số bản sao cần cấp", "type": "number", "required": True},
        {"name": "ghi_chu", "label": "Ghi chú", "type": "textarea"},
    ]
}


def test_a_counter_form_typed_at_human_speed_keeps_every_value(live_server, browser_page, world):
    """Typed 60 ms a key, field after field, with the applicant lookup answering meanwhile and a
    field that appears on a choice: nothing typed is blanked, and the receipt has it all."""
    ProcedureVersionFactory(procedure__code="1.000001", procedure__owner=world.commune, name="Cấp bản sao", form_schema=TYPED_FORM)
    page = browser_page
    page.goto(f"{live_server.url}/mot-cua/tiep-nhan/moi/")
    sign_in(page, "pc.reception")
    search = page.get_by_label("Tìm thủ tục")
    search.fill("cap ban sao")
    search.press("Enter")
    page.get_by_role("link", name=re.compile("Cấp bản sao")).click()
    expect(page.get_by_role("heading", name=re.compile("1.000001"))).to_be_visible()
    assert htmx_enhanced(page)

    reason = page.get_by_label("Lý do cấp lại")
    expect(reason).to_be_hidden()
    page.get_by_label("Số định danh cá nhân (12 số) hoặc mã số thuế").press_sequentially("074190000777", delay=60)
    page.keyboard.press("Tab")  # the lookup leaves; the officer types on while it answers
    page.keyboard.press("Tab")
    page.get_by_label("Họ tên người nộp / tên tổ chức").press_sequentially("Lê Văn Tám", delay=60)
    expect(page.get_by_role("status").filter(has_text="Chưa có thông tin người nộp này")).to_be_visible()
    page.get_by_label("Địa chỉ").press_sequentially("5 Bạch Đằng, Phú Cường", delay=60)
    page.get_by_label("Điện thoại").press_sequentially("0912345678", delay=60)
    page.get_by_label("Nội dung yêu cầu").press_sequentially("Xin cấp lại bản sao giấy khai sinh", delay=60)
    page.get_by_label("Loại yêu cầu").select_option("moi")
    expect(reason).to_be_hidden()
    page.get_by_label("Loại yêu cầu").select_option("lai")
    expect(reason).to_be_visible()
    reason.press_sequentially("Bị mất bản cũ", delay=60)
    page.get_by_label("Số bản sao cần cấp").press_sequentially("2", delay=60)
    page.get_by_label("Ghi chú").press_sequentially("Nộp thay cho con", delay=60)
    expect(page.get_by_label("Họ tên người nộp / tên tổ chức")).to_have_value("Lê Văn Tám")
    expect(page.get_by_label("Nội dung yêu cầu")).to_have_value("Xin cấp lại bản sao giấy khai sinh")
    page.get_by_label("Đã nhận Tờ khai theo mẫu").check()
    page.get_by_label("Trực tiếp tại bộ phận một cửa").check()
    settled(page)

    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(page).to_have_url(re.compile(r"/mot-cua/(ho-so|tiep-nhan/ho-so)/[^/]+/$"))
    expect(page.get_by_text("bắt buộc phải nhập")).to_have_count(0)
    dossier = Dossier.objects.get()
    assert dossier.applicant_name == "Lê Văn Tám" and dossier.applicant_id_number == "074190000777"
    assert dossier.applicant_address == "5 Bạch Đằng, Phú Cường" and dossier.applicant_phone == "0912345678"
    assert dossier.form_data == {
        "noi_dung": "Xin cấp lại bản sao giấy khai sinh", "loai": "lai", "ly_do": "Bị mất bản cũ", "so_ban": "2", "ghi_chu": "Nộp thay cho con",
    }
