import pytest

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import CitizenFactory, PostalAgentFactory, official_with_role
from motcua.agencies.tests.factories import AgencyFactory


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/mot-cua/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [CitizenFactory, PostalAgentFactory])
def test_non_officials_are_refused_in_vietnamese(client, factory):
    client.force_login(factory())
    response = client.get("/mot-cua/")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


@pytest.mark.django_db
def test_official_sees_their_desk(client):
    client.force_login(official_with_role(AgencyFactory(), Role.RECEPTION))
    response = client.get("/mot-cua/")
    assert response.status_code == 200
    assert "Công việc của tôi" in response.content.decode()
    assert "htmx-2.0.11.min.js" in response.content.decode()


@pytest.mark.django_db
def test_login_page_signs_an_official_in_to_the_back_office(client):
    official = official_with_role(AgencyFactory(), Role.HANDLER, username="thuly.test")
    response = client.post("/dang-nhap/", {"username": "thuly.test", "password": "matkhau-thu-nghiem"})
    assert response.status_code == 302 and response["Location"] == "/dang-nhap/tiep-tuc/"
    assert int(client.session["_auth_user_id"]) == official.pk
