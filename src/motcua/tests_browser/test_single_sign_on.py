"""Single sign-on in Chromium: a second application of the province (the stand-in relying
party, sso/tests/relying_party.py, in its own process) signs its users in through MotCua."""

import re

import pytest
from playwright.sync_api import expect

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import CitizenFactory, official_with_role
from motcua.agencies.tests.factories import AgencyFactory
from motcua.sso.tests import conftest as sso
from motcua.sso.tests.conftest import register
from motcua.tests_browser.conformance import assert_accessible, validate_html
from motcua.tests_browser.journeys import log_in, sign_in

pytestmark = pytest.mark.browser

# The single sign-on tests' fixtures: a key that signs ID tokens, and the second application.
signing_key, relying_party = sso.signing_key, sso.relying_party


@pytest.fixture
def official(transactional_db):
    return official_with_role(AgencyFactory(code="000.17.22.H56"), Role.CLERK, username="van.thu", full_name="Lê Văn Thư")


@pytest.fixture
def page(browser_page):
    """The browser page, keeping every address it asked for and the HTML of the last document
    MotCua served, and failing on any Content-Security-Policy violation it reports."""
    browser_page.asked = []
    browser_page.csp_errors = []
    browser_page.on("request", lambda request: browser_page.asked.append(request.url))
    browser_page.on(
        "console", lambda message: browser_page.csp_errors.append(message.text) if "Content Security Policy" in message.text else None
    )
    return browser_page


def test_an_official_signed_in_to_motcua_is_signed_in_to_the_second_application_without_a_password(
    page, live_server, relying_party, official, signing_key
):
    system, secret = register()
    application = relying_party(f"{live_server.url}/oidc", system, secret)
    log_in(page, live_server, "van.thu")
    page.asked.clear()

    page.goto(application)
    expect(page.locator("#who")).to_have_text("Chưa đăng nhập")
    page.get_by_role("link", name="Đăng nhập bằng MotCua").click()
    expect(page.locator("#who")).to_have_text("Đã đăng nhập: Lê Văn Thư")
    expect(page.locator("#claims")).to_contain_text('"agency": "000.17.22.H56", "role": "clerk"')
    assert not any("/dang-nhap/" in url for url in page.asked if url.startswith(live_server.url))
    assert page.csp_errors == []


def test_a_fresh_browser_is_asked_to_sign_in_at_motcua_then_returned(page, live_server, relying_party, official, signing_key):
    system, secret = register()
    application = relying_party(f"{live_server.url}/oidc", system, secret)

    page.goto(f"{application}/dang-nhap")
    expect(page).to_have_url(re.compile(re.escape(f"{live_server.url}/dang-nhap/?next=")))
    assert_accessible(page, "đăng nhập cho hệ thống khác")
    sign_in(page, "van.thu")
    expect(page).to_have_url(f"{application}/")
    expect(page.locator("#who")).to_have_text("Đã đăng nhập: Lê Văn Thư")
    assert page.csp_errors == []


def test_a_third_party_system_asks_consent_on_a_conforming_page(page, live_server, relying_party, official, signing_key, tmp_path):
    system, secret = register(name="Ứng dụng của đối tác", first_party=False)
    application = relying_party(f"{live_server.url}/oidc", system, secret)
    log_in(page, live_server, "van.thu")

    consent = page.goto(f"{application}/dang-nhap")
    expect(page.get_by_role("heading", name="Đăng nhập vào Ứng dụng của đối tác")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Cơ quan và vai trò công tác")
    assert_accessible(page, "trang đồng ý chia sẻ thông tin")
    served = tmp_path / "dong-y.html"
    served.write_bytes(consent.body())
    page.get_by_role("button", name="Từ chối").click()
    expect(page.locator("#error")).to_have_text("MotCua trả lời: access_denied")

    page.goto(f"{application}/dang-nhap")
    page.get_by_role("button", name="Đồng ý").click()
    expect(page.locator("#who")).to_have_text("Đã đăng nhập: Lê Văn Thư")
    assert page.csp_errors == []
    assert validate_html({"trang đồng ý": served}) == []


def test_refusals_are_said_in_vietnamese_on_conforming_pages(page, live_server, relying_party, signing_key, tmp_path, transactional_db):
    system, secret = register()
    application = relying_party(f"{live_server.url}/oidc", system, secret)
    citizen = CitizenFactory(national_id="079123456789")

    page.goto(f"{live_server.url}/dang-nhap/")
    sign_in(page, citizen.national_id)
    refused = page.goto(f"{application}/dang-nhap")
    expect(page.get_by_role("heading", name="Không được đăng nhập vào hệ thống này")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("chỉ dành cho cán bộ, công chức")
    assert_accessible(page, "từ chối đăng nhập")
    (tmp_path / "tu-choi.html").write_bytes(refused.body())

    wrong = page.goto(f"{live_server.url}/oidc/authorize/?response_type=code&client_id=khong-co&redirect_uri=https://ke-gian.example.com/")
    expect(page.get_by_role("alert")).to_contain_text("không hợp lệ")
    assert_accessible(page, "yêu cầu đăng nhập sai")
    (tmp_path / "sai.html").write_bytes(wrong.body())
    assert validate_html({"từ chối": tmp_path / "tu-choi.html", "yêu cầu sai": tmp_path / "sai.html"}) == []
