"""An official's second factor in Chromium: a leader without one is sent to enrol, adds an
authenticator app (the code computed from the secret the page shows) or a passkey (Chromium's
virtual authenticator, through the DevTools protocol), and signs in with it the next time. The
pages are checked by axe and the Nu HTML checker, and keep to the Content-Security-Policy."""

import base64

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import official_with_role
from motcua.agencies.tests.factories import AgencyFactory
from motcua.tests_browser.conformance import assert_accessible, validate_html
from motcua.tests_browser.journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.second_factor]

WORK = "Công việc của tôi"
SECURITY = "Bảo mật đăng nhập"
VERIFY = "Xác thực hai yếu tố"


@pytest.fixture
def leader(transactional_db):
    return official_with_role(AgencyFactory(), Role.LEADER, username="lanhdao")


@pytest.fixture
def page(browser_page, settings, live_server, tmp_path):
    """The browser page, with the HTML of each document kept for the checker and every refusal
    under the Content-Security-Policy collected."""
    # Passkeys belong to the origin they were made at: here the live server's.
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    browser_page.violations = []
    browser_page.on(
        "console", lambda message: browser_page.violations.append(message.text) if "Content Security Policy" in message.text else None
    )
    browser_page.served = {}
    browser_page.kept = tmp_path
    browser_page.last = None

    def keep(response):
        if response.frame == browser_page.main_frame and response.request.resource_type == "document":
            browser_page.last = response

    browser_page.on("response", keep)
    return browser_page


def checked(page, name: str) -> None:
    """axe on the page as it stands; its HTML kept for one run of the Nu checker."""
    page.wait_for_load_state("load")
    assert_accessible(page, name)
    path = page.kept / f"{len(page.served):02d}.html"
    path.write_bytes(page.last.body())
    page.served[name] = path


def sign_out_and_in(page, live_server, username: str) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.goto(f"{live_server.url}/dang-nhap/")
    sign_in(page, username)


def code(secret: str, *, step_later: int = 0) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key, drift=step_later):06d}"


def test_a_leader_enrols_an_authenticator_app_and_signs_in_with_it(page, live_server, leader):
    page.goto(f"{live_server.url}/dang-nhap/")
    sign_in(page, "lanhdao")
    # No factor yet: the back office waits until one is enrolled.
    expect(page.get_by_role("heading", name=SECURITY)).to_be_visible()
    checked(page, "bảo mật, chưa có yếu tố")
    page.get_by_role("button", name="Thêm ứng dụng xác thực").click()
    secret = page.locator("#khoa-bi-mat").inner_text()
    expect(page.get_by_role("img", name="Mã QR để thêm tài khoản vào ứng dụng xác thực")).to_be_visible()
    checked(page, "bảo mật, mã QR")

    page.get_by_label("Mã xác thực").fill("000000" if code(secret) != "000000" else "111111")
    page.get_by_role("button", name="Xác nhận ứng dụng xác thực").click()
    expect(page.get_by_role("alert")).to_contain_text("Mã không đúng")
    checked(page, "bảo mật, mã sai")
    page.wait_for_timeout(1_500)  # after a wrong code django-otp makes the next try wait a second
    page.get_by_label("Mã xác thực").fill(code(secret))
    page.get_by_role("button", name="Xác nhận ứng dụng xác thực").click()
    expect(page.get_by_role("heading", name="Mã khôi phục của bạn")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    checked(page, "bảo mật, mã khôi phục")

    sign_out_and_in(page, live_server, "lanhdao")
    expect(page.get_by_role("heading", name=VERIFY)).to_be_visible()
    checked(page, "xác thực hai yếu tố")
    # The code of the next time step: the one just used is never accepted twice.
    page.get_by_label("Mã xác thực").fill(code(secret, step_later=1))
    page.get_by_role("button", name="Xác thực", exact=True).click()
    expect(page.get_by_role("heading", name=WORK)).to_be_visible()

    errors = validate_html(page.served)
    assert not errors, "\n".join(errors)
    assert page.violations == []


def virtual_authenticator(page, *credentials) -> tuple:
    """A platform authenticator (a passkey on the device) in Chromium, through the DevTools
    protocol, holding `credentials`: the user is present and verified whenever asked."""
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
        "isUserVerified": True, "automaticPresenceSimulation": True,
    }
    authenticator = devtools.send("WebAuthn.addVirtualAuthenticator", {"options": options})["authenticatorId"]
    for credential in credentials:
        devtools.send("WebAuthn.addCredential", {"authenticatorId": authenticator, "credential": credential})
    return devtools, authenticator


def test_a_leader_registers_a_passkey_and_signs_in_with_it(page, live_server, leader):
    devtools, authenticator = virtual_authenticator(page)
    page.goto(f"{live_server.url}/dang-nhap/")
    sign_in(page, "lanhdao")
    expect(page.get_by_role("heading", name=SECURITY)).to_be_visible()
    page.get_by_role("button", name="Đăng ký khóa xác thực").click()
    # The page is read again with the key listed and, as it is the first factor, the recovery codes.
    expect(page.get_by_role("heading", name="Mã khôi phục của bạn")).to_be_visible()
    expect(page.get_by_text("Chưa có khóa xác thực.")).to_have_count(0)
    credentials = devtools.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]
    assert len(credentials) == 1
    checked(page, "bảo mật, khóa đã đăng ký")

    sign_out_and_in(page, live_server, "lanhdao")
    expect(page.get_by_role("heading", name=VERIFY)).to_be_visible()
    checked(page, "xác thực hai yếu tố, có khóa")
    # Chromium forgets the virtual authenticator across the sign-out's navigations: the same
    # key, with its credential, is plugged in again.
    virtual_authenticator(page, *credentials)
    page.get_by_role("button", name="Xác thực bằng khóa").click()
    expect(page.get_by_role("heading", name=WORK)).to_be_visible()

    errors = validate_html(page.served)
    assert not errors, "\n".join(errors)
    assert page.violations == []
