"""The postal agents' pages (/buu-dien/): only the dossiers entrusted to them, and recording a delivery."""

import pytest

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import PostalAgentFactory
from motcua.dossiers import lifecycle
from motcua.dossiers.models import State
from motcua.dossiers.tests.conftest import World
from motcua.dossiers.tests.test_lifecycle import Kind, drive, later

LIST = "/buu-dien/"


@pytest.fixture
def world(db) -> World:
    return World()


def ready_by_post(world: World):
    """A result ready to be delivered by post, fees paid, entrusted to the world's postman."""
    dossier = drive(world, world.receive(delivery="post"), Kind.APPROVAL)
    dossier = lifecycle.approve(dossier=dossier, actor=world.staff[Role.LEADER], at=later(dossier))
    dossier = lifecycle.collect_fees(dossier=dossier, actor=world.staff[Role.RECEPTION], amount=50_000, at=later(dossier))
    return lifecycle.entrust_to_post(dossier=dossier, actor=world.staff[Role.RECEPTION], postal_agent=world.postman, at=later(dossier))


@pytest.fixture
def postman(client, world):
    client.force_login(world.postman)
    return client


def test_the_postman_sees_only_the_dossiers_entrusted_to_them(postman, world):
    mine = ready_by_post(world)
    not_entrusted = world.receive(delivery="post")
    page = postman.get(LIST).content.decode()
    assert mine.code in page and "12 Yersin, Phú Cường" in page and "0912345678" in page
    assert not_entrusted.code not in page


def test_the_dossier_page_shows_what_the_round_needs(postman, world):
    dossier = ready_by_post(world)
    page = postman.get(f"{LIST}ho-so/{dossier.code}/").content.decode()
    for expected in (dossier.code, "Trần Thị Lan", "12 Yersin, Phú Cường", "0912345678", dossier.procedure_version.name, "Cần giao"):
        assert expected in page
    assert "Ghi nhận đã giao" in page


def test_recording_the_delivery_returns_the_result_with_who_received_it(postman, world):
    dossier = ready_by_post(world)
    response = postman.post(
        f"{LIST}ho-so/{dossier.code}/", {"receiver_name": "Trần Thị Lan", "receiver_id_number": "074190000123", "note": "Giao tận nhà"}
    )
    assert response.status_code == 302 and response["Location"] == LIST
    dossier.refresh_from_db()
    assert dossier.state == State.RETURNED
    event = dossier.events.order_by("-sequence").first()
    assert (event.action, event.actor) == ("return_result", world.postman)
    assert event.note == "Giao tận nhà"
    assert (event.data["collected_by"], event.data["collected_id_number"]) == ("Trần Thị Lan", "074190000123")
    assert dossier.code not in postman.get(LIST).content.decode().split("Hồ sơ được giao cho tôi")[1]


def test_the_receiver_must_be_named_with_a_valid_id_number(postman, world):
    dossier = ready_by_post(world)
    page = postman.post(f"{LIST}ho-so/{dossier.code}/", {"receiver_name": "", "receiver_id_number": "0741"}).content.decode()
    assert "Số định danh cá nhân phải gồm đúng 12 chữ số." in page
    dossier.refresh_from_db()
    assert dossier.state == State.READY


def test_a_result_with_unpaid_fees_is_not_delivered(postman, world):
    dossier = drive(world, world.receive(delivery="post"), Kind.APPROVAL)
    dossier = lifecycle.approve(dossier=dossier, actor=world.staff[Role.LEADER], at=later(dossier))
    dossier = lifecycle.entrust_to_post(dossier=dossier, actor=world.staff[Role.RECEPTION], postal_agent=world.postman, at=later(dossier))
    page = postman.post(
        f"{LIST}ho-so/{dossier.code}/", {"receiver_name": "Trần Thị Lan", "receiver_id_number": "074190000123"}
    ).content.decode()
    assert "phí, lệ phí chưa thu" in page
    dossier.refresh_from_db()
    assert dossier.state == State.READY


def test_other_dossiers_and_other_postmen_get_404(client, world):
    dossier = ready_by_post(world)
    client.force_login(PostalAgentFactory())
    assert client.get(f"{LIST}ho-so/{dossier.code}/").status_code == 404
    assert client.post(f"{LIST}ho-so/{dossier.code}/", {"receiver_name": "X", "receiver_id_number": "074190000123"}).status_code == 404
    assert dossier.code not in client.get(LIST).content.decode()
    dossier.refresh_from_db()
    assert dossier.state == State.READY


def test_the_postman_cannot_open_the_back_office(postman, world):
    dossier = ready_by_post(world)
    assert postman.get("/mot-cua/").status_code == 403
    assert postman.get(f"/mot-cua/ho-so/{dossier.code}/").status_code in {403, 404}
    assert postman.get("/mot-cua/tiep-nhan/moi/").status_code == 403


def test_officials_and_citizens_are_refused(client, world):
    for user in (world.staff[Role.RECEPTION], world.citizen):
        client.force_login(user)
        assert client.get(LIST).status_code == 403


def test_signing_in_from_the_postal_page_comes_back_to_it(client, world):
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"] == "/dang-nhap/?next=/buu-dien/"
    signed_in = client.post("/dang-nhap/?next=/buu-dien/", {"username": "buudien", "password": "matkhau-thu-nghiem", "next": "/buu-dien/"})
    assert signed_in["Location"] == LIST


def test_the_agent_records_collecting_the_result_before_delivering_it(postman, world):
    dossier = ready_by_post(world)
    page = postman.get(f"{LIST}ho-so/{dossier.code}/").content.decode()
    assert "Đã nhận kết quả tại bộ phận một cửa" in page
    response = postman.post(f"{LIST}ho-so/{dossier.code}/", {"collect": "1"})
    assert response.status_code == 302
    assert dossier.events.order_by("-sequence").first().action == "postal_collect"
    assert "Đã nhận kết quả tại bộ phận một cửa" not in postman.get(f"{LIST}ho-so/{dossier.code}/").content.decode()
    postman.post(f"{LIST}ho-so/{dossier.code}/", {"collect": "1"})
    assert dossier.events.filter(action="postal_collect").count() == 1
