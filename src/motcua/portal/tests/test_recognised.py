"""The cookie that recognises a browser for a user name it signed in with or a dossier it
looked up, so that the limits on failures judge it on its own failures there."""

import time

import pytest
from django.http import HttpResponse

from motcua.portal import recognised
from motcua.portal.tests.conftest import ID_LAST4

CODE = "000.01.01.H56-260302-0001"


def browser_after(rf, *targets: str, cookie: str = "") -> str:
    """The cookie a browser holding `cookie` has once it has succeeded at each target in turn."""
    for target in targets:
        request = rf.post("/")
        request.COOKIES[recognised.COOKIE] = cookie
        response = HttpResponse()
        recognised.remember(request, response, target)
        cookie = response.cookies[recognised.COOKIE].value
    return cookie


def source(rf, cookie: str, target: str) -> str | None:
    request = rf.post("/")
    request.COOKIES[recognised.COOKIE] = cookie
    return recognised.source(request, target)


def test_a_browser_is_recognised_for_what_it_succeeded_at_and_nothing_else(rf):
    cookie = browser_after(rf, f"dossier:{CODE}", "account:abc")
    first, second = source(rf, cookie, f"dossier:{CODE}"), source(rf, cookie, "account:abc")
    assert first is not None and first.startswith("browser:") and first == second  # one browser, one source
    assert source(rf, cookie, "dossier:000.01.01.H56-260302-0002") is None
    assert source(rf, "", f"dossier:{CODE}") is None
    assert source(rf, browser_after(rf, f"dossier:{CODE}"), f"dossier:{CODE}") != first  # another browser


def test_a_changed_or_unsigned_cookie_recognises_nothing(rf):
    cookie = browser_after(rf, f"dossier:{CODE}")
    name, entries = cookie.split(":", 1)
    assert source(rf, f"x{cookie}", f"dossier:{CODE}") is None
    assert source(rf, cookie.replace(name, "another-name"), f"dossier:{CODE}") is None
    assert source(rf, f"{name}:{entries.split(':')[0]}", f"dossier:{CODE}") is None  # without its signature


def test_the_browser_is_forgotten_after_recognised_browser_days(rf, settings, monkeypatch):
    settings.RECOGNISED_BROWSER_DAYS = 90
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now - 91 * 86400)
    old = browser_after(rf, f"dossier:{CODE}")
    monkeypatch.setattr(time, "time", lambda: now - 89 * 86400)
    recent = browser_after(rf, f"dossier:{CODE}")
    monkeypatch.undo()
    assert source(rf, old, f"dossier:{CODE}") is None
    assert source(rf, recent, f"dossier:{CODE}") is not None


def test_the_last_twenty_successes_are_remembered(rf):
    codes = [f"000.01.01.H56-260302-{n:04d}" for n in range(recognised.KEPT + 1)]
    cookie = browser_after(rf, *(f"dossier:{code}" for code in codes))
    assert source(rf, cookie, f"dossier:{codes[0]}") is None
    assert all(source(rf, cookie, f"dossier:{code}") for code in codes[1:])


@pytest.mark.parametrize("secure", [False, True])
def test_a_look_up_and_a_sign_in_give_an_httponly_strict_cookie_that_names_nothing(client, world, settings, secure):
    from motcua.accounts.tests.factories import OfficialFactory

    settings.SESSION_COOKIE_SECURE = secure
    dossier = world.receive()
    looked_up = client.post("/tra-cuu/", {"code": dossier.code, "factor": ID_LAST4}).cookies[recognised.COOKIE]
    OfficialFactory(username="thuly.test")
    signed_in = client.post("/dang-nhap/", {"username": "thuly.test", "password": "matkhau-thu-nghiem"}).cookies[recognised.COOKIE]
    for cookie in (looked_up, signed_in):
        assert cookie["httponly"] and cookie["samesite"] == "Strict" and bool(cookie["secure"]) == secure
        assert cookie["max-age"] == 90 * 86400
    assert dossier.code not in looked_up.value and "thuly" not in signed_in.value
    assert signed_in.value.split(":")[0] == looked_up.value.split(":")[0]  # the same browser
