"""The desk's identity check (/mot-cua/tiep-nhan/xac-minh-danh-tinh/): the officer finds the
account of the person in front of them by the number on their card and the email or phone
they name, compares, and confirms with the paper they saw."""

import pytest

from motcua.accounts.models import PersonalDataAccess, Role
from motcua.accounts.tests.factories import CitizenFactory, verified

pytestmark = pytest.mark.django_db

PAGE = "/mot-cua/tiep-nhan/xac-minh-danh-tinh/"
NUMBER = "074190000555"


@pytest.fixture
def desk(client, world):
    client.force_login(world.staff[Role.RECEPTION])
    return client


@pytest.fixture
def account():
    return CitizenFactory(national_id=NUMBER, full_name="Phạm Minh Khoa", email="khoa@example.vn", phone="0987654321")


def find(desk, world, **changes):
    return desk.post(PAGE, {"co_quan": world.commune.pk, "tim": "1", "identifier": NUMBER, "contact": "khoa@example.vn", **changes})


def confirm(desk, world, **changes):
    values = {
        "co_quan": world.commune.pk, "xac_minh": "1", "identifier": NUMBER, "contact": "khoa@example.vn",
        "document_kind": "the_can_cuoc", "document_details": "074190000555, cấp ngày 01/02/2021", "compared": "on",
    }
    return desk.post(PAGE, {**values, **changes})


def test_the_officer_finds_the_account_by_number_and_contact_then_verifies_it(desk, world, account):
    found = find(desk, world)
    page = found.content.decode()
    assert found.status_code == 200 and "Phạm Minh Khoa" in page and "Chưa xác minh danh tính" in page
    # The account's contact details are not shown: the person named them, the officer compares the name.
    assert "0987654321" not in page

    done = confirm(desk, world)

    assert done.status_code == 302 and done["Location"] == f"{PAGE}?co_quan={world.commune.pk}"
    account.refresh_from_db()
    verification = account.identity_verification
    assert (verification.official, verification.agency, verification.document) == (
        world.staff[Role.RECEPTION], world.commune, "Thẻ căn cước: 074190000555, cấp ngày 01/02/2021",
    )
    assert "Đã xác minh danh tính tài khoản của Phạm Minh Khoa" in desk.get(done["Location"]).content.decode()


def test_a_number_with_the_wrong_contact_lists_no_account(desk, world, account):
    CitizenFactory(national_id=NUMBER, full_name="Kẻ Mạo Danh", email="ke@example.vn")

    page = find(desk, world, contact="nguoi-khac@example.vn").content.decode()

    assert "Không có tài khoản nào khai báo số này" in page
    assert "Phạm Minh Khoa" not in page and "Kẻ Mạo Danh" not in page


def test_every_search_is_recorded_and_limited_like_the_counters_look_up(desk, world, account, settings):
    settings.APPLICANT_LOOKUPS_PER_HOUR = 2
    find(desk, world)
    find(desk, world, contact="ai-do@example.vn")

    refused = find(desk, world)

    assert refused.status_code == 429 and "Phạm Minh Khoa" not in refused.content.decode()
    assert list(PersonalDataAccess.objects.order_by("pk").values_list("subject", "purpose", "found", "agency")) == [
        (NUMBER, "identity_check", "account", world.commune.pk), (NUMBER, "identity_check", "", world.commune.pk),
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"compared": ""}, "This field is required|Trường này là bắt buộc"),
        ({"document_kind": ""}, "This field is required|Trường này là bắt buộc"),
        ({"document_details": ""}, "This field is required|Trường này là bắt buộc"),
        ({"identifier": "12345"}, "không hợp lệ"),
        ({"contact": "ai-do@example.vn"}, "Không có tài khoản nào khai báo số này"),
    ],
)
def test_an_incomplete_confirmation_is_refused_and_verifies_nothing(desk, world, account, changes, message):
    import re

    response = confirm(desk, world, **changes)

    assert response.status_code == 400
    assert re.search(message, response.content.decode())
    account.refresh_from_db()
    assert account.identity_verification is None


def test_a_number_verified_elsewhere_is_refused_with_what_to_do(desk, world, account):
    verified(CitizenFactory(national_id="074190000999"), NUMBER)

    response = confirm(desk, world)

    assert response.status_code == 400
    assert "đã được xác minh cho một tài khoản khác" in response.content.decode()
    account.refresh_from_db()
    assert account.identity_verification is None


def test_an_officer_verifies_only_at_a_desk_of_their_own(desk, world, account):
    response = confirm(desk, world, co_quan=world.other_commune.pk)
    assert response.status_code == 404
    account.refresh_from_db()
    assert account.identity_verification is None


def test_the_receipt_summary_offers_the_check_for_the_applicants_number(desk, world):
    dossier = world.receive()
    page = desk.get(f"/mot-cua/tiep-nhan/ho-so/{dossier.code}/").content.decode()
    assert f"{PAGE}?co_quan={world.commune.pk}&amp;so=074190000123" in page
    assert 'value="074190000123"' in desk.get(PAGE, {"co_quan": world.commune.pk, "so": "074190000123"}).content.decode()
