"""Filing online: a citizen whose national ID is verified starts with their name and
permanent address from the population database, the look-up recorded for that filing."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from motcua.accounts.models import PersonalDataAccess
from motcua.accounts.tests.factories import verified
from motcua.dossiers.models import Dossier
from motcua.filing.models import Draft, StoredDocument
from motcua.filing.tests.conftest import PDF, Filing

HA = "074190012345"


@pytest.fixture
def filing(db) -> Filing:
    return Filing()


def start(filing):
    client = filing.client_for(filing.citizen)
    client.post(f"/nop-ho-so/{filing.code}/", {"agency": filing.commune.pk})
    return client, Draft.objects.get()


def test_a_verified_citizen_starts_prefilled_and_marked(filing, population):
    verified(filing.citizen, HA)
    client, draft = start(filing)
    assert draft.data["applicant"]["applicant_name"] == "Nguyễn Thị Thu Hà"
    assert draft.data["applicant"]["applicant_address"].startswith("Số 15, đường Yersin")
    assert draft.data["applicant"]["applicant_phone"] == "0912345678"  # the rest still from the profile
    page = client.get(reverse("filing:step", args=[draft.pk, 2])).content.decode()
    assert "Theo CSDL quốc gia về dân cư" in page and "12/04/1990" in page and "Nữ" in page
    access = PersonalDataAccess.objects.get()
    assert (access.official, access.subject, access.purpose, access.source, access.found, access.agency, access.procedure) == (
        None, HA, "online_filing", "population", "person", filing.commune, filing.version.procedure,
    )
    assert population.requests[0]["purpose"] == "online_filing" and population.requests[0]["requester"]["official"] == ""


def test_an_unverified_claim_is_not_looked_up(filing, population):
    filing.citizen.national_id = HA
    filing.citizen.save()
    _client, draft = start(filing)
    assert draft.data["applicant"]["applicant_name"] == "Trần Thị Lan" and "population" not in draft.data
    assert not PersonalDataAccess.objects.exists() and population.requests == []


def test_nothing_is_asked_while_the_connector_is_off(filing, settings):
    settings.POPULATION_CONNECTOR = ""
    verified(filing.citizen, HA)
    _client, draft = start(filing)
    assert draft.data["applicant"]["applicant_name"] == "Trần Thị Lan"
    assert not PersonalDataAccess.objects.exists()


def test_a_failed_look_up_leaves_the_profile_and_says_why(filing, population, settings):
    settings.POPULATION_TIMEOUT = 0.3
    population.delay = 2
    verified(filing.citizen, HA)
    client, draft = start(filing)
    assert draft.data["applicant"]["applicant_name"] == "Trần Thị Lan"
    page = client.get(reverse("filing:step", args=[draft.pk, 2])).content.decode()
    assert "không trả lời trong 0.3 giây" in page and "Theo CSDL quốc gia về dân cư" not in page
    assert PersonalDataAccess.objects.get().found == "unavailable"


def test_the_submitted_dossier_is_named_in_the_access_log(filing, population):
    verified(filing.citizen, HA)
    client, draft = start(filing)
    paper = StoredDocument.objects.create(
        owner=filing.citizen, name="Tờ khai", file=ContentFile(PDF, "tai-lieu.pdf"), kind="pdf", sha256="a" * 64
    )
    draft.data.update({"form": {"noi_dung": "Cấp bản sao"}, "delivery": "counter", "documents": {str(filing.required.pk): paper.pk}})
    draft.step = 6
    draft.save()
    client.post(reverse("filing:step", args=[draft.pk, 6]), {"cam_doan": "1"})
    assert PersonalDataAccess.objects.get().dossier == Dossier.objects.get()
