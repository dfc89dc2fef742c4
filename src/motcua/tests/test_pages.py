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
