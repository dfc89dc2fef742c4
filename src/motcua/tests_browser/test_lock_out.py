"""Strangers guessing from many addresses lock nobody out: the official signs in, and the
citizen looks their dossier up, from the browser they used before, while a browser new to
the account or the dossier is refused."""

from contextlib import contextmanager

import pytest
from django.test import Client
from playwright.sync_api import expect

from motcua.dossiers.tests.conftest import World
from motcua.portal.tests.conftest import ID_LAST4
from motcua.tests_browser.journeys import log_in, sign_in

pytestmark = pytest.mark.browser
COOKIE = "motcua_trinh_duyet"


@pytest.fixture
def world(transactional_db) -> World:
    return World()


@contextmanager
def another_browser(page):
    """A page in a browser of its own: no cookie of `page`'s."""
    context = page.context.browser.new_context(locale="vi-VN")
    try:
        yield context.new_page()
    finally:
        context.close()


def recognised_cookie(page) -> dict:
    [cookie] = [c for c in page.context.cookies() if c["name"] == COOKIE]
    return cookie


def test_strangers_guessing_an_officials_password_do_not_lock_them_out(live_server, browser_page, world):
    page = browser_page
    log_in(page, live_server, "pc.reception")
    cookie = recognised_cookie(page)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert COOKIE not in page.evaluate("document.cookie")
    page.get_by_role("button", name="Đăng xuất").click()

    strangers = Client()
    for n in range(20):
        answer = strangers.post("/dang-nhap/", {"username": "pc.reception", "password": "doan-mo"}, REMOTE_ADDR=f"203.0.113.{n}")
        assert "Đăng nhập sai quá nhiều lần" not in answer.content.decode()

    with another_browser(page) as other:
        other.goto(f"{live_server.url}/dang-nhap/")
        sign_in(other, "pc.reception")
        expect(other.get_by_role("alert")).to_contain_text("Đăng nhập sai quá nhiều lần")

    page.goto(f"{live_server.url}/dang-nhap/")
    sign_in(page, "pc.reception")
    expect(page.get_by_role("heading", name="Công việc của tôi")).to_be_visible()


def test_strangers_guessing_a_dossiers_factor_do_not_lock_its_owner_out(live_server, browser_page, world):
    page = browser_page
    dossier = world.receive()

    def look_up(tab):
        tab.goto(f"{live_server.url}/tra-cuu/?ma={dossier.code}")
        tab.get_by_label("4 số cuối").fill(ID_LAST4)
        tab.get_by_role("button", name="Tra cứu").click()

    look_up(page)
    expect(page.locator(".status")).to_have_text("Cơ quan đã tiếp nhận hồ sơ")

    strangers = Client()
    for n in range(10):
        answer = strangers.post("/tra-cuu/", {"code": dossier.code, "factor": f"{9000 + n}"}, REMOTE_ADDR=f"203.0.113.{n}")
        assert answer.status_code == 200

    with another_browser(page) as other:
        look_up(other)
        expect(other.get_by_text("Bạn đã tra cứu sai quá nhiều lần")).to_be_visible()

    look_up(page)
    expect(page.locator(".status")).to_have_text("Cơ quan đã tiếp nhận hồ sơ")
