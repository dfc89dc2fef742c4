"""Failed sign-ins are limited per user name and per client address, on every sign-in form."""

from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.utils import timezone

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import CitizenFactory, OfficialFactory, official_with_role
from motcua.agencies.tests.factories import AgencyFactory
from motcua.portal.models import LookupAttempt

PASSWORD = "matkhau-thu-nghiem"
BLOCKED = "Đăng nhập sai quá nhiều lần"


def sign_in(client, username, password=PASSWORD, url="/dang-nhap/", **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def signed_in(client) -> bool:
    return SESSION_KEY in client.session


def fail(client, username, times, **extra):
    for _ in range(times):
        response = sign_in(client, username, "sai-mat-khau", **extra)
        assert response.status_code == 200 and BLOCKED not in response.content.decode()


@pytest.fixture
def official(db):
    return OfficialFactory(username="thuly.test")


def test_the_right_password_is_refused_after_five_failures_on_a_user_name(client, official):
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


def test_signing_in_clears_the_user_names_failures(client, official):
    fail(client, "thuly.test", 4)
    assert sign_in(client, "thuly.test").status_code == 302
    client.logout()
    fail(client, "thuly.test", 4)
    assert sign_in(client, "thuly.test").status_code == 302 and signed_in(client)


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
