"""Counter computers are shared: every answer that may show personal data tells the browser and
any proxy to keep nothing (Cache-Control: private, no-store), so that the next person at the
counter finds nothing in the back button or the history. That is every answer to a signed-in
user, official or applicant, and the public pages that show a dossier or a person to whoever
holds its code and second factor or its token. The catalog and static files stay cacheable."""

import pytest
from django.test import Client, override_settings

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import verified
from motcua.dossiers.tests.conftest import World
from motcua.portal.tests.conftest import ID_LAST4, returned


@pytest.fixture
def world(db) -> World:
    world = World()
    world.dossier = returned(world)
    verified(world.citizen, world.dossier.applicant_id_number)
    return world


def kept_by_nobody(answer) -> bool:
    directives = {part.strip() for part in answer.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives and "public" not in directives


def test_every_answer_to_an_official_is_kept_by_nobody(client, world):
    client.force_login(world.staff[Role.RECEPTION])
    code = world.dossier.code
    for address in ("/mot-cua/", f"/mot-cua/ho-so/{code}/", f"/mot-cua/bieu-mau/{code}/mau-01/", "/", "/api/openapi.yaml"):
        assert kept_by_nobody(client.get(address)), address


def test_every_answer_to_an_applicant_is_kept_by_nobody(client, world):
    client.force_login(world.citizen)
    code = world.dossier.code
    for address in ("/tai-khoan/ho-so/", f"/tai-khoan/ho-so/{code}/", f"/tai-khoan/ho-so/{code}/mau-01/", "/thu-tuc/", "/thong-bao/"):
        assert kept_by_nobody(client.get(address)), address


def test_public_pages_that_show_a_dossier_or_a_person_are_kept_by_nobody(client, world):
    code = world.dossier.code
    found = client.post("/tra-cuu/", {"code": code, "factor": ID_LAST4})
    assert code in found.content.decode() and kept_by_nobody(found)
    at_the_kiosk = client.post("/kiosk/", {"code": code, "factor": ID_LAST4})
    assert code in at_the_kiosk.content.decode() and kept_by_nobody(at_the_kiosk)
    for address in (f"/tra-cuu/?ma={code}", f"/kiosk/?ma={code}", f"/danh-gia/{code}/", "/xac-thuc/", f"/thanh-toan/{code}/"):
        assert kept_by_nobody(client.get(address)), address


def test_the_catalog_stays_cacheable(client, world):
    for address in ("/", "/thu-tuc/", f"/thu-tuc/{world.version.procedure.code}/", "/minh-bach/"):
        answer = client.get(address)
        assert answer.status_code == 200 and "no-store" not in answer.get("Cache-Control", ""), address
    document = client.get("/api/openapi.yaml")
    assert document["Cache-Control"] == "public, max-age=3600" and "Cookie" not in document.get("Vary", "")


@override_settings(WHITENOISE_USE_FINDERS=True)
def test_static_files_stay_cacheable_even_for_a_signed_in_user(world):
    client = Client()  # a handler of its own, whose WhiteNoise serves the files from the apps
    client.force_login(world.staff[Role.RECEPTION])
    answer = client.get("/static/motcua/base.css")
    assert answer.status_code == 200 and "no-store" not in answer["Cache-Control"]
