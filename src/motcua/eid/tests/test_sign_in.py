"""Signing in with the national e-ID, against the stand-in provider (a real OpenID Provider)
through the whole authorization-code flow: what is accepted, and every refusal with its
Vietnamese message and nothing changed."""

import pytest
from django.contrib.auth import SESSION_KEY

from motcua.accounts.models import IdentityVerification, User
from motcua.accounts.tests.factories import verified
from motcua.eid import levels
from motcua.eid.models import ProviderSession
from motcua.eid.sessions import SESSION_KEY as EID_SESSION_KEY
from motcua.eid.tests.conftest import sign_in
from motcua.eid.tests.standin import path_of

AN = "001090012345"  # cd-an at the stand-in, level 2
CUONG = "036095011223"  # cd-cuong, whose VNeID account reaches level 1 only
HOA_SEN = "0101234567"  # tc-hoa-sen, an organisation


def counts():
    return User.objects.count(), IdentityVerification.objects.count(), ProviderSession.objects.count()


def signed_in(rp) -> User | None:
    pk = rp.session.get(SESSION_KEY)
    return User.objects.get(pk=pk) if pk else None


def assert_refused(response, message: str, before) -> None:
    assert response.status_code == 403
    assert message in response.content.decode()
    assert counts() == before


@pytest.mark.django_db
def test_a_citizen_signs_in_for_the_first_time_with_a_verified_number_and_a_prefilled_profile(rp, person):
    response = sign_in(rp, person, "cd-an")

    assert response.status_code == 302 and response["Location"] == "/dang-nhap/tiep-tuc/"
    account = signed_in(rp)
    assert account.kind == User.Kind.CITIZEN and account.national_id == AN and account.verified_identifier == AN
    verification = account.identity_verification
    assert verification.method == IdentityVerification.Method.NATIONAL_EID
    assert verification.assurance_level == levels.LEVEL_2
    assert account.full_name == "Nguyễn Văn An" and str(account.birth_date) == "1990-05-12"
    assert account.address.startswith("Số 12 phố Hàng Bài") and account.phone == "0912345678"
    assert set(account.eid_fields) == {"full_name", "birth_date", "address", "phone", "national_id"}
    assert not account.has_usable_password()
    assert rp.session[EID_SESSION_KEY]["acr"] == levels.LEVEL_2
    assert ProviderSession.objects.get(session_key=rp.session.session_key).sub == "cd-an"


@pytest.mark.django_db
def test_an_organisation_signs_in_with_its_tax_code(rp, person):
    sign_in(rp, person, "tc-hoa-sen")

    account = signed_in(rp)
    assert account.kind == User.Kind.ORGANISATION and account.verified_identifier == HOA_SEN
    assert account.full_name == "Công ty TNHH Thương mại Hoa Sen" and account.birth_date is None
    assert "tax_code" in account.eid_fields


@pytest.mark.django_db
def test_the_owner_of_the_verified_number_signs_in_to_their_own_account(rp, person, django_user_model):
    owner = verified(django_user_model.objects.create_user("cd-owner", kind=User.Kind.CITIZEN, full_name="Tên cũ"), AN)
    before = counts()

    sign_in(rp, person, "cd-an")

    assert signed_in(rp) == owner
    owner.refresh_from_db()
    assert owner.full_name == "Nguyễn Văn An"
    assert counts()[:2] == before[:2]


@pytest.mark.django_db
def test_a_signed_in_account_claiming_the_number_gets_it_verified_and_an_impostors_claim_is_withdrawn(rp, person, django_user_model):
    own = django_user_model.objects.create_user("cd-own", kind=User.Kind.CITIZEN, national_id=AN)
    impostor = django_user_model.objects.create_user("cd-impostor", kind=User.Kind.CITIZEN, national_id=AN)
    rp.force_login(own)

    sign_in(rp, person, "cd-an")

    own.refresh_from_db()
    impostor.refresh_from_db()
    assert signed_in(rp) == own and own.verified_identifier == AN
    assert impostor.national_id == ""


@pytest.mark.django_db
def test_an_id_verified_on_another_account_is_refused_and_nothing_changes(rp, person, django_user_model):
    verified(django_user_model.objects.create_user("cd-owner", kind=User.Kind.CITIZEN), AN)
    other = django_user_model.objects.create_user("cd-other", kind=User.Kind.CITIZEN, full_name="Người khác")
    rp.force_login(other)
    before = counts()

    response = sign_in(rp, person, "cd-an")

    assert_refused(response, "đã được xác minh cho một tài khoản khác", before)
    other.refresh_from_db()
    assert other.national_id == "" and other.identity_verification_id is None and other.full_name == "Người khác"
    assert EID_SESSION_KEY not in rp.session


@pytest.mark.django_db
def test_cancelling_at_the_provider_is_refused_and_nothing_changes(rp, person):
    before = counts()

    response = sign_in(rp, person, cancel=True)

    assert_refused(response, "Bạn đã hủy đăng nhập tại VNeID", before)
    assert signed_in(rp) is None


@pytest.mark.django_db
def test_a_wrong_state_is_refused_and_nothing_changes(rp, person):
    start = rp.get("/dinh-danh/dang-nhap/")
    back = person.sign_in(start["Location"], "cd-an")
    before = counts()

    response = rp.get(path_of(back).replace("state=", "state=gia-mao"))

    assert_refused(response, "tham số state không đúng", before)
    assert signed_in(rp) is None


@pytest.mark.django_db
def test_a_replayed_code_is_refused_by_the_provider_and_nothing_changes(rp, person):
    start = rp.get("/dinh-danh/dang-nhap/")
    back = person.sign_in(start["Location"], "cd-an")
    # What an attacker holding the browser's session and the callback address would replay.
    pending = {key: value for key, value in rp.session.items() if key.startswith("_state_")}
    rp.get(path_of(back))
    rp.logout()
    session = rp.session
    session.update(pending)
    session.save()
    before = counts()

    response = rp.get(path_of(back))

    assert_refused(response, "Mã cấp quyền của VNeID không hợp lệ hoặc đã được dùng", before)
    assert signed_in(rp) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "forgery, message",
    [
        ({"expired": True}, "đã hết hạn"),
        ({"iss": "https://vneid.gia-mao.example"}, "không do máy chủ VNeID đã cấu hình cấp"),
        ({"aud": "ung-dung-khac"}, "không cấp cho MotCua"),
        ({"foreign_key": True}, "Chữ ký của thông tin định danh không đúng khóa của VNeID"),
    ],
    ids=["expired", "wrong-issuer", "wrong-audience", "bad-signature"],
)
def test_an_id_token_that_does_not_verify_is_refused_and_nothing_changes(rp, person, eid, forgery, message):
    before = counts()
    eid.forge_next_token(**forgery)

    response = sign_in(rp, person, "cd-an")

    assert_refused(response, message, before)
    assert signed_in(rp) is None


@pytest.mark.django_db
def test_a_next_address_elsewhere_is_not_followed(rp, person):
    response = sign_in(rp, person, "cd-an", next="https://lua-dao.example/")

    assert response["Location"] == "/dang-nhap/tiep-tuc/"


@pytest.mark.django_db
def test_without_an_issuer_the_sign_in_is_off(rp, settings):
    settings.EID_ISSUER = ""

    assert rp.get("/dinh-danh/dang-nhap/").status_code == 404
    assert "Đăng nhập bằng VNeID" not in rp.get("/dang-nhap/").content.decode()


@pytest.mark.django_db
def test_the_sign_in_page_offers_the_e_id(rp, eid):
    page = rp.get("/dang-nhap/").content.decode()

    assert "Đăng nhập bằng VNeID" in page and 'href="/dinh-danh/dang-nhap/"' in page


@pytest.mark.django_db
def test_an_official_signed_in_is_refused_and_nothing_changes(rp, person, django_user_model):
    official = django_user_model.objects.create_user("canbo", kind=User.Kind.OFFICIAL)
    rp.force_login(official)
    before = counts()

    response = sign_in(rp, person, "cd-an")

    assert_refused(response, "Tài khoản cán bộ không đăng nhập bằng VNeID", before)
    assert signed_in(rp) == official


@pytest.mark.django_db
def test_a_citizen_account_cannot_take_an_organisation_s_tax_code(rp, person, django_user_model):
    citizen = django_user_model.objects.create_user("cd-lan", kind=User.Kind.CITIZEN)
    rp.force_login(citizen)
    before = counts()

    response = sign_in(rp, person, "tc-hoa-sen")

    assert_refused(response, "không liên kết được", before)
    citizen.refresh_from_db()
    assert citizen.tax_code == "" and citizen.identity_verification_id is None
