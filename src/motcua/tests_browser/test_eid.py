"""A citizen signs in with the national e-ID: from the sign-in page to the stand-in provider
(a real OpenID Provider) and back, signed in with the verified number, the profile's e-ID
fields locked, a level-2 procedure started, and signing out ending the provider's session.
Every page of the journey is checked by axe and the Nu HTML checker, and none is refused by
the Content-Security-Policy (signing out leaves through a form's redirect to the provider)."""

import pytest
from playwright.sync_api import expect

from motcua.eid import levels
from motcua.eid.tests.conftest import motcua_url
from motcua.eid.tests.standin import CLIENT_ID, CLIENT_SECRET, running
from motcua.tests_browser.conformance import assert_accessible, validate_html

pytestmark = pytest.mark.browser

STANDIN_LABEL = "Máy chủ thử nghiệm – không phải VNeID thật"


@pytest.fixture
def base(live_server, transactional_db, settings):
    """MotCua's address, with the stand-in provider (normal mode) configured as its e-ID."""
    url = motcua_url(live_server)
    with running(url) as provider:
        settings.EID_ISSUER = provider.issuer
        settings.EID_CLIENT_ID = CLIENT_ID
        settings.EID_CLIENT_SECRET = CLIENT_SECRET
        settings.EID_STANDIN = True
        yield url


@pytest.fixture
def world(main_pages_world):
    main_pages_world.version.procedure.eid_level_required = levels.LEVEL_2
    main_pages_world.version.procedure.save()
    return main_pages_world


@pytest.fixture
def page(browser_page, tmp_path):
    """The browser page; each MotCua page kept (`keep`) for the Nu checker, CSP refusals collected."""
    browser_page.violations = []
    browser_page.on(
        "console", lambda message: browser_page.violations.append(message.text) if "Content Security Policy" in message.text else None
    )
    browser_page.kept = {}

    def keep(name):
        browser_page.wait_for_load_state("load")
        assert_accessible(browser_page, name)
        path = tmp_path / f"{len(browser_page.kept):02d}.html"
        path.write_text(browser_page.content())
        browser_page.kept[name] = path

    browser_page.keep = keep
    return browser_page


def sign_in_at_standin(page, name: str) -> None:
    expect(page.get_by_text(STANDIN_LABEL)).to_be_visible()
    page.get_by_label(name).check()
    page.get_by_role("button", name="Đồng ý và đăng nhập").click()


def test_a_citizen_signs_in_with_vneid_files_a_level_2_procedure_and_signs_out_everywhere(page, base, world):
    page.goto(f"{base}/nop-ho-so/1.001193/")
    expect(page.get_by_role("link", name="Đăng nhập bằng VNeID")).to_be_visible()
    expect(page.get_by_text("máy chủ thử nghiệm – không phải VNeID thật")).to_be_visible()
    page.keep("đăng nhập, có nút VNeID")
    page.get_by_role("link", name="Đăng nhập bằng VNeID").click()
    sign_in_at_standin(page, "Nguyễn Văn An")

    # Back where the citizen was going, signed in at level 2: the wizard starts.
    expect(page.get_by_role("heading", name="Bước 1/6: Nơi nộp hồ sơ")).to_be_visible()
    page.get_by_label(world.commune.name).check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page.get_by_role("heading", name="Bước 2/6: Thông tin người nộp")).to_be_visible()
    expect(page.get_by_label("Họ và tên / tên tổ chức")).to_have_value("Nguyễn Văn An")
    expect(page.get_by_label("Họ và tên / tên tổ chức")).not_to_be_editable()
    expect(page.get_by_label("Số định danh cá nhân hoặc mã số thuế")).to_have_value("001090012345")
    page.keep("bước 2, thông tin theo VNeID")

    page.goto(f"{base}/tai-khoan/ho-so-ca-nhan/")
    expect(page.locator("#danh-tinh")).to_contain_text("Đăng nhập bằng định danh điện tử quốc gia (VNeID)")
    expect(page.get_by_label("Họ và tên / tên tổ chức")).to_be_disabled()
    expect(page.get_by_text("Theo VNeID").first).to_be_visible()
    page.keep("hồ sơ cá nhân, thông tin theo VNeID")

    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_text(STANDIN_LABEL)).to_be_visible()
    page.get_by_role("button", name="Có, đăng xuất").click()
    expect(page.get_by_role("heading", name="Đã đăng xuất")).to_be_visible()
    page.keep("đã đăng xuất")

    # The provider's session ended too: signing in again asks who it is.
    page.goto(f"{base}/dinh-danh/dang-nhap/")
    expect(page.get_by_role("button", name="Đồng ý và đăng nhập")).to_be_visible()
    assert page.violations == []
    errors = validate_html(page.kept)
    assert not errors, "\n".join(errors)


def test_a_level_1_account_is_asked_for_level_2_and_a_cancelled_sign_in_says_so(page, base, world):
    page.goto(f"{base}/dang-nhap/?next=/nop-ho-so/1.001193/")
    page.get_by_role("link", name="Đăng nhập bằng VNeID").click()
    sign_in_at_standin(page, "Lê Văn Cường")

    expect(page.get_by_role("heading", name="Cần đăng nhập bằng VNeID")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Phiên đăng nhập hiện tại đạt VNeID mức 1")
    page.keep("cần VNeID mức 2")
    page.get_by_role("link", name="Đăng nhập bằng VNeID (VNeID mức 2)").click()
    expect(page.get_by_text(STANDIN_LABEL)).to_be_visible()
    page.get_by_role("button", name="Hủy").click()

    expect(page.get_by_role("alert")).to_contain_text("Bạn đã hủy đăng nhập tại VNeID")
    page.keep("đăng nhập VNeID bị hủy")
    assert page.violations == []
    errors = validate_html(page.kept)
    assert not errors, "\n".join(errors)
