"""A second application (sso/tests/relying_party.py, Authlib in its own process) signs an
official in through MotCua over HTTP, as a browser without JavaScript would: MotCua's
sign-in form, then back to the application, which verifies the ID token and shows who it is."""

import re

import requests

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import official_with_role
from motcua.agencies.tests.factories import AgencyFactory
from motcua.sso.tests.conftest import register


def submit_sign_in(browser: requests.Session, page: requests.Response, username: str) -> requests.Response:
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    next_url = re.search(r'name="next" value="([^"]+)"', page.text).group(1).replace("&amp;", "&")
    login = page.url.split("?")[0]
    return browser.post(
        login,
        {"csrfmiddlewaretoken": token, "username": username, "password": "matkhau-thu-nghiem", "next": next_url},
        headers={"Referer": page.url},
        timeout=30,
    )


def test_a_second_application_signs_an_official_in_through_motcua(transactional_db, live_server, relying_party, signing_key):
    official_with_role(AgencyFactory(code="000.17.22.H56"), Role.LEADER, username="lanh.dao", full_name="Trần Thị Bình")
    system, secret = register()
    application = relying_party(f"{live_server.url}/oidc", system, secret)

    browser = requests.Session()
    page = browser.get(f"{application}/dang-nhap", timeout=30)
    assert page.url.startswith(f"{live_server.url}/dang-nhap/?next=/oidc/authorize/")
    back = submit_sign_in(browser, page, "lanh.dao")
    assert back.url == f"{application}/", back.text
    assert "Đã đăng nhập: Trần Thị Bình" in back.text
    assert "&quot;role&quot;: &quot;leader&quot;" in back.text

    # Signed in at MotCua now: the next sign-in of the application asks nothing.
    again = browser.get(f"{application}/dang-nhap", timeout=30)
    assert "Đã đăng nhập: Trần Thị Bình" in again.text
    assert not any("/dang-nhap/" in hop.headers.get("Location", "") for hop in again.history)


def test_a_refused_consent_reaches_the_application_as_access_denied(transactional_db, live_server, relying_party, signing_key):
    official_with_role(AgencyFactory(), Role.HANDLER, username="can.bo")
    system, secret = register(first_party=False)
    application = relying_party(f"{live_server.url}/oidc", system, secret)
    browser = requests.Session()
    consent = submit_sign_in(browser, browser.get(f"{application}/dang-nhap", timeout=30), "can.bo")
    assert "Đồng ý" in consent.text
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', consent.text))
    fields = {name: value.replace("&amp;", "&") for name, value in fields.items()}
    answer = browser.post(consent.url.split("?")[0], fields, headers={"Referer": consent.url}, timeout=30)
    assert answer.url.startswith(f"{application}/callback")
    assert "MotCua trả lời: access_denied" in answer.text
