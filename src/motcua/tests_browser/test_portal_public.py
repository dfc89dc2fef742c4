"""The public portal on a phone (390 px wide): find and read a procedure and download its blank
form, look a dossier up by its code, rate the service once the result is back."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from motcua.catalog.models import Fee
from motcua.catalog.tests.factories import ProcedureVersionFactory
from motcua.dossiers.tests.conftest import World
from motcua.portal.models import Rating
from motcua.portal.tests.conftest import ID_LAST4, returned
from motcua.tests.test_uploads import sample

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world(transactional_db, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    return World()


@pytest.fixture
def phone(browser_page):
    browser_page.set_viewport_size(PHONE)
    return browser_page


def fits_the_screen(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the page scrolls sideways"


def test_search_without_accents_and_read_the_procedure(phone, live_server, world):
    birth = ProcedureVersionFactory(
        procedure__code="1.001193", name="Đăng ký khai sinh", agencies=[world.commune], legal_basis="Luật Hộ tịch 2014"
    )
    Fee.objects.create(version=birth, name="Lệ phí", amount=8_000)
    birth.documents.get(order=1).template.save("to-khai.docx", ContentFile(sample("to-khai.docx")))
    ProcedureVersionFactory(name="Thủ tục đăng ký khai sinh lưu động", agencies=[world.commune])

    phone.goto(f"{live_server.url}/")
    phone.get_by_role("searchbox", name="Tìm thủ tục hành chính").fill("dang ky khai sinh")
    phone.get_by_role("button", name="Tìm").click()
    results = phone.locator("ol.results li a")
    expect(results.first).to_have_text("Đăng ký khai sinh")
    fits_the_screen(phone)

    results.first.click()
    expect(phone.get_by_role("heading", name="Đăng ký khai sinh")).to_be_visible()
    expect(phone.get_by_text("8.000 đ")).to_be_visible()
    expect(phone.get_by_text("Luật Hộ tịch 2014")).to_be_visible()
    expect(phone.get_by_role("heading", name="Nơi nộp hồ sơ")).to_be_visible()
    expect(phone.get_by_role("link", name="Nộp trực tuyến")).to_have_attribute("href", "/nop-ho-so/1.001193/")
    fits_the_screen(phone)

    # The blank form comes as a download, named after the document, never opened as a page.
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Tải mẫu").click()
    assert download.value.suggested_filename == "to-khai-theo-mau.docx"
    assert Path(download.value.path()).read_bytes() == sample("to-khai.docx")


def test_look_up_by_code_and_rate_the_service(phone, live_server, world):
    dossier = returned(world)
    # The QR on the receipt opens the look-up with the code filled in.
    phone.goto(f"{live_server.url}/tra-cuu/?ma={dossier.code}")
    expect(phone.get_by_label("Mã hồ sơ")).to_have_value(dossier.code)
    phone.get_by_label("4 số cuối").fill("9999")
    phone.get_by_role("button", name="Tra cứu").click()
    expect(phone.get_by_role("alert")).to_contain_text("Không tìm thấy hồ sơ")

    phone.get_by_label("4 số cuối").fill(ID_LAST4)
    phone.get_by_role("button", name="Tra cứu").click()
    expect(phone.locator(".status")).to_have_text("Đã nhận kết quả")
    expect(phone.get_by_text("Trả kết quả", exact=False).first).to_be_visible()
    fits_the_screen(phone)

    phone.get_by_label("Hài lòng", exact=True).check()
    phone.get_by_label("Góp ý").fill("Cán bộ hướng dẫn tận tình")
    phone.get_by_role("button", name="Gửi đánh giá").click()
    expect(phone.get_by_role("status")).to_contain_text("Cảm ơn bạn đã đánh giá")
    rating = Rating.objects.get()
    assert (rating.dossier_id, rating.level, rating.comment) == (dossier.pk, "satisfied", "Cán bộ hướng dẫn tận tình")


def test_kiosk_scanner_types_the_code_and_enter(phone, live_server, world):
    dossier = world.receive()
    phone.goto(f"{live_server.url}/kiosk/")
    # The code box takes the focus as the page loads; a scanner typing before that loses keys.
    expect(phone.locator("#ma")).to_be_focused()
    phone.keyboard.type(dossier.code)  # the code box has the focus, as a barcode scanner expects
    phone.keyboard.press("Enter")
    phone.get_by_label("4 số cuối").fill(ID_LAST4)
    phone.get_by_role("button", name="Xem tình trạng").click()
    expect(phone.locator(".status")).to_have_text("Cơ quan đã tiếp nhận hồ sơ")
    expect(phone.get_by_role("link", name="Xong – tra cứu hồ sơ khác")).to_be_visible()


def test_the_citizen_reads_the_timeline_in_plain_words_and_rates_from_my_dossiers(phone, live_server, world):
    from motcua.citizens.tests.test_my_dossiers import dossier_of
    from motcua.citizens.tests.test_my_dossiers import returned as handed_back
    from motcua.tests_browser.journeys import sign_in

    dossier = handed_back(world, dossier_of(world, world.citizen))
    phone.goto(f"{live_server.url}/dang-nhap/")
    sign_in(phone, world.citizen.national_id)
    phone.get_by_role("link", name="Hồ sơ của tôi").first.click()

    # The dossier's page says what happened and what comes next, not the office's step names.
    phone.get_by_role("link", name=dossier.procedure_version.name).click()
    timeline = phone.locator("ol.timeline")
    expect(timeline).to_contain_text("Đã tiếp nhận hồ sơ — tiếp theo: bộ phận một cửa chuyển hồ sơ đến cơ quan chuyên môn")
    expect(timeline).to_contain_text("Đã phân công cán bộ giải quyết hồ sơ — tiếp theo: cán bộ chuyên môn thẩm định hồ sơ")
    expect(timeline).not_to_contain_text("(Phân công thụ lý)")
    fits_the_screen(phone)

    # “Hồ sơ của tôi” offers the rating of the finished dossier, once.
    phone.get_by_role("link", name="Hồ sơ của tôi").first.click()
    phone.get_by_role("link", name=f"Đánh giá hồ sơ {dossier.code}").click()
    phone.get_by_label("Hài lòng", exact=True).check()
    phone.get_by_role("button", name="Gửi đánh giá").click()
    expect(phone.get_by_role("status")).to_contain_text("Cảm ơn bạn đã đánh giá")
    assert Rating.objects.get().dossier_id == dossier.pk
    phone.get_by_role("link", name="Hồ sơ của tôi").first.click()
    expect(phone.get_by_role("link", name=f"Đánh giá hồ sơ {dossier.code}")).to_have_count(0)
