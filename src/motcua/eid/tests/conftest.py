from urllib.parse import urlsplit

import pytest
from django.test import Client

from motcua.eid.tests.standin import CLIENT_ID, CLIENT_SECRET, Person, path_of, running


def motcua_url(live_server) -> str:
    """The live server's address by IP: Node resolves "localhost" to ::1 first, where the live
    server does not listen, and the provider's back-channel logout must reach it."""
    return live_server.url.replace("//localhost:", "//127.0.0.1:")


@pytest.fixture(scope="session")
def standin(live_server):
    """The stand-in provider for the whole run, in test mode, MotCua at the live server
    registered as its client (the back-channel logout reaches it there)."""
    with running(motcua_url(live_server), test_mode=True) as provider:
        yield provider


@pytest.fixture
def eid(standin, settings):
    settings.EID_ISSUER = standin.issuer
    settings.EID_CLIENT_ID = CLIENT_ID
    settings.EID_CLIENT_SECRET = CLIENT_SECRET
    return standin


@pytest.fixture
def rp(live_server):
    """Django's test client, addressed as the live server so that the redirect URI MotCua
    builds is the one registered with the provider."""
    address = urlsplit(motcua_url(live_server))
    return Client(HTTP_HOST=address.netloc)


@pytest.fixture
def person(eid):
    return Person(eid)


def sign_in(rp, person, identity="cd-an", *, cancel=False, **params):
    """The whole sign-in: MotCua → the provider's page → back to MotCua's callback."""
    start = rp.get("/dinh-danh/dang-nhap/", params)
    assert start.status_code == 302, start.content
    back = person.sign_in(start["Location"], identity, cancel=cancel)
    return rp.get(path_of(back))
