"""Officials' second factor (accounts.two_factor): who owes one and where, enrolling an
authenticator app, signing in with it or with a recovery code, the limit on wrong codes, and an
admin's reset of a lost factor. Officials here sign in with their password alone."""

import base64
import json
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, RequestFactory
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import Role, SecondFactorReset
from motcua.accounts.tests.factories import CitizenFactory, OfficialFactory, UserFactory, official_with_role
from motcua.accounts.two_factor import policy, services
from motcua.agencies.tests.factories import AgencyFactory
from motcua.notifications.models import Message

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]

PASSWORD = "matkhau-thu-nghiem"
OFFICE = "127.0.0.1"  # the tests' office network is the machine itself, as in the demo
OUTSIDE = "203.0.113.7"


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def leader(agency):
    return official_with_role(agency, Role.LEADER, username="lanhdao")


@pytest.fixture
def handler(agency):
    return official_with_role(agency, Role.HANDLER, username="chuyenvien")


def request_from(address: str):
    return RequestFactory().get("/mot-cua/", REMOTE_ADDR=address)


def sign_in(client, user, address=OFFICE):
    return client.post("/dang-nhap/", {"username": user.username, "password": PASSWORD}, REMOTE_ADDR=address)


def code_for(device: TOTPDevice, *, later: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=later):0{device.digits}d}"


def enrol_totp(client) -> tuple[TOTPDevice, list[str]]:
    """Through the security page: start, read the secret the page shows, confirm with a code."""
    client.post("/mot-cua/bao-mat/", {"action": "start_totp"})
    page = client.get("/mot-cua/bao-mat/").content.decode()
    secret = re.search(r'id="khoa-bi-mat">([A-Z2-7]+)<', page).group(1)
    device = TOTPDevice.objects.get(confirmed=False)
    assert secret.encode() == base64.b32encode(device.bin_key).rstrip(b"=")
    page = client.post("/mot-cua/bao-mat/", {"action": "confirm_totp", "code": code_for(device)}).content.decode()
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", page)
    device.refresh_from_db()
    return device, codes


def forget_failures(device) -> None:
    """The time django-otp makes a wrong code wait for, passed."""
    type(device).objects.filter(pk=device.pk).update(throttling_failure_timestamp=timezone.now() - timedelta(hours=1))


# Policy ---------------------------------------------------------------------------------------


def test_the_roles_the_province_chooses_owe_a_second_factor_even_at_the_office(agency, leader, handler):
    admin = official_with_role(agency, Role.AGENCY_ADMIN)
    superuser = OfficialFactory(is_superuser=True)
    at_office = request_from(OFFICE)
    assert policy.required(at_office, leader)
    assert policy.required(at_office, admin)
    assert policy.required(at_office, superuser)
    assert not policy.required(at_office, handler)


def test_every_official_owes_a_second_factor_outside_the_office_networks(agency, handler):
    assert policy.required(request_from(OUTSIDE), handler)
    assert not policy.required(request_from(OUTSIDE), CitizenFactory())


def test_the_roles_and_networks_are_settings(settings, agency, leader, handler):
    settings.SECOND_FACTOR_ROLES = ["handler"]
    settings.OFFICE_NETWORKS = policy_networks("203.0.113.0/24")
    assert policy.required(request_from(OFFICE), handler)
    assert not policy.required(request_from(OUTSIDE), leader)
    assert policy.required(request_from(OFFICE), leader)  # the machine is no office any more


def policy_networks(*cidrs):
    from ipaddress import ip_network

    return tuple(ip_network(cidr) for cidr in cidrs)


def test_an_official_who_owes_nothing_works_without_a_second_factor(client, handler):
    sign_in(client, handler)
    response = client.get("/mot-cua/")
    assert response.status_code == 200
    # The back office's header leads to the security page, to add a factor all the same.
    assert 'href="/mot-cua/bao-mat/"' in response.content.decode()


# Enrolment and sign-in ------------------------------------------------------------------------


def test_a_leader_without_a_factor_is_sent_to_enrol_and_cannot_work_before(client, leader):
    sign_in(client, leader)
    for area in ("/mot-cua/", "/bao-cao/", "/quan-tri/"):
        assert client.get(area)["Location"] == "/mot-cua/bao-mat/"
    assert client.get("/mot-cua/bao-mat/").status_code == 200


def test_a_leader_enrols_an_authenticator_app_and_signs_in_with_it(client, leader):
    sign_in(client, leader)
    device, codes = enrol_totp(client)
    assert device.confirmed and len(codes) == services.RECOVERY_CODE_COUNT
    # Enrolling gave this session its second factor.
    assert client.get("/mot-cua/").status_code == 200
    # The codes are shown once.
    assert codes[0] not in client.get("/mot-cua/bao-mat/").content.decode()

    client.post("/dang-xuat/")
    sign_in(client, leader)
    response = client.get("/mot-cua/viec/chuyen-xu-ly/")
    assert response["Location"] == "/dang-nhap/xac-thuc/?next=%2Fmot-cua%2Fviec%2Fchuyen-xu-ly%2F"
    response = client.post("/dang-nhap/xac-thuc/", {"code": code_for(device, later=1), "next": "/mot-cua/viec/chuyen-xu-ly/"})
    assert response["Location"] == "/mot-cua/viec/chuyen-xu-ly/"
    assert client.get("/mot-cua/").status_code == 200


def test_a_wrong_code_is_refused_and_changes_nothing(client, leader):
    sign_in(client, leader)
    device, _codes = enrol_totp(client)
    client.post("/dang-xuat/")
    sign_in(client, leader)
    response = client.post("/dang-nhap/xac-thuc/", {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert response.status_code == 200
    assert "Mã xác thực không đúng" in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get("/mot-cua/").status_code == 302


def test_wrong_codes_are_counted_and_make_the_next_try_wait(client, leader):
    sign_in(client, leader)
    device, _codes = enrol_totp(client)
    client.post("/dang-xuat/")
    sign_in(client, leader)
    client.post("/dang-nhap/xac-thuc/", {"code": "999999x"})
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # Even the right code waits while the wrong one is fresh: guessing gets nowhere.
    response = client.post("/dang-nhap/xac-thuc/", {"code": code_for(device, later=1)})
    assert "Nhập sai quá nhiều lần" in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session
    forget_failures(device)
    StaticDevice.objects.filter(user=leader).update(throttling_failure_timestamp=timezone.now() - timedelta(hours=1))
    response = client.post("/dang-nhap/xac-thuc/", {"code": code_for(device, later=1)})
    assert response.status_code == 302 and DEVICE_ID_SESSION_KEY in client.session


def test_a_recovery_code_works_once(client, leader):
    sign_in(client, leader)
    _device, codes = enrol_totp(client)
    client.post("/dang-xuat/")
    sign_in(client, leader)
    response = client.post("/dang-nhap/xac-thuc/", {"code": codes[0]}, follow=True)
    assert response.status_code == 200 and "còn 9 mã" in response.content.decode()
    assert not StaticToken.objects.filter(token=codes[0]).exists()

    client.post("/dang-xuat/")
    sign_in(client, leader)
    response = client.post("/dang-nhap/xac-thuc/", {"code": codes[0]})
    assert "Mã xác thực không đúng" in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_new_recovery_codes_replace_the_old_ones(client, leader):
    sign_in(client, leader)
    _device, old = enrol_totp(client)
    page = client.post("/mot-cua/bao-mat/", {"action": "new_codes"}).content.decode()
    new = re.findall(r"<li><code>([a-z0-9]+)</code></li>", page)
    assert len(new) == services.RECOVERY_CODE_COUNT and not set(new) & set(old)
    assert not StaticToken.objects.filter(token__in=old).exists()


def test_an_official_outside_the_office_enrols_no_first_factor(client, handler):
    sign_in(client, handler, OUTSIDE)
    assert client.get("/mot-cua/", REMOTE_ADDR=OUTSIDE)["Location"] == "/mot-cua/bao-mat/"
    page = client.get("/mot-cua/bao-mat/", REMOTE_ADDR=OUTSIDE).content.decode()
    assert "chỉ được đăng ký khi đăng nhập từ mạng cơ quan" in page
    assert client.post("/mot-cua/bao-mat/", {"action": "start_totp"}, REMOTE_ADDR=OUTSIDE).status_code == 403
    assert not TOTPDevice.objects.exists()
    response = client.post("/dang-nhap/xac-thuc/khoa/registration/begin/", REMOTE_ADDR=OUTSIDE)
    assert response.status_code == 403


def test_with_a_factor_the_security_page_waits_for_it(client, leader):
    sign_in(client, leader)
    enrol_totp(client)
    client.post("/dang-xuat/")
    sign_in(client, leader)
    # Neither a new authenticator app nor a passkey may be added on the password alone.
    assert client.post("/mot-cua/bao-mat/", {"action": "start_totp"})["Location"].startswith("/dang-nhap/xac-thuc/")
    assert TOTPDevice.objects.filter(confirmed=False).count() == 0
    assert client.post("/dang-nhap/xac-thuc/khoa/registration/begin/").status_code == 403


def test_the_last_factor_stays_and_nobody_removes_another_s(client, leader, handler):
    sign_in(client, leader)
    device, _codes = enrol_totp(client)
    response = client.post("/mot-cua/bao-mat/", {"action": "remove", "device": device.persistent_id}, follow=True)
    assert "Không thể xóa yếu tố xác thực cuối cùng" in response.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()

    other = Client()
    sign_in(other, handler)
    assert other.post("/mot-cua/bao-mat/", {"action": "remove", "device": device.persistent_id}).status_code == 403
    for forged in ("accounts.user/1", "khong-co", "otp_totp.totpdevice/x"):
        assert client.post("/mot-cua/bao-mat/", {"action": "remove", "device": forged}).status_code == 403
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_applicants_have_no_security_page_and_owe_nothing(client):
    citizen = CitizenFactory()
    client.force_login(citizen)
    assert client.get("/mot-cua/bao-mat/").status_code == 403
    assert client.get("/dang-nhap/xac-thuc/")["Location"] == "/dang-nhap/tiep-tuc/"
    assert client.post("/dang-nhap/xac-thuc/khoa/registration/begin/").status_code == 403


def test_the_verification_page_needs_a_signed_in_user(client):
    assert client.get("/dang-nhap/xac-thuc/")["Location"].startswith("/dang-nhap/?")


# Reset ----------------------------------------------------------------------------------------


def with_factor(user) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)
    services.new_recovery_codes(user=user)
    return device


def admin_client(user) -> Client:
    """The admin, signed in with their own second factor given."""
    client = Client()
    device = with_factor(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def test_an_agency_admin_resets_a_lost_factor_with_a_reason(agency, leader):
    admin = official_with_role(agency, Role.AGENCY_ADMIN, username="quantri")
    with_factor(leader)
    client = admin_client(admin)
    url = f"/quan-tri/accounts/user/{leader.pk}/xac-thuc-hai-yeu-to/"
    assert "Đặt lại xác thực hai yếu tố" in client.get(f"/quan-tri/accounts/user/{leader.pk}/change/").content.decode()
    response = client.post(url, {"reason": "Mất điện thoại, đã đối chiếu trực tiếp"})
    assert response.status_code == 302
    assert not policy.has_factor(leader) and not StaticDevice.objects.filter(user=leader).exists()
    reset = SecondFactorReset.objects.get()
    assert (reset.official, reset.reset_by, reset.reason) == (leader, admin, "Mất điện thoại, đã đối chiếu trực tiếp")
    notice = Message.objects.get(user=leader, topic="second_factor_reset", channel="inapp")
    assert "Mất điện thoại" in notice.body
    # The official enrols again at the next sign-in.
    official = Client()
    sign_in(official, leader)
    assert official.get("/mot-cua/")["Location"] == "/mot-cua/bao-mat/"


def test_a_reset_without_a_reason_is_refused_and_changes_nothing(agency, leader):
    admin = official_with_role(agency, Role.AGENCY_ADMIN, username="quantri")
    with_factor(leader)
    client = admin_client(admin)
    response = client.post(f"/quan-tri/accounts/user/{leader.pk}/xac-thuc-hai-yeu-to/", {"reason": "   "})
    assert response.status_code == 200
    assert policy.has_factor(leader) and not SecondFactorReset.objects.exists()
    with pytest.raises(ValidationError):
        services.reset(actor=admin, official=leader, reason="")


def test_an_agency_admin_resets_no_other_agency_s_official_nor_their_own(agency):
    admin = official_with_role(agency, Role.AGENCY_ADMIN, username="quantri")
    stranger = official_with_role(AgencyFactory(), Role.LEADER)
    with_factor(stranger)
    client = admin_client(admin)
    response = client.post(f"/quan-tri/accounts/user/{stranger.pk}/xac-thuc-hai-yeu-to/", {"reason": "Mất điện thoại"})
    assert response.status_code == 404 and policy.has_factor(stranger)  # not theirs to see
    assert client.post(f"/quan-tri/accounts/user/{admin.pk}/xac-thuc-hai-yeu-to/", {"reason": "Tự đặt lại"}).status_code == 403
    assert policy.has_factor(admin) and not SecondFactorReset.objects.exists()
    with pytest.raises(PermissionDenied):
        services.reset(actor=admin, official=stranger, reason="Mất điện thoại")


def test_the_superuser_resets_any_official(agency):
    admin = official_with_role(agency, Role.AGENCY_ADMIN, username="quantri")
    with_factor(admin)
    superuser = UserFactory(username="tinh", kind="official", is_superuser=True)
    client = admin_client(superuser)
    assert client.post(f"/quan-tri/accounts/user/{admin.pk}/xac-thuc-hai-yeu-to/", {"reason": "Nghỉ việc, bàn giao"}).status_code == 302
    assert not policy.has_factor(admin)
    assert SecondFactorReset.objects.get().reset_by == superuser


def test_the_passkey_messages_speak_vietnamese(client, leader):
    # The library ships no Vietnamese: its scripts' and its answers' words come from locale/vi.
    catalog = client.get("/dang-nhap/xac-thuc/khoa/jsi18n/").content.decode()
    assert '"Verify with Passkey": ' + json.dumps("Xác thực bằng khóa") in catalog
    sign_in(client, leader)
    response = client.post("/dang-nhap/xac-thuc/khoa/authentication/complete/", "{}", content_type="application/json")
    assert response.status_code == 400 and "Vui lòng bắt đầu lại" in response.json()["detail"]
