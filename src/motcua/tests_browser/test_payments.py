"""The applicant pays a dossier's fees in the sandbox gateway and gets the electronic receipt."""

import pytest
from playwright.sync_api import expect

from motcua.accounts.tests.factories import verified
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import World
from motcua.tests_browser.journeys import printed_form, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def dossier(transactional_db) -> Dossier:
    world = World()
    dossier = world.receive()
    verified(world.citizen, dossier.applicant_id_number)
    return dossier


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}], ids=["phone", "desktop"])
def test_the_owner_pays_in_the_sandbox_and_sees_the_receipt(live_server, browser_page, dossier, viewport):
    page = browser_page
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/dang-nhap/?next=/thanh-toan/{dossier.code}/")
    sign_in(page, dossier.applicant_id_number)  # the number the owner's account has verified
    expect(page.get_by_role("heading", name="Nộp phí, lệ phí trực tuyến")).to_be_visible()
    expect(page.locator(".outstanding")).to_have_text("50.000 đ")

    page.get_by_role("button", name="Thanh toán 50.000 đ").click()
    expect(page.get_by_role("heading", name="Xác nhận thanh toán")).to_be_visible()
    expect(page.locator(".bank")).to_contain_text("50.000 đ")
    page.get_by_role("button", name="Thanh toán thành công").click()

    expect(page.locator(".messages .success")).to_have_text("Đã thanh toán thành công 50.000 đ.")
    expect(page.locator(".outstanding")).to_have_text("0 đ")
    expect(page.get_by_role("button", name="Thanh toán 50.000 đ")).to_have_count(0)

    page.get_by_role("link", name="Xem biên lai").click()
    receipt = page.locator(".receipt")
    expect(receipt).to_contain_text(dossier.code)
    expect(receipt).to_contain_text("50.000 đ")
    expect(receipt).to_contain_text("UBND phường Phú Cường")
    printed_form(page, live_server, "Tải biên lai (PDF)")
    assert Dossier.objects.get(pk=dossier.pk).fee_outstanding == 0


def test_the_pay_button_takes_the_owner_to_the_gateway_s_own_site(live_server, browser_page, dossier, settings):
    # The form's POST is answered with a redirect to VNPay, and Chromium holds that redirect to
    # the page's Content-Security-Policy (form-action) too. VNPay's page is played by this very
    # server under another name, which the browser takes for another site.
    assert "localhost" in live_server.url
    gateway_page = live_server.url.replace("localhost", "127.0.0.1") + "/"
    settings.PAYMENT_GATEWAY = "vnpay"
    settings.VNPAY_TMN_CODE, settings.VNPAY_HASH_SECRET, settings.VNPAY_PAYMENT_URL = "TESTTMN1", "SECRETKEYFORTESTS", gateway_page
    page = browser_page
    page.goto(f"{live_server.url}/dang-nhap/?next=/thanh-toan/{dossier.code}/")
    sign_in(page, dossier.applicant_id_number)  # the number the owner's account has verified
    page.get_by_role("button", name="Thanh toán 50.000 đ").click()
    page.wait_for_url(f"{gateway_page}?*")
    assert "vnp_TxnRef=" in page.url
