import pytest

from motcua.agencies.models import Agency
from motcua.agencies.tests.factories import AgencyFactory


@pytest.mark.django_db
def test_home_page_names_the_province_and_links_to_the_administration(client):
    AgencyFactory(code="000.00.00.H56", name="UBND tỉnh Bình Dương", level=Agency.Level.PROVINCE)
    response = client.get("/")
    assert response.status_code == 200
    assert "UBND tỉnh Bình Dương" in response.content.decode()
    assert 'href="/quan-tri/"' in response.content.decode()


@pytest.mark.django_db
def test_unknown_page_answers_in_vietnamese(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.django_db
def test_english_is_available(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("factory", "landing"),
    [("official", "/mot-cua/"), ("postal", "/buu-dien/"), ("citizen", "/tai-khoan/ho-so/")],
)
def test_each_kind_of_account_lands_on_its_own_pages_after_login(client, factory, landing):
    from motcua.accounts.models import Role
    from motcua.accounts.tests.factories import CitizenFactory, PostalAgentFactory, official_with_role

    user = {
        "official": lambda: official_with_role(AgencyFactory(), Role.HANDLER),
        "postal": PostalAgentFactory,
        "citizen": CitizenFactory,
    }[factory]()
    # Citizens sign in with their national ID (citizens.backends), the others with their user name.
    name = user.national_id if factory == "citizen" else user.username
    response = client.post("/dang-nhap/", {"username": name, "password": "matkhau-thu-nghiem"}, follow=True)
    assert response.redirect_chain[-1][0] == landing


def test_vendored_htmx_is_served(client):
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/htmx-2.0.11.min.js")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", "/mot-cua/ho-so/%00/", None),
        ("get", "/mot-cua/tim/", {"q": "abc\x00"}),
        ("post", "/dang-nhap/", {"username": "a\x00", "password": "x"}),
    ],
)
def test_a_nul_character_anywhere_is_a_bad_request_not_a_server_error(client, method, url, data):
    response = getattr(client, method)(url, data)
    assert response.status_code == 400
    assert "ký tự không hợp lệ" in response.content.decode()
