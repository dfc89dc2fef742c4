"""A person's number is verified at the counter, and their paper dossier appears in their
account, not in the account of someone who claimed the same number first."""

import re

import pytest
from playwright.sync_api import expect

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import CitizenFactory
from motcua.dossiers.tests.conftest import World
from motcua.tests_browser.journeys import sign_in

pytestmark = pytest.mark.browser

COUNTER = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
NUMBER = "074190000123"  # the number world.receive() files under


@pytest.fixture
def world(transactional_db, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    return World()


def sign_in_as_citizen(page, live_server, identifier: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/dang-nhap/")
    sign_in(page, identifier)


def test_the_desk_verifies_a_number_and_the_owner_sees_her_paper_dossier(browser_page, live_server, world):
    impostor = CitizenFactory(national_id=NUMBER, username="ke-mao-danh", full_name="Kẻ Mạo Danh", email="ke@example.vn")
    owner = CitizenFactory(national_id=NUMBER, username="lan", full_name="Trần Thị Lan", email="lan@example.vn")
    dossier = world.receive()
    page = browser_page
    page.set_viewport_size(COUNTER)

    # At the counter: the officer finds Lan's account by the number on her card and her email.
    page.goto(f"{live_server.url}/mot-cua/")
    sign_in(page, "pc.reception")
    page.get_by_role("link", name="Xác minh tài khoản").click()
    expect(page.get_by_role("heading", name="Xác minh danh tính tài khoản")).to_be_visible()
    page.get_by_label("Số định danh cá nhân (12 số) hoặc mã số thuế ghi trên giấy tờ gốc").fill(NUMBER)
    page.get_by_label("Thư điện tử hoặc số điện thoại của tài khoản").fill("lan@example.vn")
    page.get_by_role("button", name="Tìm tài khoản").click()
    expect(page.locator("#ten-tai-khoan")).to_have_text("Trần Thị Lan")
    expect(page.get_by_text("Kẻ Mạo Danh")).to_have_count(0)

    page.get_by_label("Giấy tờ gốc đã đối chiếu").select_option(label="Thẻ căn cước")
    page.get_by_label("Số giấy tờ, ngày cấp, nơi cấp").fill(f"{NUMBER}, cấp ngày 01/02/2021")
    page.get_by_role("button", name="Xác minh danh tính").click()
    expect(page.locator("#id_compared-error")).to_be_visible()  # the comparison was not ticked: nothing verified
    owner.refresh_from_db()
    assert owner.identity_verification is None
    page.get_by_label(re.compile("Tôi đã đối chiếu giấy tờ gốc")).check()
    page.get_by_role("button", name="Xác minh danh tính").click()
    expect(page.locator(".messages")).to_contain_text("Đã xác minh danh tính tài khoản của Trần Thị Lan")

    owner.refresh_from_db()
    impostor.refresh_from_db()
    assert owner.identity_verification.official == world.staff[Role.RECEPTION]
    assert impostor.national_id == ""

    # On her phone, Lan signs in with her number and finds the dossier she filed on paper.
    page.set_viewport_size(PHONE)
    sign_in_as_citizen(page, live_server, NUMBER)
    expect(page.get_by_role("heading", name="Hồ sơ của tôi")).to_be_visible()
    expect(page.get_by_text(dossier.code)).to_be_visible()
    page.get_by_role("link", name=re.compile("Thông tin cá nhân")).first.click()
    expect(page.locator("#danh-tinh")).to_contain_text("Đã xác minh ngày")

    # The impostor's account keeps nothing of it.
    sign_in_as_citizen(page, live_server, "ke@example.vn")
    expect(page.get_by_role("heading", name="Hồ sơ của tôi")).to_be_visible()
    expect(page.get_by_text(dossier.code)).to_have_count(0)
