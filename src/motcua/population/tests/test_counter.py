"""The counter fills the applicant from the population database, for the procedure being
received; every outcome is said, recorded, and leaves the fields to type."""

import pytest

from motcua.accounts.models import PersonalDataAccess, Role
from motcua.accounts.tests.factories import official_with_role
from motcua.backoffice.tests.test_reception import PAGE, nothing_written, receipt
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import World

URL = "/mot-cua/tiep-nhan/csdl-dan-cu/"
HA = "074190012345"


@pytest.fixture
def world(db) -> World:
    return World()


@pytest.fixture
def desk(client, world):
    client.force_login(world.staff[Role.RECEPTION])
    return client


def ask(desk, world, number=HA, **extra):
    params = {"co_quan": world.commune.pk, "thu_tuc": world.version.pk, "applicant_id_number": number, **extra}
    return desk.get(URL, params)


def test_the_page_offers_the_population_database_only_when_connected(desk, world, settings):
    settings.POPULATION_CONNECTOR = ""
    assert "Điền theo CSDL dân cư" not in desk.get(PAGE, {"thu_tuc": world.version.pk}).content.decode()


def test_fills_name_and_address_marked_as_from_the_population_database(desk, world, population):
    assert "Điền theo CSDL dân cư" in desk.get(PAGE, {"thu_tuc": world.version.pk}).content.decode()
    page = ask(desk, world, applicant_name="Tên gõ nhầm").content.decode()
    assert "Theo CSDL quốc gia về dân cư" in page
    assert 'value="Nguyễn Thị Thu Hà" data-population aria-describedby="theo-dan-cu"' in page
    assert "12/04/1990" in page and "Nữ" in page and "phường Phú Cường" in page
    access = PersonalDataAccess.objects.get()
    assert (access.official, access.agency, access.subject, access.purpose, access.source, access.found, access.procedure) == (
        world.staff[Role.RECEPTION], world.commune, HA, "counter_receipt", "population", "person", world.version.procedure,
    )
    assert f'name="population_access" value="{access.pk}"' in page
    [asked] = population.requests
    assert asked["procedure_code"] == world.version.procedure.code and asked["requester"]["agency_code"] == world.commune.code


def test_the_received_dossier_is_named_in_the_access_log(desk, world, population):
    ask(desk, world)
    access = PersonalDataAccess.objects.get()
    desk.post(PAGE, receipt(world, applicant_id_number=HA, applicant_name="Nguyễn Thị Thu Hà", population_access=[str(access.pk)]))
    dossier = Dossier.objects.get()
    access.refresh_from_db()
    assert access.dossier == dossier


def test_another_officers_look_up_is_not_attached(desk, world, population, client):
    ask(desk, world)
    access = PersonalDataAccess.objects.get()
    other = official_with_role(world.commune, Role.RECEPTION, username="pc.tiepnhan2")
    client.force_login(other)
    client.post(PAGE, receipt(world, applicant_id_number=HA, population_access=[str(access.pk)]))
    access.refresh_from_db()
    assert Dossier.objects.count() == 1 and access.dossier is None


@pytest.mark.parametrize(
    ("number", "says", "found"),
    [
        ("074000000001", "không có công dân mang số định danh 074000000001", "not_found"),
        ("074099000000", "trả lời không đúng định dạng", "malformed"),
    ],
)
def test_nobody_found_leaves_the_fields_to_type(desk, world, population, number, says, found):
    page = ask(desk, world, number, applicant_name="Tên đã gõ").content.decode()
    assert says in page
    assert 'value="Tên đã gõ"' in page and "data-population" not in page
    assert PersonalDataAccess.objects.get().found == found


def test_a_time_out_is_said_and_recorded(desk, world, population, settings):
    settings.POPULATION_TIMEOUT = 0.3
    population.delay = 2
    page = ask(desk, world).content.decode()
    assert "không trả lời trong 0.3 giây" in page and "Vui lòng nhập thông tin" in page
    assert PersonalDataAccess.objects.get().found == "unavailable"


def test_a_refusal_is_said_and_recorded(desk, world, population, settings, credentials):
    settings.POPULATION_SIGNING_KEY = str(credentials.other_signing_key)
    page = ask(desk, world).content.decode()
    assert "từ chối yêu cầu tra cứu (mã 401)" in page
    assert PersonalDataAccess.objects.get().found == "refused"


def test_a_tax_code_is_not_asked(desk, world, population):
    page = ask(desk, world, "3702845168").content.decode()
    assert "chỉ tra được theo số định danh cá nhân" in page
    assert not PersonalDataAccess.objects.exists() and population.requests == []


def test_without_javascript_the_button_refills_the_page_and_receives_nothing(desk, world, population):
    page = desk.post(PAGE, receipt(world, applicant_id_number=HA, applicant_name="", tra_cuu_dan_cu="1")).content.decode()
    assert 'value="Nguyễn Thị Thu Hà"' in page and 'value="Cấp bản sao trích lục"' in page
    assert nothing_written()


def test_a_procedure_is_required(desk, world, population):
    assert desk.get(URL, {"co_quan": world.commune.pk, "applicant_id_number": HA}).status_code == 404
    assert not PersonalDataAccess.objects.exists()


def test_counts_towards_the_hourly_limit(desk, world, population, settings):
    settings.APPLICANT_LOOKUPS_PER_HOUR = 1
    ask(desk, world)
    page = ask(desk, world).content.decode()
    assert "Bạn đã tra cứu 1 người nộp trong một giờ qua" in page
    assert PersonalDataAccess.objects.count() == 1


@pytest.mark.parametrize("role", [Role.HANDLER, Role.LEADER])
def test_only_reception_officers(client, world, population, role):
    client.force_login(world.staff[role])
    assert ask(client, world).status_code == 403
    assert not PersonalDataAccess.objects.exists()


def test_only_procedures_of_the_officers_agency(desk, world, population):
    assert desk.get(URL, {"co_quan": world.other_commune.pk, "thu_tuc": world.version.pk, "applicant_id_number": HA}).status_code == 404
    assert not PersonalDataAccess.objects.exists()


def test_citizens_and_anonymous_visitors_are_kept_out(client, world, population):
    assert ask(client, world).status_code == 302
    client.force_login(world.citizen)
    assert ask(client, world).status_code == 403
    assert not PersonalDataAccess.objects.exists()


def test_a_look_up_made_before_another_is_still_attached(desk, world, population):
    ask(desk, world)
    first = PersonalDataAccess.objects.get()
    page = desk.post(
        PAGE, receipt(world, applicant_id_number=HA, tra_cuu_dan_cu="1", population_access=[str(first.pk), "9" * 40])
    ).content.decode()
    assert f'name="population_access" value="{first.pk}"' in page
    second = PersonalDataAccess.objects.latest("pk")
    desk.post(PAGE, receipt(world, applicant_id_number=HA, population_access=[str(first.pk), str(second.pk), "9" * 40]))
    assert set(PersonalDataAccess.objects.values_list("dossier", flat=True)) == {Dossier.objects.get().pk}
