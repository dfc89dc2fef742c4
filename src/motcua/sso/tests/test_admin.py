"""The province superuser registers systems in /quan-tri/; agency admins only read them;
officials without that role and citizens do not come in."""

import pytest

from motcua.accounts.models import Role, User
from motcua.accounts.tests.factories import CitizenFactory, UserFactory, official_with_role
from motcua.agencies.tests.factories import AgencyFactory
from motcua.sso.models import Client

pytestmark = pytest.mark.django_db
ADD = "/quan-tri/sso/client/add/"


def form(**changes) -> dict:
    return {
        "name": "Hệ thống quản lý văn bản",
        "client_id": "van-ban",
        "client_type": "confidential",
        "client_secret": "bi-mat-cua-he-thong-van-ban-0123456789",
        "hash_client_secret": "on",
        "redirect_uris": "https://van-ban.example.gov.vn/callback",
        "post_logout_redirect_uris": "https://van-ban.example.gov.vn/",
        "skip_authorization": "on",
        **changes,
    }


def test_the_superuser_registers_a_first_party_system(client):
    client.force_login(UserFactory(username="quantri", kind=User.Kind.OFFICIAL, is_superuser=True, is_staff=True))
    page = client.get(ADD).content.decode()
    assert "hệ thống của tỉnh (bỏ qua bước đồng ý)" in page.lower()
    response = client.post(ADD, form())
    assert response.status_code == 302, response.context["adminform"].form.errors
    system = Client.objects.get(client_id="van-ban")
    assert system.skip_authorization and system.algorithm == "RS256" and system.authorization_grant_type == "authorization-code"
    assert system.client_secret != "bi-mat-cua-he-thong-van-ban-0123456789"  # kept hashed


def test_a_redirect_uri_over_plain_http_outside_the_demo_is_refused(client, settings):
    settings.OAUTH2_PROVIDER = {**settings.OAUTH2_PROVIDER, "ALLOWED_REDIRECT_URI_SCHEMES": ["https"]}
    client.force_login(UserFactory(username="quantri", kind=User.Kind.OFFICIAL, is_superuser=True, is_staff=True))
    response = client.post(ADD, form(redirect_uris="http://van-ban.example.gov.vn/callback"))
    assert response.status_code == 200 and not Client.objects.exists()


def test_an_agency_admin_reads_the_systems_but_registers_none(client):
    Client.objects.create(name="Hệ thống quản lý văn bản", redirect_uris="https://van-ban.example.gov.vn/callback")
    client.force_login(official_with_role(AgencyFactory(), Role.AGENCY_ADMIN))
    assert client.get("/quan-tri/sso/client/").status_code == 200
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, form()).status_code == 403
    assert Client.objects.count() == 1


@pytest.mark.parametrize("who", ["handler", "citizen", "anonymous"])
def test_others_do_not_reach_the_registrations(client, who):
    if who == "handler":
        client.force_login(official_with_role(AgencyFactory(), Role.HANDLER))
    elif who == "citizen":
        client.force_login(CitizenFactory())
    response = client.get("/quan-tri/sso/client/")
    assert response.status_code == 302 and response["Location"].startswith("/quan-tri/login/")


def test_signing_keys_are_shown_never_edited(client, signing_key):
    client.force_login(UserFactory(username="quantri", kind=User.Kind.OFFICIAL, is_superuser=True, is_staff=True))
    assert signing_key.kid in client.get("/quan-tri/sso/signingkey/").content.decode()
    assert client.get("/quan-tri/sso/signingkey/add/").status_code == 403
    page = client.get(f"/quan-tri/sso/signingkey/{signing_key.pk}/change/").content.decode()
    assert "PRIVATE" not in page and 'name="kid"' not in page
