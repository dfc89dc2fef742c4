"""The pages keep to their Content-Security-Policy: while the main pages load and run their
scripts (htmx's partial updates, the charts, the kiosk's timer), Chromium refuses nothing, for
the public, an applicant filing and paying online, officials and the administration. An
inline script, style or event handler, or htmx's own injected style, would be refused and
reported here."""

import pytest
from playwright.sync_api import expect

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import UserFactory
from motcua.notifications.models import MessageTemplate
from motcua.portal.tests.conftest import ID_LAST4
from motcua.tests_browser.journeys import log_in, sign_in

pytestmark = pytest.mark.browser

# Chromium reports each refusal on the console; the page's own securitypolicyviolation event
# is reported there too, in case a refusal ever goes unlogged.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => console.error(
  `Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`));
"""


@pytest.fixture
def world(main_pages_world):
    return main_pages_world


@pytest.fixture
def page(browser_page):
    """The browser page, with every refusal under the policy collected in `page.violations`."""
    browser_page.violations = []
    browser_page.on(
        "console", lambda message: browser_page.violations.append(message.text) if "Content Security Policy" in message.text else None
    )
    browser_page.context.add_init_script(REPORT_VIOLATIONS)
    return browser_page


def visit(page, url: str) -> None:
    """Open `url`, check it came with an enforced policy, and let its scripts run."""
    answer = page.goto(url)
    assert answer.status < 400, url
    assert "script-src 'self'" in answer.headers["content-security-policy"], url
    page.wait_for_load_state("load")


def test_the_public_pages(page, live_server, world):
    base = live_server.url
    visit(page, f"{base}/")
    page.get_by_role("searchbox", name="Tìm thủ tục hành chính").fill("khai sinh")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="Đăng ký khai sinh").first.click()
    expect(page.get_by_role("heading", name="Đăng ký khai sinh")).to_be_visible()

    visit(page, f"{base}/tra-cuu/?ma={world.returned.code}")
    page.get_by_label("4 số cuối").fill(ID_LAST4)
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator(".status")).to_have_text("Đã nhận kết quả")
    visit(page, f"{base}/danh-gia/{world.returned.code}/")

    visit(page, f"{base}/kiosk/?ma={world.returned.code}")
    page.get_by_label("4 số cuối").fill(ID_LAST4)
    page.get_by_role("button", name="Xem tình trạng").click()
    expect(page.locator(".status")).to_have_text("Đã nhận kết quả")

    for address in ("/dang-nhap/", "/tai-khoan/dang-ky/", "/xac-thuc/", "/minh-bach/", "/dinh-danh/da-dang-xuat/"):
        visit(page, base + address)
    assert page.violations == []


def test_the_kiosk_s_script_takes_the_screen_back_to_the_start(page, live_server, world, monkeypatch):
    monkeypatch.setattr("motcua.portal.views.KIOSK_RESET_SECONDS", 1)
    visit(page, f"{live_server.url}/kiosk/?ma={world.returned.code}")
    expect(page.get_by_label("4 số cuối")).to_be_visible()
    page.wait_for_url(f"{live_server.url}/kiosk/")
    expect(page.get_by_label("Quét mã vạch trên giấy tiếp nhận hoặc nhập mã hồ sơ")).to_be_visible()
    assert page.violations == []


def test_an_applicant_files_and_pays(page, live_server, world):
    page.goto(f"{live_server.url}/nop-ho-so/1.001193/")
    sign_in(page, world.citizen.national_id)  # citizens sign in with their number
    expect(page.get_by_role("heading", name="Bước 1/6: Nơi nộp hồ sơ")).to_be_visible()
    page.get_by_label(world.commune.name).check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page.get_by_role("heading", name="Bước 2/6: Thông tin người nộp")).to_be_visible()
    for address in (
        "/tai-khoan/ho-so/", f"/tai-khoan/ho-so/{world.unpaid.code}/", "/tai-khoan/ho-so-ca-nhan/", "/thong-bao/",
        "/tai-khoan/lich-su-khai-thac-du-lieu/",
    ):
        visit(page, live_server.url + address)

    visit(page, f"{live_server.url}/thanh-toan/{world.unpaid.code}/")
    page.get_by_role("button", name="Thanh toán 50.000 đ").click()
    page.get_by_role("button", name="Thanh toán thành công").click()
    expect(page.locator(".messages .success")).to_have_text("Đã thanh toán thành công 50.000 đ.")
    page.get_by_role("link", name="Xem biên lai").click()
    expect(page.locator(".receipt")).to_contain_text(world.unpaid.code)
    assert page.violations == []


def test_officials_work_and_read_the_reports(page, live_server, world):
    log_in(page, live_server, "pc.reception")
    visit(page, f"{live_server.url}/mot-cua/viec/chuyen-xu-ly/")
    page.get_by_label("Tìm mã hồ sơ, người nộp, số định danh").fill("khong co ai")
    expect(page.locator("#ket-qua")).to_contain_text("Không có hồ sơ nào.")  # htmx swapped the list

    visit(page, f"{live_server.url}/mot-cua/ho-so/{world.unpaid.code}/")
    # A blank note is answered 400 with the notes and the error, swapped in all the same.
    page.get_by_label("Ghi chú cho cán bộ khác").fill("   ")
    page.get_by_role("button", name="Thêm ghi chú").click()
    expect(page.locator("#ghi-chu .error")).to_contain_text("không được để trống")
    page.get_by_label("Ghi chú cho cán bộ khác").fill("Đã đối chiếu bản chính")
    page.get_by_role("button", name="Thêm ghi chú").click()
    expect(page.locator("#ghi-chu .notes")).to_contain_text("Đã đối chiếu bản chính")
    visit(page, f"{live_server.url}/mot-cua/tiep-nhan/moi/")
    visit(page, f"{live_server.url}/mot-cua/bao-mat/")  # the passkey scripts of the security page

    log_in(page, live_server, "tdm.leader")
    visit(page, f"{live_server.url}/bao-cao/")
    visit(page, f"{live_server.url}/bao-cao/bieu-do/")
    expect(page.locator("#bieu-do-xu-huong")).to_be_visible()
    assert page.evaluate("Chart.getChart('bieu-do-xu-huong') !== undefined"), "the chart was not drawn"

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/dang-nhap/")
    sign_in(page, "buudien")
    expect(page.get_by_role("heading", name="Giao nhận hồ sơ, kết quả qua bưu điện")).to_be_visible()
    assert page.violations == []


def test_the_administration(page, live_server, world):
    UserFactory(username="quantri", is_superuser=True, is_staff=True)
    template, _new = MessageTemplate.objects.get_or_create(topic="received", channel="sms", defaults={"body": "Hồ sơ {ma_ho_so}"})
    page.goto(f"{live_server.url}/quan-tri/login/")
    sign_in(page, "quantri")
    expect(page.get_by_role("heading", name="Quản trị hệ thống")).to_be_visible()
    for address in (
        "/quan-tri/agencies/agency/",
        f"/quan-tri/agencies/agency/{world.commune.pk}/change/",
        "/quan-tri/catalog/procedureversion/add/",
        f"/quan-tri/catalog/procedureversion/{world.version.pk}/change/",
        "/quan-tri/workdays/dayoverride/add/",
        "/quan-tri/accounts/user/add/",
        f"/quan-tri/dossiers/dossier/{world.returned.pk}/change/",
        f"/quan-tri/notifications/messagetemplate/{template.pk}/change/",
    ):
        visit(page, live_server.url + address)
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/quan-tri/login/")
    sign_in(page, world.staff[Role.AGENCY_ADMIN].username)
    expect(page.get_by_role("heading", name="Quản trị hệ thống")).to_be_visible()
    assert page.violations == []
