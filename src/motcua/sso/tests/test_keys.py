"""Signing keys: sealed in the database, rotated by command, the old ones published for the
retention period so that tokens they signed still verify, then dropped."""

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from jwcrypto import jwk, jwt
from jwcrypto.common import JWException

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import official_with_role
from motcua.agencies.tests.factories import AgencyFactory
from motcua.sso import keys
from motcua.sso.models import SigningKey
from motcua.sso.tests.conftest import Flow, register

pytestmark = pytest.mark.django_db


def id_token(client, official, system, secret) -> str:
    client.force_login(official)
    flow = Flow(system)
    code = flow.answer(flow.authorize(client))["code"]
    return flow.token(client, code, secret).json()["id_token"]


def verifies(client, token: str) -> bool:
    published = jwk.JWKSet.from_json(client.get("/oidc/.well-known/jwks.json").content)
    try:
        jwt.JWT(jwt=token, key=published, algs=["RS256"])
    except JWException:
        return False
    return True


def kid_of(token: str) -> str:
    return jwt.JWT(jwt=token).token.jose_header["kid"]


def test_the_private_key_is_stored_sealed_not_in_clear(signing_key):
    stored = bytes(SigningKey.objects.get().sealed_private_key)
    assert b"PRIVATE KEY" not in stored
    assert signing_key.jwk().has_private and signing_key.jwk().thumbprint() == signing_key.kid


def test_the_jwks_shows_public_keys_only(client, signing_key):
    published = client.get("/oidc/.well-known/jwks.json").json()["keys"]
    assert [key["kid"] for key in published] == [signing_key.kid]
    assert published[0]["kty"] == "RSA" and published[0]["alg"] == "RS256" and "d" not in published[0]


@override_settings(OIDC_KEY_RETENTION_DAYS=7)
def test_a_token_signed_before_rotation_verifies_during_retention_then_no_longer(client, signing_key):
    official = official_with_role(AgencyFactory(), Role.HANDLER)
    system, secret = register()
    old = id_token(client, official, system, secret)

    call_command("rotate_oidc_keys")
    new = id_token(client, official, system, secret)
    assert kid_of(new) != kid_of(old) == signing_key.kid
    assert verifies(client, old) and verifies(client, new)

    # Eight days on, the next rotation drops the key retired eight days before.
    later = timezone.now() + timedelta(days=8)
    newest, deleted = keys.rotate(now=later)
    assert deleted == 1
    assert not SigningKey.objects.filter(kid=signing_key.kid).exists()
    assert not verifies(client, old)
    assert verifies(client, new)  # its key was retired just now: still published
    assert {key.kid for key in keys.published(later)} == {kid_of(new), newest.kid}


@override_settings(OIDC_KEY_RETENTION_DAYS=7)
def test_a_retired_key_leaves_the_jwks_after_retention_even_before_the_next_rotation(client, signing_key):
    call_command("rotate_oidc_keys")
    assert signing_key.kid in {key.kid for key in keys.published()}
    assert signing_key.kid not in {key.kid for key in keys.published(timezone.now() + timedelta(days=8))}


def test_an_id_token_hint_signed_by_a_retired_key_still_ends_the_session(client, signing_key):
    official = official_with_role(AgencyFactory(), Role.HANDLER)
    system, secret = register()
    token = id_token(client, official, system, secret)
    call_command("rotate_oidc_keys")
    response = client.get(
        "/oidc/logout/",
        {"id_token_hint": token, "post_logout_redirect_uri": "https://van-ban.example.gov.vn/", "client_id": system.client_id},
    )
    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_the_demo_start_creates_a_key_only_when_there_is_none(db, capsys):
    call_command("rotate_oidc_keys", "--if-none")
    call_command("rotate_oidc_keys", "--if-none")
    assert SigningKey.objects.count() == 1
    assert "exists already" in capsys.readouterr().out


def test_without_any_key_the_provider_says_what_to_run(client, db):
    official = official_with_role(AgencyFactory(), Role.HANDLER)
    system, secret = register()
    client.force_login(official)
    flow = Flow(system)
    code = flow.answer(flow.authorize(client))["code"]
    with pytest.raises(ImproperlyConfigured, match="rotate_oidc_keys"):
        flow.token(client, code, secret)
