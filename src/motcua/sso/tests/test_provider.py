"""MotCua as OpenID Provider, driven with Django's test client: discovery, the code flow with
PKCE, refusals, consent, claims and the permission rules."""

import json

import pytest
from jwcrypto import jwk, jwt

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import CitizenFactory, PostalAgentFactory, UserFactory, official_with_role, verified
from motcua.agencies.tests.factories import AgencyFactory
from motcua.sso.tests.conftest import Flow, register

pytestmark = pytest.mark.django_db


def verify(client, id_token: str) -> dict:
    """The ID token's claims, checked against the JWKS MotCua publishes now."""
    keys = jwk.JWKSet.from_json(client.get("/oidc/.well-known/jwks.json").content)
    return json.loads(jwt.JWT(jwt=id_token, key=keys, algs=["RS256"]).claims)


@pytest.fixture
def official():
    return official_with_role(AgencyFactory(code="000.17.22.H56", name="UBND phường Phú Cường"), Role.HANDLER, full_name="Nguyễn Văn An")


def consent_form(page) -> dict:
    """The hidden fields of the consent page's form, as the browser would send them back."""
    return {key: value for key, value in page.context["form"].initial.items() if value is not None}


def sign_in(client, user, system, secret, scope="openid profile email roles national_id") -> dict:
    client.force_login(user)
    flow = Flow(system, scope=scope)
    answer = flow.answer(flow.authorize(client))
    assert answer["state"] == flow.state
    response = flow.token(client, answer["code"], secret)
    assert response.status_code == 200, response.content
    return response.json() | {"nonce": flow.nonce}


def test_discovery_names_the_endpoints_rs256_and_s256_only(client):
    document = client.get("/oidc/.well-known/openid-configuration").json()
    assert document["issuer"] == "http://testserver/oidc"
    assert document["authorization_endpoint"] == "http://testserver/oidc/authorize/"
    assert document["token_endpoint"] == "http://testserver/oidc/token/"
    assert document["userinfo_endpoint"] == "http://testserver/oidc/userinfo/"
    assert document["jwks_uri"] == "http://testserver/oidc/.well-known/jwks.json"
    assert document["end_session_endpoint"] == "http://testserver/oidc/logout/"
    assert document["id_token_signing_alg_values_supported"] == ["RS256"]
    assert document["code_challenge_methods_supported"] == ["S256"]
    assert set(document["scopes_supported"]) == {"openid", "profile", "email", "roles", "national_id"}
    assert {"agencies", "roles", "national_id"} <= set(document["claims_supported"])


def test_an_official_signs_in_to_a_first_party_system_without_consent(client, signing_key, official):
    system, secret = register()
    tokens = sign_in(client, official, system, secret)
    claims = verify(client, tokens["id_token"])
    assert claims["iss"] == "http://testserver/oidc"
    assert claims["aud"] == system.client_id
    assert claims["sub"] == str(official.pk)
    assert claims["nonce"] == tokens["nonce"]
    assert claims["name"] == "Nguyễn Văn An"
    assert claims["preferred_username"] == official.username
    assert claims["agencies"] == [{"code": "000.17.22.H56", "name": "UBND phường Phú Cường"}]
    assert claims["roles"] == [{"agency": "000.17.22.H56", "role": "handler", "division": None}]
    assert "national_id" not in claims
    header = json.loads(jwt.JWT(jwt=tokens["id_token"]).token.objects["protected"])
    assert header == {"typ": "JWT", "alg": "RS256", "kid": signing_key.kid}


def test_the_subject_stays_the_same_across_sign_ins(client, signing_key, official):
    system, secret = register()
    first = verify(client, sign_in(client, official, system, secret)["id_token"])
    second = verify(client, sign_in(client, official, system, secret)["id_token"])
    assert first["sub"] == second["sub"]


def test_without_pkce_no_code_is_issued(client, signing_key, official):
    system, _secret = register()
    client.force_login(official)
    flow = Flow(system)
    answer = flow.answer(flow.authorize(client, code_challenge=None, code_challenge_method=None))
    assert answer["error"] == "invalid_request" and "code" not in answer


def test_plain_pkce_is_refused(client, signing_key, official):
    system, _secret = register()
    client.force_login(official)
    flow = Flow(system)
    answer = flow.answer(flow.authorize(client, code_challenge=flow.verifier, code_challenge_method="plain"))
    assert "code" not in answer and answer["error"] == "invalid_request"


def test_a_wrong_code_verifier_gets_no_token(client, signing_key, official):
    system, secret = register()
    client.force_login(official)
    flow = Flow(system)
    answer = flow.answer(flow.authorize(client))
    response = flow.token(client, answer["code"], secret, verifier="x" * 50)
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


def test_a_code_is_used_once(client, signing_key, official):
    system, secret = register()
    client.force_login(official)
    flow = Flow(system)
    code = flow.answer(flow.authorize(client))["code"]
    assert flow.token(client, code, secret).status_code == 200
    assert flow.token(client, code, secret).status_code == 400


def test_a_redirect_uri_not_registered_is_refused_on_motcua_itself(client, signing_key, official):
    system, _secret = register()
    client.force_login(official)
    response = Flow(system).authorize(client, redirect_uri="https://ke-gian.example.com/callback")
    assert response.status_code in (200, 400)
    assert "Location" not in response
    assert "Yêu cầu đăng nhập của hệ thống này không hợp lệ" in response.content.decode()


def test_an_unknown_client_is_refused(client, signing_key, official):
    system, _secret = register()
    client.force_login(official)
    response = Flow(system).authorize(client, client_id="khong-co")
    assert "Location" not in response
    assert "không hợp lệ" in response.content.decode()


def test_someone_not_signed_in_is_sent_to_motcuas_sign_in_first(client, signing_key):
    system, _secret = register()
    response = Flow(system).authorize(client)
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/?next=/oidc/authorize/")


def test_a_third_party_system_asks_consent_and_gets_a_code_when_given(client, signing_key, official):
    system, secret = register(name="Ứng dụng của đối tác", first_party=False)
    client.force_login(official)
    flow = Flow(system, scope="openid profile")
    page = flow.authorize(client)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ứng dụng của đối tác" in html and "Họ tên và tên đăng nhập" in html and "Đồng ý" in html
    answer = flow.answer(client.post("/oidc/authorize/", {**consent_form(page), "allow": "on"}))
    assert answer["state"] == flow.state
    assert flow.token(client, answer["code"], secret).status_code == 200


def test_a_third_party_system_refused_consent_gets_access_denied_and_nothing_else(client, signing_key, official):
    from oauth2_provider.models import Grant

    system, _secret = register(first_party=False)
    client.force_login(official)
    flow = Flow(system)
    answer = flow.answer(client.post("/oidc/authorize/", consent_form(flow.authorize(client))))
    assert answer["error"] == "access_denied" and "code" not in answer
    assert not Grant.objects.exists()


def test_the_consent_pages_form_may_lead_back_to_the_registered_system_only(client, signing_key, official):
    system, _secret = register(first_party=False)
    client.force_login(official)
    policy = Flow(system).authorize(client)["Content-Security-Policy"]
    assert "form-action 'self' https://van-ban.example.gov.vn" in policy
    login_page = client.get("/dang-nhap/", {"next": "/oidc/authorize/?" + "&".join(f"{k}={v}" for k, v in Flow(system).query().items())})
    assert "https://van-ban.example.gov.vn" in login_page["Content-Security-Policy"]
    forged = Flow(system).authorize(client, redirect_uri="https://ke-gian.example.com/callback")
    assert "ke-gian" not in forged["Content-Security-Policy"]


def test_userinfo_gives_the_claims_of_the_granted_scopes(client, signing_key, official):
    system, secret = register()
    tokens = sign_in(client, official, system, secret, scope="openid profile")
    client.logout()
    info = client.get("/oidc/userinfo/", headers={"Authorization": f"Bearer {tokens['access_token']}"}).json()
    assert info == {"sub": str(official.pk), "name": "Nguyễn Văn An", "preferred_username": official.username}


def test_a_citizens_national_id_is_given_only_once_verified(client, signing_key):
    system, secret = register(name="Ứng dụng công dân", for_applicants=True)
    citizen = CitizenFactory(national_id="079123456789", email="an@example.com")
    claims = verify(client, sign_in(client, citizen, system, secret)["id_token"])
    assert "national_id" not in claims and claims["email"] == "an@example.com" and "roles" not in claims
    verified(citizen, "079123456789")
    claims = verify(client, sign_in(client, citizen, system, secret)["id_token"])
    assert claims["national_id"] == "079123456789"


@pytest.mark.parametrize("who", ["citizen", "postal agent"])
def test_someone_a_system_is_not_open_to_is_refused_and_nothing_is_issued(client, signing_key, who):
    from oauth2_provider.models import Grant

    system, _secret = register()
    user = CitizenFactory() if who == "citizen" else PostalAgentFactory()
    client.force_login(user)
    response = Flow(system).authorize(client)
    assert response.status_code == 403
    assert "không được phép đăng nhập vào Hệ thống quản lý văn bản" in response.content.decode()
    assert not Grant.objects.exists()


def test_a_deactivated_official_gets_no_token_and_no_userinfo(client, signing_key, official):
    system, secret = register()
    tokens = sign_in(client, official, system, secret)
    client.force_login(official)
    flow = Flow(system)
    code = flow.answer(flow.authorize(client))["code"]
    official.is_active = False
    official.save()
    assert flow.token(client, code, secret).json()["error"] == "invalid_grant"
    assert client.get("/oidc/userinfo/", headers={"Authorization": f"Bearer {tokens['access_token']}"}).status_code in (401, 403)
    refreshed = client.post(
        "/oidc/token/",
        {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"], "client_id": system.client_id, "client_secret": secret},
    )
    assert refreshed.status_code == 400
    # Their MotCua session is over too: the authorize endpoint asks for a sign-in again.
    assert Flow(system).authorize(client)["Location"].startswith("/dang-nhap/")


def test_the_superuser_signs_in_too(client, signing_key):
    system, secret = register()
    superuser = UserFactory(username="quantri", is_superuser=True, is_staff=True)
    assert verify(client, sign_in(client, superuser, system, secret)["id_token"])["preferred_username"] == "quantri"


def test_rp_initiated_logout_ends_the_motcua_session_and_returns_to_the_system(client, signing_key, official):
    system, secret = register()
    tokens = sign_in(client, official, system, secret)
    response = client.get(
        "/oidc/logout/",
        {"id_token_hint": tokens["id_token"], "post_logout_redirect_uri": "https://van-ban.example.gov.vn/", "client_id": system.client_id},
    )
    assert response.status_code == 302 and response["Location"] == "https://van-ban.example.gov.vn/"
    assert "_auth_user_id" not in client.session


@pytest.mark.second_factor
def test_an_official_who_owes_a_second_factor_gives_it_before_another_system_gets_them(client, signing_key):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from motcua.accounts.tests.test_second_factor import PASSWORD, code_for

    leader = official_with_role(AgencyFactory(), Role.LEADER, username="lanhdao")
    device = TOTPDevice.objects.create(user=leader, name="Ứng dụng xác thực", confirmed=True)
    system, secret = register()
    flow = Flow(system)
    assert client.post("/dang-nhap/", {"username": "lanhdao", "password": PASSWORD}).status_code == 302

    # The password alone does not hand the leader to the other system.
    held = flow.authorize(client)
    assert held.status_code == 302 and held["Location"].startswith("/dang-nhap/xac-thuc/?next=%2Foidc%2Fauthorize%2F")
    # The verification page may lead back to the system (Content-Security-Policy form-action).
    verification = client.get(held["Location"])
    assert "https://van-ban.example.gov.vn" in verification["Content-Security-Policy"]

    answer = client.post(held["Location"], {"code": code_for(device), "next": verification.context["next"]})
    assert answer.status_code == 302 and answer["Location"].startswith("/oidc/authorize/")
    code = flow.answer(client.get(answer["Location"]))["code"]
    assert flow.token(client, code, secret).status_code == 200
