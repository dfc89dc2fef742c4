"""A signed-in session ends after SESSION_COOKIE_AGE without a request; its expiry is pushed
forward at most once a minute instead of on every request."""

from django.contrib.sessions.models import Session

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import official_with_role
from motcua.agencies.tests.factories import AgencyFactory
from motcua.middleware import SessionRefreshMiddleware


def expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_requests_push_the_expiry_forward_at_most_once_a_minute(client, db):
    client.force_login(official_with_role(AgencyFactory(), Role.HANDLER))
    client.get("/mot-cua/")
    first = expiry(client)
    client.get("/mot-cua/")
    assert expiry(client) == first  # within the minute: nothing written
    session = client.session
    session[SessionRefreshMiddleware.KEY] -= SessionRefreshMiddleware.REFRESH_SECONDS
    session.save()
    before = expiry(client)
    client.get("/mot-cua/")
    assert expiry(client) > before


def test_no_session_is_made_for_a_visitor_or_a_cookie_naming_none(client, db):
    client.get("/tra-cuu/")
    client.cookies["sessionid"] = "khong-co-phien-nao"
    client.get("/tra-cuu/")
    assert not Session.objects.exists()
