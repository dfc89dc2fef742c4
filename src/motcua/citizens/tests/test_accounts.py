"""Opening an account, proving its email address over a real SMTP exchange, signing in with
the identifiers people remember, resetting a password, and the profile."""

import re
from unittest import mock

import pytest
from django.core import signing

from motcua.accounts.models import User
from motcua.accounts.tests.factories import CitizenFactory, OfficialFactory, verified
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
    assert (user.kind, user.full_name, user.phone, user.is_active, user.identity_verification) == (
        "citizen", "Phạm Minh Châu", "0912345678", False, None,
    )
    # The number is a claim, so it is not the account's name: people sign in with it or the email.
    assert user.username.startswith("cd-") and user.username != "074095001234"
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
    assert (user.kind, user.national_id, user.is_active) == ("organisation", "", False)
    assert user.username.startswith("tc-")
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


def main_text(response) -> str:
    """What a page says, without the parts that differ on every answer (the CSRF tokens)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def test_an_impostors_claim_on_a_national_id_does_not_keep_its_owner_out(client, smtp_inbox):
    impostor = CitizenFactory(national_id="074095001234", email="ke.mao.danh@example.vn", is_active=True)

    owner = sign_up(client)

    # Same answer as for a number nobody claims, and the owner's own account is opened.
    assert "Chúng tôi đã gửi liên kết xác minh tới chau@example.vn" in owner.content.decode()
    claims = User.objects.filter(national_id="074095001234")
    assert claims.count() == 2 and not claims.filter(identity_verification__isnull=False).exists()
    assert sent(smtp_inbox).recipients == [["chau@example.vn"]]
    impostor.refresh_from_db()
    assert impostor.national_id == "074095001234"


def test_sign_up_does_not_say_whether_a_number_already_has_an_account(client, smtp_inbox):
    CitizenFactory(national_id="074095001234", email="nguoi.khac@example.vn")
    CitizenFactory(kind="organisation", national_id="", tax_code="3701234567", email="cu@binhminh.vn")

    claimed = sign_up(client)
    fresh = sign_up(client, national_id="074095009999", email="chau2@example.vn")
    claimed_tax_code = client.post("/tai-khoan/dang-ky/", ORGANISATION)

    assert main_text(claimed).replace("chau@", "X@") == main_text(fresh).replace("chau2@", "X@")
    assert "Chúng tôi đã gửi liên kết xác minh tới ketoan@binhminh.vn" in claimed_tax_code.content.decode()


def test_signing_up_with_an_email_in_use_answers_as_for_a_new_one_and_tells_the_owner(client, smtp_inbox):
    owner = CitizenFactory(national_id="074095000001", email="chau@example.vn", full_name="Phạm Minh Châu")

    taken = sign_up(client, national_id="074095009999", email="Chau@example.vn")
    fresh = sign_up(client, national_id="074095008888", email="moi@example.vn")

    assert main_text(taken).replace("Chau@", "X@") == main_text(fresh).replace("moi@", "X@")
    # No account is opened with the address; its owner learns of the attempt and how to get back in.
    assert not User.objects.filter(national_id="074095009999").exists()
    inbox = sent(smtp_inbox)
    assert inbox.recipients == [["chau@example.vn"], ["moi@example.vn"]]
    assert inbox.messages[0]["Subject"].strip() == "Thư điện tử này đã có tài khoản dịch vụ công"
    notice = Message.objects.get(topic="sign_up_existing")
    assert notice.user == owner and "/tai-khoan/quen-mat-khau/" in notice.body


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


def test_passwords_are_at_least_twelve_characters(client, smtp_inbox):
    short = sign_up(client, password1="Hoa-sen-1975", password2="Hoa-sen-1975")
    shorter = sign_up(client, password1="Hoa-sen-197", password2="Hoa-sen-197")

    assert "Chúng tôi đã gửi liên kết xác minh" in short.content.decode()
    assert "Mật khẩu này quá ngắn: cần ít nhất 12 ký tự." in " ".join(shorter.context["form"].errors["password1"])


def test_a_national_id_signs_in_to_the_account_that_verified_it_only(client):
    owner = verified(CitizenFactory(national_id="074095001234", username="chau"))
    CitizenFactory(national_id="074095001234", username="ke.mao.danh", password="mat-khau-cua-ke-mao-danh")

    assert not client.login(username="074095001234", password="mat-khau-cua-ke-mao-danh")
    assert client.login(username="074095001234", password="matkhau-thu-nghiem")
    assert int(client.session["_auth_user_id"]) == owner.pk


def test_until_it_is_verified_a_number_signs_in_to_whichever_claiming_account_the_password_is_for(client):
    CitizenFactory(national_id="074095001234", username="ke.mao.danh", password="mat-khau-cua-ke-mao-danh")
    owner = CitizenFactory(national_id="074095001234", username="chau")

    assert client.login(username="074095001234", password="matkhau-thu-nghiem")
    assert int(client.session["_auth_user_id"]) == owner.pk


def test_an_applicant_does_not_sign_in_with_the_internal_user_name(client):
    CitizenFactory(national_id="074095001234", username="074095009999")

    assert not client.login(username="074095009999", password="matkhau-thu-nghiem")
    assert client.login(username="074095001234", password="matkhau-thu-nghiem")


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


def test_profile_updates_contact_details_but_never_the_id_nor_the_email(client):
    citizen = CitizenFactory(national_id="074095001234", email="chau@example.vn")
    client.force_login(citizen)

    page = client.get("/tai-khoan/ho-so-ca-nhan/")
    assert "074095001234" in page.content.decode() and "Chưa xác minh." in page.content.decode()
    response = client.post(
        "/tai-khoan/ho-so-ca-nhan/",
        {"full_name": "Phạm Minh Châu", "address": "5 Bạch Đằng, Phú Cường", "phone": "0987654321",
         "email": "chau.moi@example.vn", "national_id": "079000000001", "kind": "official", "is_staff": "on"},
    )

    assert response.status_code == 302
    citizen.refresh_from_db()
    assert (citizen.full_name, citizen.address, citizen.phone) == ("Phạm Minh Châu", "5 Bạch Đằng, Phú Cường", "0987654321")
    assert (citizen.email, citizen.national_id, citizen.kind, citizen.is_staff) == (
        "chau@example.vn", "074095001234", "citizen", False,
    )


def change_email(client, email, password="matkhau-thu-nghiem"):
    return client.post("/tai-khoan/ho-so-ca-nhan/thu-dien-tu/", {"email": email, "password": password}, follow=True)


def change_link_in(inbox) -> str:
    match = re.search(r"https?://testserver(/tai-khoan/thu-dien-tu-moi/\S+/)", inbox.body())
    assert match, inbox.body()
    return match.group(1)


def test_changing_the_email_takes_the_password_and_a_link_sent_to_the_new_address(client, smtp_inbox):
    citizen = CitizenFactory(email="chau@example.vn")
    client.force_login(citizen)

    wrong = change_email(client, "chau.moi@example.vn", password="khong-phai-mat-khau")
    assert wrong.status_code == 400 and "Mật khẩu hiện tại không đúng." in wrong.content.decode()
    assert sent(smtp_inbox).messages == []

    asked = change_email(client, "chau.moi@example.vn")
    assert "Đã gửi liên kết xác nhận tới chau.moi@example.vn" in asked.content.decode()
    citizen.refresh_from_db()
    assert citizen.email == "chau@example.vn"  # until the new address answers
    assert sent(smtp_inbox).recipients == [["chau.moi@example.vn"]]

    link = change_link_in(sent(smtp_inbox))
    confirmed = client.get(link)
    assert confirmed.status_code == 200 and "Thư điện tử của tài khoản đã được đổi" in confirmed.content.decode()
    citizen.refresh_from_db()
    assert citizen.email == "chau.moi@example.vn"
    # The old address is told, and the link does not work twice.
    assert sent(smtp_inbox).recipients[-1] == ["chau@example.vn"]
    assert client.get(link).status_code == 400


def test_changing_to_an_email_in_use_says_the_same_and_tells_that_address_instead(client, smtp_inbox):
    CitizenFactory(email="da.co@example.vn")
    citizen = CitizenFactory(email="chau@example.vn")
    client.force_login(citizen)

    taken = change_email(client, "Da.Co@example.vn")
    fresh = change_email(client, "moi@example.vn")

    assert "Đã gửi liên kết xác nhận tới Da.Co@example.vn" in taken.content.decode()
    assert "Đã gửi liên kết xác nhận tới moi@example.vn" in fresh.content.decode()
    assert Message.objects.get(address="Da.Co@example.vn").topic == "email_in_use"
    assert "/tai-khoan/thu-dien-tu-moi/" not in sent(smtp_inbox).messages[0].as_string()
    citizen.refresh_from_db()
    assert citizen.email == "chau@example.vn"


def test_an_email_change_link_fails_once_the_address_was_taken_or_changed_meanwhile(client, smtp_inbox):
    citizen = CitizenFactory(email="chau@example.vn")
    client.force_login(citizen)
    change_email(client, "chau.moi@example.vn")
    link = change_link_in(sent(smtp_inbox))
    CitizenFactory(email="chau.moi@example.vn")

    assert client.get(link).status_code == 400
    citizen.refresh_from_db()
    assert citizen.email == "chau@example.vn"


def test_profile_needs_a_signed_in_applicant(client):
    assert client.get("/tai-khoan/ho-so-ca-nhan/")["Location"].startswith("/dang-nhap/")
    client.force_login(OfficialFactory())
    assert client.get("/tai-khoan/ho-so-ca-nhan/")["Location"] == "/dang-nhap/tiep-tuc/"


def test_an_account_named_after_the_number_it_claims_does_not_keep_its_owner_from_signing_up(client, smtp_inbox):
    # Accounts were once named after their number.
    CitizenFactory(national_id="074095001234", username="074095001234")

    response = sign_up(client)

    assert "Chúng tôi đã gửi liên kết xác minh tới chau@example.vn" in response.content.decode()
    assert User.objects.filter(national_id="074095001234").count() == 2


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


def test_requests_that_could_probe_for_accounts_are_limited_per_address_whatever_their_answer(client, settings, smtp_inbox):
    settings.ACCOUNT_REQUESTS_PER_ADDRESS = 4
    sign_up(client, national_id="1")  # refused as bad input: still a probe
    client.post("/tai-khoan/quen-mat-khau/", {"email": "ai-do@example.vn"})
    client.post("/tai-khoan/xac-minh/gui-lai/", {"email": "ai-do@example.vn"})
    sign_up(client, email="")

    refused = [
        sign_up(client),
        client.post("/tai-khoan/quen-mat-khau/", {"email": "chau@example.vn"}),
        client.post("/tai-khoan/xac-minh/gui-lai/", {"email": "chau@example.vn"}),
    ]

    assert [answer.status_code for answer in refused] == [429, 429, 429]
    assert all("Có quá nhiều yêu cầu về tài khoản từ địa chỉ mạng này" in answer.content.decode() for answer in refused)
    assert not User.objects.filter(national_id="074095001234").exists()
    assert sent(smtp_inbox).messages == []
    # Another address is not held back.
    assert client.post("/tai-khoan/dang-ky/", CITIZEN, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_sign_ups_from_one_address_are_limited(client, settings, smtp_inbox):
    settings.SIGN_UP_MAX_PER_ADDRESS = 2
    for number in range(3):
        answer = sign_up(client, national_id=f"07409500123{number}", email=f"chau{number}@example.vn")
    assert "quá nhiều tài khoản được đăng ký từ địa chỉ mạng này" in answer.content.decode()
    assert User.objects.filter(national_id__startswith="07409500123").count() == 2
    assert len(sent(smtp_inbox).messages) == 2
