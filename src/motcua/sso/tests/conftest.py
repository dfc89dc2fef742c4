import base64
import hashlib
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from motcua.sso import keys
from motcua.sso.models import Client

RELYING_PARTY = Path(__file__).with_name("relying_party.py")
REDIRECT_URI = "https://van-ban.example.gov.vn/callback"


@pytest.fixture
def signing_key(db):
    return keys.ensure()


def register(*, name="Hệ thống quản lý văn bản", redirect_uri=REDIRECT_URI, first_party=True, for_applicants=False) -> tuple[Client, str]:
    """A confidential client as the province admin registers it; returns it with its secret
    in clear (stored hashed)."""
    secret = secrets.token_urlsafe(32)
    client = Client.objects.create(
        name=name,
        client_type=Client.CLIENT_CONFIDENTIAL,
        client_secret=secret,
        redirect_uris=redirect_uri,
        post_logout_redirect_uris=redirect_uri.rsplit("/", 1)[0] + "/",
        skip_authorization=first_party,
        for_applicants=for_applicants,
    )
    return client, secret


class Flow:
    """One authorization-code sign-in with PKCE, driven through Django's test client."""

    def __init__(self, client: Client, scope="openid profile email roles national_id", redirect_uri=REDIRECT_URI):
        self.client, self.scope, self.redirect_uri = client, scope, redirect_uri
        self.verifier = secrets.token_urlsafe(48)
        self.state, self.nonce = secrets.token_urlsafe(8), secrets.token_urlsafe(8)

    def query(self, **changes) -> dict:
        challenge = base64.urlsafe_b64encode(hashlib.sha256(self.verifier.encode()).digest()).rstrip(b"=").decode()
        query = {
            "response_type": "code",
            "client_id": self.client.client_id,
            "redirect_uri": self.redirect_uri,
            "scope": self.scope,
            "state": self.state,
            "nonce": self.nonce,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
        query.update(changes)
        return {key: value for key, value in query.items() if value is not None}

    def authorize(self, browser, **changes):
        return browser.get("/oidc/authorize/", self.query(**changes))

    @staticmethod
    def answer(response) -> dict:
        """The parameters MotCua sent back to the redirect URI."""
        assert response.status_code == 302, response.status_code
        return {key: values[0] for key, values in parse_qs(urlsplit(response["Location"]).query).items()}

    def token(self, browser, code: str, secret: str, verifier: str | None = None):
        return browser.post(
            "/oidc/token/",
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": self.redirect_uri,
                "code_verifier": verifier or self.verifier,
                "client_id": self.client.client_id,
                "client_secret": secret,
            },
        )


@pytest.fixture
def relying_party():
    """Start the stand-in relying party for a registered client: returns its address once it
    listens (the client's redirect URI is set to it)."""
    processes = []

    def start(issuer: str, client: Client, secret: str) -> str:
        process = subprocess.Popen(
            [sys.executable, str(RELYING_PARTY), issuer, client.client_id, secret], stdout=subprocess.PIPE, text=True
        )
        processes.append(process)
        address = f"http://127.0.0.1:{process.stdout.readline().strip()}"
        client.redirect_uris = f"{address}/callback"
        client.post_logout_redirect_uris = f"{address}/"
        client.save(update_fields=["redirect_uris", "post_logout_redirect_uris"])
        return address

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=10)
