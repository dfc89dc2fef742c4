"""Opening an account, proving its email address over a real SMTP exchange, signing in with
the identifiers people remember, resetting a password, and the profile."""

import re
from unittest import mock

import pytest
from django.core import signing

from motcua.accounts.models import User
from motcua.accounts.tests.factories import CitizenFactory, OfficialFactory
from motcua.citizens import verification
from motcua.notifications import worker
from motcua.notifications.models import Message, State

pytestmark = pytest.mark.django_db

PASSWORD = "Hoa-sen-no-1975!"
CITIZEN = {
    "kind": "citizen",
    "full_name": "Phạm Minh Châu",
    "national_id": "074095001234",
    "email": "chau@example.vn",
    "phone": "0912 345 678",
    "password1": PASSWORD,
    "password2": PASSWORD,
}
ORGANISATION = {
    "kind": "organisation",
    "full_name": "Công ty TNHH Bình Minh",
    "tax_code": "3701234567",
    "email": "ketoan@binhminh.vn",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


def sign_up(client, **changes):
    return client.post("/tai-khoan/dang-ky/", {**CITIZEN, **changes})


def sent(inbox):
    """The inbox once the notification sender has sent what is due (account emails are
    queued with the change that causes them, like every message)."""
    worker.run_once()
    return inbox


def link_in(inbox) -> str:
    match = re.search(r"https?://\S+/tai-khoan/xac-minh/\S+/", inbox.body())
    assert match, inbox.body()
    return match.group(0)


def test_citizen_signs_up_and_the_emailed_link_activates_the_account(client, smtp_inbox):
    response = sign_up(client)

    assert response.status_code == 200
    assert "Chúng tôi đã gửi liên kết xác minh tới chau@example.vn" in response.content.decode()
    user = User.objects.get(national_id="074095001234")
    assert (user.kind, user.username, user.full_name, user.phone, user.is_active) == (
        "citizen", "074095001234", "Phạm Minh Châu", "0912345678", False,
    )
    assert user.check_password(PASSWORD)
    assert len(sent(smtp_inbox).messages) == 1
    assert sent(smtp_inbox).recipients[0] == ["chau@example.vn"]
    assert sent(smtp_inbox).messages[0]["Subject"] == "Xác minh tài khoản dịch vụ công"

    page = client.get(link_in(sent(smtp_inbox)).split("testserver", 1)[1])

    assert page.status_code == 200
    assert "Tài khoản của bạn đã được kích hoạt" in page.content.decode()
    user.refresh_from_db()
    assert user.is_active


def test_organisation_signs_up_with_its_tax_code(client, smtp_inbox):
    response = client.post("/tai-khoan/dang-ky/", ORGANISATION)

    assert response.status_code == 200
    user = User.objects.get(tax_code="3701234567")
    assert (user.kind, user.username, user.national_id, user.is_active) == ("organisation", "3701234567", "", False)
    assert sent(smtp_inbox).recipients == [["ketoan@binhminh.vn"]]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"national_id": "07409500123"}, "national_id", "Số định danh cá nhân phải gồm đúng 12 chữ số."),
        ({"national_id": "07409500123x"}, "national_id", "Số định danh cá nhân phải gồm đúng 12 chữ số."),
        ({"national_id": "0740950012345"}, "national_id", "Số định danh cá nhân phải gồm đúng 12 chữ số."),
        ({"national_id": ""}, "national_id", "Phải nhập số định danh cá nhân."),
        ({"password1": "12345678", "password2": "12345678"}, "password1", "Mật khẩu này quá phổ biến."),
        ({"password1": "abc", "password2": "abc"}, "password1", "Mật khẩu này quá ngắn"),
        ({"password2": "khac-han-mat-khau-1"}, "password2", "Hai mật khẩu không khớp nhau."),
        ({"email": ""}, "email", "Chưa gửi được tin nhắn xác minh số điện thoại"),
        ({"email": "", "phone": ""}, "email", "Phải nhập thư điện tử hoặc số điện thoại di động"),
        ({"email": "khong-phai-email"}, "email", None),
        ({"phone": "12345"}, "phone", "Số điện thoại không hợp lệ"),
        ({"kind": "official"}, "kind", None),
    ],
)
def test_sign_up_refuses_bad_input_in_vietnamese_and_writes_nothing(client, smtp_inbox, changes, field, message):
    response = sign_up(client, **changes)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert message in " ".join(errors[field])
        assert message in response.content.decode()
    assert not User.objects.filter(full_name="Phạm Minh Châu").exists()
    assert sent(smtp_inbox).messages == []


def test_a_national_id_or_email_already_used_cannot_sign_up_again(client, smtp_inbox):
    CitizenFactory(national_id="074095001234", email="nguoi.khac@example.vn")

    taken_id = sign_up(client)
    taken_email = sign_up(client, national_id="074095009999", email="Nguoi.Khac@example.vn")

    assert "Số định danh cá nhân này đã có tài khoản." in taken_id.context["form"].errors["national_id"]
    assert "Thư điện tử này đã được dùng cho một tài khoản khác." in taken_email.context["form"].errors["email"]
    assert User.objects.filter(kind="citizen").count() == 1
    assert sent(smtp_inbox).messages == []


def test_a_tax_code_already_used_cannot_sign_up_again(client, smtp_inbox):
    client.post("/tai-khoan/dang-ky/", ORGANISATION)

    again = client.post("/tai-khoan/dang-ky/", {**ORGANISATION, "email": "khac@binhminh.vn"})

    assert "Mã số thuế này đã có tài khoản." in again.context["form"].errors["tax_code"]
    assert User.objects.filter(tax_code="3701234567").count() == 1


def test_an_inactive_account_cannot_sign_in_before_verification(client, smtp_inbox):
    sign_up(client)

    assert not client.login(username="074095001234", password=PASSWORD)


def test_an_expired_link_is_refused(client, smtp_inbox, settings):
    sign_up(client)
    user = User.objects.get(national_id="074095001234")
    settings.EMAIL_VERIFICATION_HOURS = 48
    with mock.patch("django.core.signing.time.time", return_value=signing.time.time() - 49 * 3600):
        old_token = verification.make_token(user)

    response = client.get(f"/tai-khoan/xac-minh/{old_token}/")

    assert response.status_code == 400
    assert "Liên kết xác minh đã hết hạn" in response.content.decode()
    user.refresh_from_db()
    assert not user.is_active


@pytest.mark.parametrize(
    "forge",
    [
        lambda user: verification.make_token(user)[:-2] + "xx",
        lambda user: signing.dumps({"user": user.pk, "email": user.email}, salt="something-else"),
        lambda user: signing.dumps({"user": user.pk, "email": user.email}, key="not-our-secret-key", salt=verification.SALT),
    ],
    ids=["tampered", "other-salt", "other-key"],
)
def test_a_forged_link_is_refused(client, smtp_inbox, forge):
    sign_up(client)
    user = User.objects.get(national_id="074095001234")

    response = client.get(f"/tai-khoan/xac-minh/{forge(user)}/")

    assert response.status_code == 400
    assert "Liên kết xác minh không hợp lệ." in response.content.decode()
    user.refresh_from_db()
    assert not user.is_active


def test_a_link_signed_for_an_earlier_email_address_is_refused(client, smtp_inbox):
    sign_up(client)
    user = User.objects.get(national_id="074095001234")
    token = verification.make_token(user)
    User.objects.filter(pk=user.pk).update(email="moi@example.vn")

    response = client.get(f"/tai-khoan/xac-minh/{token}/")

    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.is_active


def test_a_link_cannot_activate_an_official_account(client):
    official = OfficialFactory(email="canbo@example.vn", is_active=False)

    response = client.get(f"/tai-khoan/xac-minh/{verification.make_token(official)}/")

    assert response.status_code == 400
    official.refresh_from_db()
    assert not official.is_active


def test_verification_mail_can_be_sent_again_without_revealing_accounts(client, smtp_inbox):
    sign_up(client)

    known = client.post("/tai-khoan/xac-minh/gui-lai/", {"email": "chau@example.vn"})
    unknown = client.post("/tai-khoan/xac-minh/gui-lai/", {"email": "ai-do@example.vn"})

    assert known.content.decode().count("Nếu địa chỉ này") == unknown.content.decode().count("Nếu địa chỉ này") == 1
    assert sent(smtp_inbox).recipients == [["chau@example.vn"], ["chau@example.vn"]]


def test_a_mail_server_down_delays_the_verification_mail_but_loses_nothing(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2

    response = sign_up(client)
    worker.run_once()

    assert "Chúng tôi đã gửi liên kết xác minh tới chau@example.vn" in response.content.decode()
    user = User.objects.get(national_id="074095001234")
    assert not user.is_active
    mail = Message.objects.get(user=user, topic="account_verification")
    # Waiting for its next attempt, the link still in it; the sender retries until the server answers.
    assert mail.state == State.PENDING and mail.attempts == 1 and "/tai-khoan/xac-minh/" in mail.body


def test_verification_mails_are_limited_and_their_link_is_erased_once_sent(client, smtp_inbox):
    sign_up(client)
    for _again in range(4):
        client.post("/tai-khoan/xac-minh/gui-lai/", {"email": "chau@example.vn"})
    user = User.objects.get(national_id="074095001234")
    assert Message.objects.filter(user=user, topic="account_verification").count() == 3
    assert len(sent(smtp_inbox).messages) == 3
    assert set(Message.objects.filter(user=user).values_list("body", flat=True)) == {""}
    assert all(not message.data.get("context") for message in Message.objects.filter(user=user))


@pytest.mark.parametrize("identifier", ["074095001234", "chau@example.vn", "CHAU@example.vn"])
def test_a_citizen_signs_in_with_national_id_or_email(client, identifier):
    CitizenFactory(national_id="074095001234", username="chau", email="chau@example.vn")

    response = client.post("/dang-nhap/", {"username": identifier, "password": "matkhau-thu-nghiem"}, follow=True)

    assert response.redirect_chain[-1][0] == "/tai-khoan/ho-so/"
    assert response.context["user"].username == "chau"


def test_an_organisation_signs_in_with_its_tax_code(client):
    CitizenFactory(kind="organisation", national_id="", tax_code="3701234567", username="binhminh")

    assert client.login(username="3701234567", password="matkhau-thu-nghiem")


def test_wrong_password_or_an_official_email_does_not_sign_in_through_the_identifiers(client):
    CitizenFactory(national_id="074095001234", email="chau@example.vn")
    OfficialFactory(username="canbo.x", email="canbo@example.vn")

    assert not client.login(username="chau@example.vn", password="sai-mat-khau")
    # Officials sign in with their user name only; their email is not an identifier.
    assert not client.login(username="canbo@example.vn", password="matkhau-thu-nghiem")


def test_password_reset_mail_lets_the_citizen_choose_a_new_password(client, smtp_inbox):
    CitizenFactory(national_id="074095001234", email="chau@example.vn")

    response = client.post("/tai-khoan/quen-mat-khau/", {"email": "chau@example.vn"}, follow=True)

    assert "thư có liên kết đặt lại mật khẩu đã được gửi" in response.content.decode()
    assert sent(smtp_inbox).messages[0]["Subject"].strip() == "Đặt lại mật khẩu tài khoản dịch vụ công"
    link = re.search(r"https?://testserver(/tai-khoan/dat-lai-mat-khau/\S+/)", sent(smtp_inbox).body()).group(1)
    form = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD}, follow=True)
    assert "Mật khẩu mới đã được lưu." in done.content.decode()
    assert client.login(username="074095001234", password=PASSWORD)


def test_password_reset_for_an_unknown_address_sends_nothing(client, smtp_inbox):
    response = client.post("/tai-khoan/quen-mat-khau/", {"email": "ai-do@example.vn"}, follow=True)

    assert response.status_code == 200
    assert sent(smtp_inbox).messages == []


def test_profile_updates_contact_details_but_never_the_verified_id(client):
    citizen = CitizenFactory(national_id="074095001234", email="chau@example.vn")
    client.force_login(citizen)

    page = client.get("/tai-khoan/ho-so-ca-nhan/")
    assert "074095001234" in page.content.decode()
    response = client.post(
        "/tai-khoan/ho-so-ca-nhan/",
        {"full_name": "Phạm Minh Châu", "address": "5 Bạch Đằng, Phú Cường", "phone": "0987654321",
         "email": "chau.moi@example.vn", "national_id": "079000000001", "kind": "official", "is_staff": "on"},
    )

    assert response.status_code == 302
    citizen.refresh_from_db()
    assert (citizen.full_name, citizen.address, citizen.phone, citizen.email) == (
        "Phạm Minh Châu", "5 Bạch Đằng, Phú Cường", "0987654321", "chau.moi@example.vn",
    )
    assert (citizen.national_id, citizen.kind, citizen.is_staff) == ("074095001234", "citizen", False)


def test_profile_refuses_an_email_of_another_account(client):
    CitizenFactory(email="da.co@example.vn")
    citizen = CitizenFactory(email="chau@example.vn")
    client.force_login(citizen)

    response = client.post("/tai-khoan/ho-so-ca-nhan/", {"full_name": "Châu", "email": "da.co@example.vn"})

    assert response.status_code == 200
    assert "Thư điện tử này đã được dùng cho một tài khoản khác." in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.email == "chau@example.vn"


def test_profile_needs_a_signed_in_applicant(client):
    assert client.get("/tai-khoan/ho-so-ca-nhan/")["Location"].startswith("/dang-nhap/")
    client.force_login(OfficialFactory())
    assert client.get("/tai-khoan/ho-so-ca-nhan/")["Location"] == "/dang-nhap/tiep-tuc/"


def test_a_sign_up_racing_another_for_the_same_id_gets_a_message_not_an_error(client, smtp_inbox, monkeypatch):
    from motcua.citizens.forms import SignUpForm

    CitizenFactory(national_id="074095001234", username="074095001234")
    # The other sign-up lands between this form's checks and its insert.
    monkeypatch.setattr(SignUpForm, "_check_identifier", lambda self, *args, **kwargs: None)

    response = sign_up(client)

    assert response.status_code == 200
    assert "Số định danh cá nhân hoặc mã số thuế này đã có tài khoản." in response.content.decode()
    assert User.objects.filter(national_id="074095001234").count() == 1
    assert sent(smtp_inbox).messages == []


def test_an_organisation_needs_a_valid_tax_code_and_a_national_id_sent_with_it_is_ignored(client, smtp_inbox):
    bad = client.post("/tai-khoan/dang-ky/", {**ORGANISATION, "tax_code": "37012345"})
    assert "Mã số thuế/mã số doanh nghiệp phải gồm 10 chữ số" in " ".join(bad.context["form"].errors["tax_code"])
    assert not User.objects.filter(full_name=ORGANISATION["full_name"]).exists()

    client.post("/tai-khoan/dang-ky/", {**ORGANISATION, "national_id": "074095001234"})

    organisation = User.objects.get(tax_code="3701234567")
    assert (organisation.kind, organisation.national_id) == ("organisation", "")


def test_password_reset_mails_are_limited_per_account(client, smtp_inbox):
    CitizenFactory(national_id="074095001234", email="chau@example.vn")
    for _again in range(5):
        client.post("/tai-khoan/quen-mat-khau/", {"email": "chau@example.vn"})
    assert len(sent(smtp_inbox).messages) == 3


def test_sign_ups_from_one_address_are_limited(client, settings, smtp_inbox):
    settings.SIGN_UP_MAX_PER_ADDRESS = 2
    for number in range(3):
        answer = sign_up(client, national_id=f"07409500123{number}", email=f"chau{number}@example.vn")
    assert "quá nhiều tài khoản được đăng ký từ địa chỉ mạng này" in answer.content.decode()
    assert User.objects.filter(national_id__startswith="07409500123").count() == 2
    assert len(sent(smtp_inbox).messages) == 2
