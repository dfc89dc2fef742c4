"""The main pages conform: axe-core finds no accessibility violation on each page as shown
(with its flash messages), and the Nu HTML checker finds no error in the HTML each page was
served with. The HTML of every page a test visits is kept as it goes, and vnu.jar reads all
of it in one run when the test ends (a Java start-up per page would be slow); each test
stands alone, whichever process of a parallel run it lands in.

To check another page, add its address to one of the lists below (or call `check(page,
name)` after reaching it by hand); other browser tests can call
`conformance.assert_accessible(page)` on pages of their own."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from motcua.accounts.tests.factories import UserFactory
from motcua.tests_browser.conformance import assert_accessible, axe_violations, describe_violations, validate_html
from motcua.tests_browser.journeys import log_in, sign_in

pytestmark = pytest.mark.browser

SCAN = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

PUBLIC = ["/", "/thu-tuc/", "/thu-tuc/?q=khai+sinh", "/tra-cuu/", "/dang-nhap/", "/tai-khoan/dang-ky/", "/xac-thuc/", "/minh-bach/", "/kiosk/", "/dinh-danh/da-dang-xuat/"]
CITIZEN = [
    "/tai-khoan/ho-so/", "/tai-khoan/ho-so/{unpaid}/", "/tai-khoan/ho-so/{returned}/", "/danh-gia/{returned}/", "/thanh-toan/{unpaid}/",
    "/tai-khoan/ho-so-ca-nhan/", "/thong-bao/", "/thong-bao/kenh-nhan/", "/nop-ho-so/ban-nhap/", "/tai-khoan/lich-su-khai-thac-du-lieu/",
]
OFFICIAL = [
    "/mot-cua/", "/mot-cua/viec/chuyen-xu-ly/", "/mot-cua/tim/?q=Lan", "/mot-cua/ho-so/{unpaid}/", "/mot-cua/tiep-nhan/moi/",
    "/mot-cua/tiep-nhan/xac-minh-danh-tinh/", "/mot-cua/canh-bao-han/", "/mot-cua/bao-mat/",
]
LEADER = ["/mot-cua/", "/bao-cao/", "/bao-cao/bieu-do/", "/bao-cao/chi-so-chat-luong/"]
POSTAL = ["/buu-dien/"]

@pytest.fixture(scope="module")
def served_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("served-html")


@pytest.fixture
def world(main_pages_world):
    return main_pages_world


@pytest.fixture
def page(browser_page, served_dir):
    """The browser page, keeping the last HTML document the server sent for its main frame."""
    browser_page.served = None

    def keep(response):
        if response.frame == browser_page.main_frame and response.request.resource_type == "document":
            browser_page.served = response

    browser_page.on("response", keep)
    browser_page.served_dir = served_dir
    browser_page.problems = []
    browser_page.kept = {}  # the HTML each page of the test was served with, for one vnu run
    return browser_page


def no_problems(page) -> None:
    """Every page's violations at once, rather than the first page's only: axe's, then one
    run of the Nu HTML checker over every page the test visited."""
    errors = validate_html(page.kept) if page.kept else []
    if errors:
        page.problems.append(f"{len(errors)} lỗi HTML (Nu HTML checker):\n" + "\n".join(errors))
    assert not page.problems, "\n".join(page.problems)


def check(page, name: str) -> None:
    """axe on the page as it stands; its served HTML kept for the checker."""
    page.wait_for_load_state("load")
    violations = axe_violations(page)
    if violations:
        page.problems.append(describe_violations(name, violations))
    response = page.served
    assert response is not None and response.ok, f"{name}: no page was served"
    path = page.served_dir / f"{len(list(page.served_dir.iterdir())):03d}.html"
    path.write_bytes(response.body())
    page.kept[name] = path


def visit_all(page, base: str, addresses: list[str], who: str, **codes) -> None:
    for address in addresses:
        address = address.format(**codes)
        page.goto(base + address)
        check(page, f"{who} {address}")


def test_public_pages(page, live_server, world):
    visit_all(page, live_server.url, PUBLIC, "khách")
    page.goto(f"{live_server.url}/thu-tuc/1.001193/")
    check(page, "khách chi tiết thủ tục")
    page.goto(f"{live_server.url}/tra-cuu/?ma={world.returned.code}")
    check(page, "khách tra cứu theo mã")
    page.goto(f"{live_server.url}/kiosk/?ma={world.returned.code}")
    check(page, "khách kiosk theo mã")
    # A wrong password: the sign-in page with its error.
    page.goto(f"{live_server.url}/dang-nhap/")
    sign_in(page, "khongco")
    check(page, "khách đăng nhập sai")
    no_problems(page)


def test_citizen_pages_and_every_wizard_step(page, live_server, world):
    page.goto(f"{live_server.url}/nop-ho-so/1.001193/")
    check(page, "công dân đăng nhập để nộp")
    sign_in(page, world.citizen.national_id)
    expect(page.get_by_role("heading", name="Bước 1/6: Nơi nộp hồ sơ")).to_be_visible()
    check(page, "bước 1")
    page.get_by_label(world.commune.name).check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page.get_by_role("heading", name="Bước 2/6: Thông tin người nộp")).to_be_visible()
    check(page, "bước 2")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page.get_by_role("heading", name="Bước 3/6: Tờ khai")).to_be_visible()
    check(page, "bước 3")
    for field in page.locator("main form textarea[required], main form input[required][type=text]").all():
        field.fill("Cấp bản sao")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page.get_by_role("heading", name="Bước 4/6: Giấy tờ đính kèm")).to_be_visible()
    check(page, "bước 4")
    for upload in page.get_by_label("Tải lên tệp").all():
        upload.set_input_files({"name": "giay-to.pdf", "mimeType": "application/pdf", "buffer": SCAN})
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page.get_by_role("heading", name="Bước 5/6: Hình thức nhận kết quả")).to_be_visible()
    check(page, "bước 5")
    page.get_by_label("Trực tiếp tại bộ phận một cửa").check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page.get_by_role("heading", name="Bước 6/6")).to_be_visible()
    check(page, "bước 6")

    visit_all(page, live_server.url, CITIZEN, "công dân", unpaid=world.unpaid.code, returned=world.returned.code)
    # A flash message: the profile saved.
    page.goto(f"{live_server.url}/tai-khoan/ho-so-ca-nhan/")
    page.locator("main form").first.get_by_role("button").first.click()
    check(page, "công dân lưu hồ sơ cá nhân (thông báo)")
    no_problems(page)


def test_back_office_pages(page, live_server, world):
    log_in(page, live_server, "pc.reception")
    visit_all(page, live_server.url, OFFICIAL, "cán bộ", unpaid=world.unpaid.code)
    # A flash message: a note, then an action taken.
    page.goto(f"{live_server.url}/mot-cua/ho-so/{world.unpaid.code}/")
    page.get_by_label("Ghi chú cho cán bộ khác").fill("Đã đối chiếu bản chính")
    page.get_by_role("button", name="Thêm ghi chú").click()
    expect(page.locator("#ghi-chu .notes")).to_contain_text("Đã đối chiếu bản chính")
    page.reload()
    check(page, "cán bộ hồ sơ có ghi chú")

    log_in(page, live_server, "tdm.leader")
    visit_all(page, live_server.url, LEADER, "lãnh đạo")

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/dang-nhap/")
    sign_in(page, "buudien")
    expect(page.get_by_role("heading", name="Giao nhận hồ sơ, kết quả qua bưu điện")).to_be_visible()
    visit_all(page, live_server.url, POSTAL, "bưu điện")
    no_problems(page)


def test_administration_home(page, live_server, world):
    UserFactory(username="quantri", is_superuser=True, is_staff=True)
    page.goto(f"{live_server.url}/quan-tri/login/")
    sign_in(page, "quantri")
    expect(page.get_by_role("heading", name="Quản trị hệ thống")).to_be_visible()
    assert_accessible(page, "quản trị")
