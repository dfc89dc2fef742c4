"""A citizen on a phone: signs up, follows the link the mail server received, signs in with
the national ID, finds the dossier in "my dossiers" and answers the supplement request with
a scan."""

import re

import pytest
from playwright.sync_api import expect

from motcua.accounts.models import IdentityVerification, Role, User
from motcua.accounts.tests.factories import CitizenFactory
from motcua.citizens import identity
from motcua.citizens.tests.smtp import smtp_server
from motcua.dossiers import lifecycle, services
from motcua.dossiers.models import State
from motcua.dossiers.tests.conftest import World
from motcua.notifications import worker
from motcua.tests_browser.journeys import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PASSWORD = "Hoa-sen-no-1975!"
SCAN = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def world(transactional_db, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    return World()


@pytest.fixture
def smtp_inbox(settings):
    with smtp_server(settings) as inbox:
        yield inbox


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_sign_up_verify_sign_in_and_answer_a_supplement_request(browser_page, live_server, world, smtp_inbox):
    page = browser_page
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Đăng ký").click()
    expect(page.get_by_role("heading", name="Đăng ký tài khoản")).to_be_visible()
    assert fits_the_phone(page)
    page.get_by_label("Cá nhân (công dân)").check()
    page.get_by_label("Họ và tên / tên tổ chức").fill("Phạm Minh Châu")
    page.get_by_label("Số định danh cá nhân (12 chữ số)").fill("074095001234")
    page.get_by_label("Thư điện tử").fill("chau@example.vn")
    page.get_by_label("Số điện thoại").fill("0912345678")
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_text("Chúng tôi đã gửi liên kết xác minh tới chau@example.vn")).to_be_visible()

    worker.run_once()  # the notification sender mails the queued link
    assert smtp_inbox.recipients == [["chau@example.vn"]]
    link = re.search(r"https?://\S+/tai-khoan/xac-minh/\S+/", smtp_inbox.body()).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", name="Tài khoản đã được xác minh")).to_be_visible()
    citizen = User.objects.get(national_id="074095001234")
    assert citizen.is_active

    # She shows her card at the desk, which verifies her number, and files a paper dossier there.
    identity.verify(
        account=citizen, method=IdentityVerification.Method.COUNTER, official=world.staff[Role.RECEPTION], agency=world.commune,
        document="Thẻ căn cước: 074095001234",
    )
    dossier = services.receive_at_counter(
        actor=world.staff[Role.RECEPTION], procedure_version=world.version, agency=world.commune,
        applicant=world.applicant(name=citizen.full_name, id_number=citizen.national_id),
        form_data={"noi_dung": "Cấp bản sao"}, documents=world.documents(), delivery="counter",
    )
    lifecycle.request_supplement(
        dossier=dossier, actor=world.staff[Role.RECEPTION], items=["Bản sao giấy khai sinh"], reason="Thiếu giấy khai sinh"
    )

    page.get_by_role("link", name="Đăng nhập").last.click()
    page.get_by_label("Số định danh / mã số thuế / thư điện tử").fill("074095001234")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Hồ sơ của tôi")).to_be_visible()
    expect(page.get_by_text(dossier.code)).to_be_visible()
    expect(page.get_by_text("Cần bạn bổ sung giấy tờ")).to_be_visible()
    assert fits_the_phone(page)

    page.get_by_role("link", name="Bổ sung giấy tờ").click()
    expect(page.locator("#bo-sung")).to_contain_text("Lý do: Thiếu giấy khai sinh")
    page.get_by_label("Bản sao giấy khai sinh").set_input_files(
        {"name": "khai-sinh.pdf", "mimeType": "application/pdf", "buffer": SCAN}
    )
    page.get_by_role("button", name="Gửi bổ sung").click()
    expect(page.get_by_text("Đã gửi giấy tờ bổ sung.")).to_be_visible()
    expect(page.locator("dd.status")).to_have_text("Cơ quan đã tiếp nhận hồ sơ")
    assert fits_the_phone(page)

    dossier.refresh_from_db()
    assert dossier.state == State.RECEIVED
    assert dossier.documents.filter(name="Bản sao giấy khai sinh").exists()


def test_sign_up_with_a_phone_and_the_sms_code(browser_page, live_server, world, settings):
    from motcua.notifications.tests.providers import configure, provider_servers

    page = browser_page
    page.set_viewport_size(PHONE)
    with provider_servers() as gateway:
        configure(settings, gateway, channels="sms")
        page.goto(f"{live_server.url}/tai-khoan/dang-ky/")
        page.get_by_label("Cá nhân (công dân)").check()
        page.get_by_label("Họ và tên / tên tổ chức").fill("Lê Thị Thu")
        page.get_by_label("Số định danh cá nhân (12 chữ số)").fill("074188004321")
        page.get_by_label("Số điện thoại").fill("0987654321")
        page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
        page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng ký").click()
        expect(page.get_by_role("heading", name="Xác minh số điện thoại")).to_be_visible()
        assert fits_the_phone(page)
        worker.run_once()
        [sms] = gateway.sms
        code = re.search(r"\b(\d{6})\b", sms["Content"]).group(1)
    page.get_by_label("Mã xác minh (6 chữ số)").fill(code)
    page.get_by_role("button", name="Xác minh").click()
    expect(page.get_by_role("heading", name="Tài khoản đã được xác minh")).to_be_visible()
    assert User.objects.get(national_id="074188004321").is_active


def test_a_citizen_changes_her_email_through_a_link_sent_to_the_new_address(browser_page, live_server, world, smtp_inbox):
    citizen = CitizenFactory(national_id="074190000123", username="lan", email="lan@example.vn")
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/dang-nhap/")
    sign_in(page, "074190000123")
    page.goto(f"{live_server.url}/tai-khoan/ho-so-ca-nhan/")

    page.get_by_label("Thư điện tử mới").fill("lan.moi@example.vn")
    page.get_by_label("Mật khẩu hiện tại").fill("matkhau-thu-nghiem")
    page.get_by_role("button", name="Gửi liên kết xác nhận").click()
    expect(page.get_by_text("Đã gửi liên kết xác nhận tới lan.moi@example.vn")).to_be_visible()
    assert User.objects.get(pk=citizen.pk).email == "lan@example.vn"

    worker.run_once()
    assert smtp_inbox.recipients == [["lan.moi@example.vn"]]
    link = re.search(r"https?://\S+/tai-khoan/thu-dien-tu-moi/\S+/", smtp_inbox.body()).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", name="Đã đổi thư điện tử")).to_be_visible()
    assert User.objects.get(pk=citizen.pk).email == "lan.moi@example.vn"
