"""Who holds a national ID: a number an account claims is trusted for nothing until it is
verified, and its verification by the owner takes it over from every claimant.

The first test is the security review's finding played through the site: an impostor signs up
with somebody else's number before the owner does, and the owner then files on paper."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from motcua.accounts import permissions
from motcua.accounts.models import IdentityVerification, Role, User
from motcua.accounts.tests.factories import CitizenFactory, OfficialFactory, UserFactory, verified
from motcua.citizens import identity
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier
from motcua.notifications.models import Message

pytestmark = pytest.mark.django_db

NUMBER = "074190000123"  # the number world.applicant() is received under
PASSWORD = "Hoa-sen-no-1975!"


def verify_at_counter(world, account, **changes):
    values = dict(
        account=account, method=IdentityVerification.Method.COUNTER, official=world.staff[Role.RECEPTION],
        agency=world.commune, document="Thẻ căn cước: 074190000123, cấp ngày 01/02/2021",
    )
    return identity.verify(**{**values, **changes})


def test_an_impostor_who_claims_a_number_gets_nothing_of_its_paper_dossiers(client, world, smtp_inbox):
    client.post("/tai-khoan/dang-ky/", {
        "kind": "citizen", "full_name": "Kẻ Mạo Danh", "national_id": NUMBER, "email": "ke@example.vn",
        "phone": "0900000001", "password1": PASSWORD, "password2": PASSWORD,
    })
    impostor = User.objects.get(email="ke@example.vn")
    User.objects.filter(pk=impostor.pk).update(is_active=True)  # the impostor's own email is real

    # The owner files on paper; the desk looks the number up before typing anything.
    desk = client
    desk.force_login(world.staff[Role.RECEPTION])
    lookup = desk.get("/mot-cua/tiep-nhan/nguoi-nop/", {"applicant_id_number": NUMBER}).content.decode()
    assert "Kẻ Mạo Danh" not in lookup and "0900000001" not in lookup and "ke@example.vn" not in lookup
    dossier = world.receive()

    client.force_login(impostor)
    assert dossier.code not in client.get("/tai-khoan/ho-so/").content.decode()
    assert client.get(f"/tai-khoan/ho-so/{dossier.code}/").status_code == 404
    assert client.post(f"/tai-khoan/ho-so/{dossier.code}/rut/", {"reason": "Không cần nữa"}).status_code == 404
    assert not Message.objects.filter(user=impostor, dossier=dossier).exists()
    dossier.refresh_from_db()
    assert dossier.state != "withdrawn"


def test_verification_at_the_counter_records_who_where_when_and_which_papers(world):
    account = CitizenFactory(national_id=NUMBER)

    verification = verify_at_counter(world, account)

    account.refresh_from_db()
    assert account.identity_verification == verification and account.verified_identifier == NUMBER
    assert (verification.identifier, verification.method, verification.official, verification.agency) == (
        NUMBER, "counter", world.staff[Role.RECEPTION], world.commune,
    )
    assert verification.document == "Thẻ căn cước: 074190000123, cấp ngày 01/02/2021" and verification.at is not None
    told = Message.objects.get(user=account, topic="identity_verified", channel="inapp")
    assert "••••••••0123" in told.body


def test_the_owners_verification_takes_the_number_over_and_each_claimant_is_told(world):
    first = CitizenFactory(national_id=NUMBER, username=NUMBER)  # named after the number, as accounts once were
    second = CitizenFactory(national_id=NUMBER, email="hai@example.vn")
    owner = CitizenFactory(national_id=NUMBER)

    verify_at_counter(world, owner)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.national_id == second.national_id == ""
    assert first.username != NUMBER and first.username.startswith("cd-")
    for claimant in (first, second):
        assert Message.objects.filter(user=claimant, topic="identity_taken_over", channel="inapp").exists()
    assert Message.objects.get(user=second, topic="identity_taken_over", channel="email").address == "hai@example.vn"
    assert list(User.objects.filter(national_id=NUMBER)) == [owner]


def test_an_officials_own_record_of_the_number_is_not_a_claim_and_stays(world):
    official = OfficialFactory(national_id=NUMBER)
    verify_at_counter(world, CitizenFactory(national_id=NUMBER))
    official.refresh_from_db()
    assert official.national_id == NUMBER and not Message.objects.filter(user=official).exists()


def test_paper_dossiers_received_before_the_verification_then_belong_to_the_owner(world):
    dossier = world.receive()
    owner = CitizenFactory(national_id=NUMBER)
    assert not permissions.is_owner(owner, dossier)

    verify_at_counter(world, owner)
    owner.refresh_from_db()

    assert permissions.is_owner(owner, dossier) and permissions.owner_account(dossier) == owner
    assert list(permissions.visible_dossiers(owner, Dossier.objects.all())) == [dossier]
    # And the owner hears of what happens next, in the app.
    lifecycle.request_supplement(dossier=dossier, actor=world.staff[Role.RECEPTION], items=["Ảnh 4x6"], reason="Thiếu ảnh")
    assert Message.objects.filter(user=owner, dossier=dossier, channel="inapp").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"document": "  "}, "Phải ghi giấy tờ gốc đã đối chiếu"),
        ({"document": "x" * 256}, "dài quá 255 ký tự"),
        ({"official": "handler"}, "Chỉ cán bộ tiếp nhận của cơ quan"),
        ({"official": "foreign"}, "Chỉ cán bộ tiếp nhận của cơ quan"),
        ({"agency": None}, "Chỉ cán bộ tiếp nhận của cơ quan"),
        ({"method": "sms"}, "Cách xác minh không hợp lệ"),
    ],
)
def test_a_verification_that_is_not_one_is_refused_and_changes_nothing(world, changes, message):
    account = CitizenFactory(national_id=NUMBER)
    claimant = CitizenFactory(national_id=NUMBER)
    officials = {"handler": world.staff[Role.HANDLER], "foreign": world.stranger[Role.RECEPTION]}
    if "official" in changes:
        changes["official"] = officials[changes["official"]]

    with pytest.raises(ValidationError, match=message):
        verify_at_counter(world, account, **changes)

    account.refresh_from_db()
    claimant.refresh_from_db()
    assert account.identity_verification is None and claimant.national_id == NUMBER
    assert not IdentityVerification.objects.exists() and not Message.objects.exists()


@pytest.mark.parametrize(
    "account",
    [
        lambda: CitizenFactory(national_id=NUMBER, is_active=False),
        lambda: CitizenFactory(national_id=""),
        lambda: OfficialFactory(national_id=NUMBER),
    ],
    ids=["not activated", "no number", "an official"],
)
def test_only_an_active_applicant_account_claiming_a_number_is_verified(world, account):
    with pytest.raises(ValidationError):
        verify_at_counter(world, account())
    assert not IdentityVerification.objects.exists()


def test_a_number_verified_for_one_account_is_not_verified_for_another(world):
    owner = verified(CitizenFactory(national_id=NUMBER))
    latecomer = CitizenFactory(national_id=NUMBER)

    with pytest.raises(ValidationError, match="đã được xác minh cho một tài khoản khác"):
        verify_at_counter(world, latecomer)
    with pytest.raises(identity.AlreadyVerified):
        verify_at_counter(world, owner)
    latecomer.refresh_from_db()
    assert latecomer.identity_verification is None and latecomer.national_id == NUMBER


def test_the_database_holds_one_verified_account_per_number(world):
    verified(CitizenFactory(national_id=NUMBER))
    other = CitizenFactory(national_id=NUMBER)
    with pytest.raises(IntegrityError), transaction.atomic():
        verified(other)


def test_an_organisation_is_verified_by_its_tax_code(world):
    company = UserFactory(kind=User.Kind.ORGANISATION, tax_code="3700123456")
    claimant = UserFactory(kind=User.Kind.ORGANISATION, tax_code="3700123456")

    verify_at_counter(world, company, document="Giấy chứng nhận đăng ký doanh nghiệp số 3700123456")

    company.refresh_from_db()
    claimant.refresh_from_db()
    assert company.verified_identifier == "3700123456" and claimant.tax_code == ""


def test_the_counter_finds_a_claim_only_by_its_number_and_its_own_email_or_phone(world):
    account = CitizenFactory(national_id=NUMBER, email="lan@example.vn", phone="0912345678")
    CitizenFactory(national_id=NUMBER, email="khac@example.vn")

    assert identity.claimant(NUMBER, "LAN@example.vn") == account
    assert identity.claimant(NUMBER, "0912 345 678") == account
    assert identity.claimant(NUMBER, "nobody@example.vn") is None
    assert identity.claimant("074190000999", "lan@example.vn") is None
    assert identity.claimant(NUMBER, "") is None


def test_an_e_id_sign_in_vouches_for_the_number_without_an_official(world):
    account = CitizenFactory(national_id=NUMBER)

    verification = identity.verify(account=account, method=IdentityVerification.Method.NATIONAL_EID, assurance_level="2")

    assert (verification.official, verification.agency, verification.assurance_level) == (None, None, "2")
    assert verification.get_method_display() == "Đăng nhập bằng định danh điện tử quốc gia (VNeID)"
