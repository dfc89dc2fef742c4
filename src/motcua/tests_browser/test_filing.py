"""A citizen files online from a phone: signs in, chooses where to file, checks the details
taken from the profile, fills in the form, uploads a scan, leaves, comes back through the
drafts list on the same account, finishes and reads the dossier code."""

import pytest
from playwright.sync_api import expect

from motcua.accounts.tests.factories import CitizenFactory
from motcua.catalog.tests.factories import ProcedureVersionFactory
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import World
from motcua.tests_browser.journeys import sign_in

pytestmark = pytest.mark.browser

SCAN = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = World()
    world.filer = CitizenFactory(
        username="nguoinop", full_name="Phạm Minh Anh", national_id="074190000555", phone="0987654321", address="5 Bạch Đằng"
    )
    world.version = ProcedureVersionFactory(procedure__code="1.001193", agencies=[world.commune])
    return world


def test_citizen_files_online_leaves_and_finishes_from_the_drafts_list(browser_page, live_server, world):
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/nop-ho-so/1.001193/")
    sign_in(page, "074190000555")  # her national ID, as citizens sign in

    expect(page.get_by_role("heading", name="Bước 1/6: Nơi nộp hồ sơ")).to_be_visible()
    page.get_by_label(world.commune.name).check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    expect(page.get_by_label("Họ và tên / tên tổ chức")).to_have_value("Phạm Minh Anh")
    expect(page.get_by_label("Số định danh cá nhân hoặc mã số thuế")).to_have_value("074190000555")
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    # The browser checks the required answer before anything is sent.
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page.get_by_role("heading", name="Bước 3/6: Tờ khai")).to_be_visible()
    page.get_by_label("Nội dung yêu cầu").fill("Cấp bản sao trích lục khai sinh")
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    expect(page.get_by_role("heading", name="Bước 4/6: Giấy tờ đính kèm")).to_be_visible()
    page.get_by_label("Tải lên tệp").first.set_input_files({"name": "to-khai.pdf", "mimeType": "application/pdf", "buffer": SCAN})
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page.get_by_role("heading", name="Bước 5/6: Hình thức nhận kết quả")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # Leave (as if closing the browser), then come back later from the drafts list.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/nop-ho-so/ban-nhap/")
    sign_in(page, "074190000555")  # her national ID, as citizens sign in
    expect(page.get_by_role("heading", name="Hồ sơ đang soạn")).to_be_visible()
    page.get_by_role("link", name=world.version.name).click()
    expect(page.get_by_role("heading", name="Bước 5/6: Hình thức nhận kết quả")).to_be_visible()
    page.get_by_label("Qua dịch vụ bưu chính").check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    expect(page.get_by_text("Cấp bản sao trích lục khai sinh")).to_be_visible()
    page.get_by_label("Tôi xin cam đoan").check()
    page.get_by_role("button", name="Nộp hồ sơ").click()

    expect(page.get_by_role("heading", name="Đã nộp hồ sơ")).to_be_visible()
    dossier = Dossier.objects.get(applicant=world.filer)
    expect(page.locator(".code")).to_have_text(dossier.code)
    expect(page.get_by_role("link", name="Theo dõi hồ sơ")).to_have_attribute("href", f"/tai-khoan/ho-so/{dossier.code}/")
    assert dossier.documents.get(required_document__mandatory=True).file.read() == SCAN
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
