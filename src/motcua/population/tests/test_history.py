"""The citizen's "Lịch sử khai thác dữ liệu": every look-up of their verified number, and
nobody else's."""

import pytest
from django.utils import timezone

from motcua.accounts.models import PersonalDataAccess, Role
from motcua.accounts.tests.factories import CitizenFactory, verified
from motcua.dossiers.tests.conftest import World

PAGE = "/tai-khoan/lich-su-khai-thac-du-lieu/"


@pytest.fixture
def world(db) -> World:
    return World()


def looked_up(world, subject, **changes):
    values = {
        "official": world.staff[Role.RECEPTION], "agency": world.commune, "subject": subject,
        "purpose": PersonalDataAccess.Purpose.COUNTER_RECEIPT, "source": PersonalDataAccess.Source.POPULATION,
        "procedure": world.version.procedure, "found": "person", "at": timezone.now(),
    }
    return PersonalDataAccess.objects.create(**{**values, **changes})


def test_lists_who_looked_me_up_where_when_and_why(client, world):
    citizen = verified(world.citizen, "074190012345")
    dossier = world.receive(applicant=world.applicant(id_number="074190012345"))
    looked_up(world, "074190012345", dossier=dossier)
    looked_up(world, "074190012345", official=None, purpose=PersonalDataAccess.Purpose.ONLINE_FILING)
    looked_up(world, "074190099999")  # someone else
    client.force_login(citizen)
    page = client.get(PAGE).content.decode()
    assert page.count("<tr>") == 3  # the heading and two look-ups
    assert "UBND phường Phú Cường" in page and "Điền thông tin người nộp khi tiếp nhận tại quầy" in page
    assert "Cơ sở dữ liệu quốc gia về dân cư" in page and dossier.code in page
    assert "Bạn (khi nộp hồ sơ trực tuyến)" in page and "Điền sẵn thông tin người nộp khi nộp hồ sơ trực tuyến" in page
    assert "074190099999" not in page


def test_an_unverified_claim_sees_no_history(client, world):
    claimant = CitizenFactory(national_id="074190012345")
    looked_up(world, "074190012345")
    client.force_login(claimant)
    page = client.get(PAGE).content.decode()
    assert "chỉ hiển thị khi số định danh" in page and "UBND phường Phú Cường" not in page


def test_nobody_yet(client, world):
    client.force_login(verified(world.citizen, "074190012345"))
    assert "Chưa có cơ quan nào tra cứu thông tin của bạn" in client.get(PAGE).content.decode()


def test_the_account_menu_links_to_it(client, world):
    client.force_login(world.citizen)
    assert f'href="{PAGE}"' in client.get("/tai-khoan/ho-so/").content.decode()


def test_anonymous_visitors_sign_in_and_officials_are_sent_to_their_desk(client, world):
    assert client.get(PAGE)["Location"] == f"/dang-nhap/?next={PAGE}"
    client.force_login(world.staff[Role.RECEPTION])
    assert client.get(PAGE)["Location"] == "/dang-nhap/tiep-tuc/"
