"""Failed sign-ins are limited per user name from one source, per client address and per user
name from everywhere, on every sign-in form; a browser that signed in with the user name
before is judged on its own failures only, so that strangers cannot lock the owner out."""

from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import timezone

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import CitizenFactory, OfficialFactory, official_with_role
from motcua.agencies.tests.factories import AgencyFactory
from motcua.portal.models import LookupAttempt

PASSWORD = "matkhau-thu-nghiem"
BLOCKED = "Đăng nhập sai quá nhiều lần"
OWNER_ADDRESS = "198.51.100.20"
SIGN_IN_FORMS = ["/dang-nhap/", "/quan-tri/login/"]


def sign_in(client, username, password=PASSWORD, url="/dang-nhap/", **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def signed_in(client) -> bool:
    return SESSION_KEY in client.session


def sign_out(client) -> None:
    # Client.logout() would drop every cookie; a browser signing out keeps the others.
    client.post("/dang-xuat/")


def fail(client, username, times, **extra):
    for _ in range(times):
        response = sign_in(client, username, "sai-mat-khau", **extra)
        assert response.status_code == 200 and BLOCKED not in response.content.decode()


@pytest.fixture
def official(db):
    return OfficialFactory(username="thuly.test")


@pytest.fixture
def admin_official(db):
    # An agency admin may use both sign-in forms.
    return official_with_role(AgencyFactory(), Role.AGENCY_ADMIN, username="quantri.test")


def test_the_right_password_is_refused_after_five_failures_on_a_user_name_from_one_address(client, official):
    fail(client, "thuly.test", 5)
    response = sign_in(client, "thuly.test")
    assert response.status_code == 200 and BLOCKED in response.content.decode() and "15 phút" in response.content.decode()
    assert not signed_in(client)


def test_four_failures_do_not_block(client, official):
    fail(client, "thuly.test", 4)
    assert sign_in(client, "thuly.test").status_code == 302 and signed_in(client)


def test_refused_attempts_are_not_counted_and_the_block_ends_with_the_window(client, official):
    fail(client, "thuly.test", 5)
    for _ in range(3):
        assert BLOCKED in sign_in(client, "thuly.test", "sai-mat-khau").content.decode()
    assert LookupAttempt.objects.filter(scope=LookupAttempt.Scope.SIGN_IN_NAME).count() == 5
    earlier = timezone.now() - timedelta(minutes=16)
    for attempt in LookupAttempt.objects.all():
        attempt.at = earlier
        attempt.save()
    assert sign_in(client, "thuly.test").status_code == 302 and signed_in(client)


def test_a_blocked_user_name_does_not_block_others_at_the_same_address(client, official):
    OfficialFactory(username="tiepnhan.test")
    fail(client, "thuly.test", 5)
    assert sign_in(client, "tiepnhan.test").status_code == 302 and signed_in(client)


def test_signing_in_clears_the_user_names_failures_from_its_address(official):
    for _browser in range(3):
        browser = Client()  # a new one each time: judged by its address
        fail(browser, "thuly.test", 4)
        assert sign_in(browser, "thuly.test").status_code == 302 and signed_in(browser)


def test_signing_in_clears_the_user_names_failures_in_its_browser(client, official):
    assert sign_in(client, "thuly.test").status_code == 302
    for _time in range(3):
        sign_out(client)
        fail(client, "thuly.test", 4)
        assert sign_in(client, "thuly.test").status_code == 302 and signed_in(client)


@pytest.mark.parametrize("url", SIGN_IN_FORMS)
def test_strangers_failing_from_their_addresses_are_refused_and_the_owner_is_not(client, admin_official, url):
    stranger = Client()
    fail(stranger, "quantri.test", 5, url=url, REMOTE_ADDR="203.0.113.7")
    # Even with the right password, nothing more from where the guessing came from...
    assert BLOCKED in sign_in(stranger, "quantri.test", url=url, REMOTE_ADDR="203.0.113.7").content.decode()
    assert not signed_in(stranger)
    # ...while the owner, from their own address and a browser new to the site, signs in.
    assert sign_in(client, "quantri.test", url=url, REMOTE_ADDR=OWNER_ADDRESS).status_code == 302 and signed_in(client)


@pytest.mark.parametrize("url", SIGN_IN_FORMS)
def test_guessing_spread_over_many_addresses_is_stopped_except_in_the_owners_browser(client, admin_official, url):
    assert sign_in(client, "quantri.test", url=url, REMOTE_ADDR=OWNER_ADDRESS).status_code == 302
    sign_out(client)
    stranger = Client()
    for n in range(20):
        fail(stranger, "quantri.test", 1, url=url, REMOTE_ADDR=f"203.0.113.{n}")
    # Any browser the owner has not signed in from is refused now, from any address...
    assert BLOCKED in sign_in(stranger, "quantri.test", url=url, REMOTE_ADDR="203.0.113.99").content.decode()
    assert BLOCKED in sign_in(Client(), "quantri.test", url=url, REMOTE_ADDR=OWNER_ADDRESS).content.decode()
    # ...but not the browser the owner signed in from, wherever it is taken.
    assert sign_in(client, "quantri.test", url=url, REMOTE_ADDR="192.0.2.50").status_code == 302 and signed_in(client)
    # The owner's sign-in gives the strangers no fresh start.
    assert BLOCKED in sign_in(stranger, "quantri.test", url=url, REMOTE_ADDR="203.0.113.98").content.decode()


def test_the_owners_browser_is_held_to_its_own_failures_wherever_it_is_sent_from(client, official):
    sign_in(client, "thuly.test", REMOTE_ADDR=OWNER_ADDRESS)
    sign_out(client)
    # Someone with a copy of its cookie, moving from address to address, is still one source.
    for n in range(5):
        fail(client, "thuly.test", 1, REMOTE_ADDR=f"203.0.113.{n}")
    assert BLOCKED in sign_in(client, "thuly.test", REMOTE_ADDR="203.0.113.50").content.decode()
    assert not signed_in(client)


def test_a_browser_recognised_for_one_user_name_is_a_stranger_to_the_others(client, official):
    OfficialFactory(username="ke.la")
    assert sign_in(client, "ke.la").status_code == 302  # the stranger's own account
    sign_out(client)
    for n in range(20):
        fail(client, "thuly.test", 1, REMOTE_ADDR=f"203.0.113.{n}")
    assert BLOCKED in sign_in(client, "thuly.test", REMOTE_ADDR="203.0.113.99").content.decode()


def test_signing_in_to_ones_own_account_does_not_clear_the_addresss_failures(client, official, settings):
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 6
    OfficialFactory(username="ke.la")
    for n in range(5):
        fail(client, f"khong-co-{n}", 1, REMOTE_ADDR="203.0.113.7")
    assert sign_in(client, "ke.la", REMOTE_ADDR="203.0.113.7").status_code == 302
    sign_out(client)
    fail(client, "khong-co-5", 1, REMOTE_ADDR="203.0.113.7")
    assert BLOCKED in sign_in(client, "thuly.test", REMOTE_ADDR="203.0.113.7").content.decode()


def test_failures_on_many_user_names_from_one_address_block_that_address_only(client, official, settings):
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 6
    for n in range(6):
        fail(client, f"khong-co-{n}", 1, REMOTE_ADDR="203.0.113.7")
    assert BLOCKED in sign_in(client, "thuly.test", REMOTE_ADDR="203.0.113.7").content.decode()
    assert sign_in(client, "thuly.test", REMOTE_ADDR="203.0.113.8").status_code == 302 and signed_in(client)


def test_a_citizen_signing_in_by_national_id_is_limited_and_the_id_is_not_stored(client, db):
    CitizenFactory(username="congdan.test", national_id="074190000123")
    fail(client, "074190000123", 5)
    assert BLOCKED in sign_in(client, "074190000123").content.decode() and not signed_in(client)
    assert not LookupAttempt.objects.filter(key__contains="074190000123").exists()
    # Spaces and case do not open a fresh count.
    assert BLOCKED in sign_in(client, " 074190000123 ").content.decode()


def test_the_administration_sign_in_is_limited_too(client, db):
    official_with_role(AgencyFactory(), Role.AGENCY_ADMIN, username="quantri.test")
    url = "/quan-tri/login/"
    for _ in range(5):
        assert BLOCKED not in sign_in(client, "quantri.test", "sai-mat-khau", url=url).content.decode()
    response = sign_in(client, "quantri.test", url=url)
    assert BLOCKED in response.content.decode() and not signed_in(client)


def test_the_limits_follow_the_settings(client, official, settings):
    settings.LOGIN_MAX_FAILURES = 2
    settings.LOGIN_WINDOW_MINUTES = 30
    fail(client, "thuly.test", 2)
    assert "30 phút" in sign_in(client, "thuly.test").content.decode()
    settings.LOGIN_MAX_FAILURES_PER_ACCOUNT = 3
    fail(client, "thuly.test", 1, REMOTE_ADDR="203.0.113.7")
    assert BLOCKED in sign_in(client, "thuly.test", REMOTE_ADDR="203.0.113.8").content.decode()
