"""Notifications in the browser: the desk accepts an online dossier, the sender mails the
applicant her receipt (Mẫu 01) over a real SMTP exchange, and on her phone she finds the
notice and chooses how she wants to be told next time; the province admin corrects a
template and is stopped by a placeholder that does not exist."""

import pytest
from playwright.sync_api import expect

from motcua.accounts.models import User
from motcua.accounts.tests.factories import UserFactory
from motcua.citizens.tests.smtp import smtp_server
from motcua.dossiers.tests.conftest import World
from motcua.notifications import worker
from motcua.notifications.models import Preference
from motcua.tests_browser.journeys import PASSWORD, log_in, sign_in, take
from motcua.tests_browser.test_online_and_exceptions import filed_online, open_dossier

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world(transactional_db, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    settings.NOTIFY_CHANNELS = ["email"]
    settings.NOTIFY_FILE_DIR = ""
    place = World()
    place.citizen.email = "lan@example.vn"
    place.citizen.save(update_fields=["email"])
    return place


def test_accepted_online_dossier_is_mailed_and_noticed(live_server, browser_page, world, settings):
    page = browser_page
    code = filed_online(world).code
    log_in(page, live_server, "pc.reception")
    open_dossier(page, live_server, code)
    take(page, "receive", **{"Ý kiến": "Hồ sơ hợp lệ"})

    with smtp_server(settings) as inbox:
        worker.run_once()
    [letter] = [m for m in inbox.messages if "đã được tiếp nhận" in m["Subject"]]
    assert letter["To"] == "lan@example.vn" and code in letter["Subject"]
    assert [part.get_filename() for part in letter.iter_attachments()] == [f"mau-01-{code}.pdf"]

    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/dang-nhap/")
    sign_in(page, world.citizen.national_id)
    notices = page.locator("a.notices-link")
    # sent, then received: a badge for the eye, words for a screen reader
    expect(notices.locator(".notices-count")).to_have_text("2")
    expect(notices).to_have_accessible_name("Thông báo (2 thông báo chưa đọc)")
    badge = notices.locator(".notices-count").evaluate("e => getComputedStyle(e).borderRadius")
    assert badge not in ("", "0px")
    notices.click()
    expect(page.get_by_role("heading", name=f"Hồ sơ {code} đã được tiếp nhận")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("link", name="Chọn kênh nhận thông báo (Zalo, SMS, thư điện tử)").click()
    page.get_by_label("Kênh ưu tiên thứ nhất").select_option(label="Thư điện tử")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu kênh nhận thông báo.")
    assert Preference.objects.get(user=world.citizen).channels == ["email"]
    page.goto(f"{live_server.url}/thong-bao/")
    expect(page.locator("a.notices-link")).to_have_text("Thông báo")


def test_admin_is_stopped_by_an_unknown_placeholder(live_server, browser_page, world):
    UserFactory(username="quantri", kind=User.Kind.OFFICIAL, is_superuser=True, is_staff=True)
    page = browser_page
    page.goto(f"{live_server.url}/quan-tri/notifications/messagetemplate/")
    page.get_by_label("Tên đăng nhập").fill("quantri")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Đã tiếp nhận hồ sơ").first.click()
    body = page.get_by_label("Nội dung")
    body.fill("Hồ sơ {ma_ho_so} hẹn trả {ngay_tra}")
    page.locator("input[name=_save]").click()
    expect(page.locator(".errorlist")).to_contain_text("Không có trường {ngay_tra}")
    body.fill("Hồ sơ {ma_ho_so} hẹn trả {ngay_hen_tra}")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()
