"""Signing out: MotCua's sign-out ends the provider's session too (RP-initiated logout), and
the provider's back-channel logout ends the MotCua session it opened."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from joserfc import jwk, jwt

from motcua.eid.models import ProviderSession
from motcua.eid.tests.conftest import motcua_url, sign_in
from motcua.eid.tests.standin import CLIENT_ID


def wait_until(condition, seconds=10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.mark.django_db(transaction=True)
def test_signing_out_of_motcua_ends_the_provider_session(rp, person, eid, live_server):
    sign_in(rp, person, "cd-an")
    id_token = rp.session["motcua_eid"]["id_token"]

    response = rp.post("/dang-xuat/")

    end = urlsplit(response["Location"])
    query = parse_qs(end.query)
    assert f"{end.scheme}://{end.netloc}" == eid.issuer
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == [f"{motcua_url(live_server)}/dinh-danh/da-dang-xuat/"]
    assert SESSION_KEY not in rp.session and not ProviderSession.objects.exists()
    done = person.sign_out(response["Location"])
    assert done.headers["Location"].startswith(f"{motcua_url(live_server)}/dinh-danh/da-dang-xuat/")
    # The provider's session is over: the next sign-in there asks who it is again.
    again = person.browser.get(rp.get("/dinh-danh/dang-nhap/")["Location"], timeout=10)
    assert 'name="identity"' in again.text
    assert "Bạn đã đăng xuất khỏi MotCua và khỏi tài khoản định danh điện tử" in rp.get("/dinh-danh/da-dang-xuat/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_provider_s_back_channel_logout_ends_the_motcua_session(rp, person, eid):
    sign_in(rp, person, "cd-an")
    session_key = rp.session.session_key
    assert Session.objects.filter(session_key=session_key).exists()

    # The person signs out at the provider itself (another service, the VNeID app).
    person.sign_out(f"{eid.issuer}/session/end")

    assert wait_until(lambda: not Session.objects.filter(session_key=session_key).exists())
    assert not ProviderSession.objects.filter(session_key=session_key).exists()
    assert SESSION_KEY not in rp.session


@pytest.mark.django_db(transaction=True)
def test_a_logout_token_not_signed_by_the_provider_is_refused_and_the_session_stays(rp, person, eid, live_server):
    sign_in(rp, person, "cd-an")
    session_key = rp.session.session_key
    sid = ProviderSession.objects.get(session_key=session_key).sid
    now = int(time.time())
    claims = {
        "iss": eid.issuer, "aud": CLIENT_ID, "iat": now, "jti": "gia-mao", "sid": sid, "sub": "cd-an",
        "events": {"http://schemas.openid.net/event/backchannel-logout": {}},
    }
    forged = jwt.encode({"alg": "RS256", "kid": "standin-1"}, claims, jwk.RSAKey.generate_key(2048))

    answer = requests.post(f"{motcua_url(live_server)}/dinh-danh/dang-xuat-kenh-sau/", data={"logout_token": forged}, timeout=10)

    assert answer.status_code == 400
    assert Session.objects.filter(session_key=session_key).exists()
    assert rp.session[SESSION_KEY]
