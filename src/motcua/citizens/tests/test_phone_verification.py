"""An account opened with a mobile number only is verified by a code sent by SMS through the
province's gateway (a local server speaking eSMS's format)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.accounts.models import User
from motcua.citizens.models import PhoneCode
from motcua.citizens.services import PHONE_CODE_ATTEMPTS
from motcua.citizens.tests.test_accounts import CITIZEN
from motcua.notifications import worker
from motcua.notifications.models import Message

pytestmark = pytest.mark.django_db

BY_PHONE = {**CITIZEN, "email": "", "phone": "0987 654 321"}


def code_in(providers) -> str:
    worker.run_once()
    return re.search(r"\b(\d{6})\b", providers.sms[-1]["Content"]).group(1)


def test_sign_up_by_phone_sends_a_code_that_activates_the_account(client, providers):
    answer = client.post("/tai-khoan/dang-ky/", BY_PHONE)
    assert answer.status_code == 302 and answer["Location"] == "/tai-khoan/xac-minh/dien-thoai/"
    page = client.get(answer["Location"]).content.decode()
    assert "kết thúc bằng 321" in page
    code = code_in(providers)
    assert providers.sms[-1]["Phone"] == "0987654321"
    user = User.objects.get(national_id="074095001234")
    assert not user.is_active and user.email == ""
    assert not PhoneCode.objects.filter(code_hash=code).exists()  # only its keyed hash is kept
    assert Message.objects.get(user=user, topic="phone_code").body == ""  # erased once sent

    done = client.post("/tai-khoan/xac-minh/dien-thoai/", {"code": code})
    assert "Tài khoản đã được xác minh" in done.content.decode()
    user.refresh_from_db()
    assert user.is_active
    assert client.login(username="074095001234", password=CITIZEN["password1"])


def test_wrong_codes_are_counted_and_then_a_new_code_is_needed(client, providers):
    client.post("/tai-khoan/dang-ky/", BY_PHONE)
    code = code_in(providers)
    wrong = "000000" if code != "000000" else "111111"
    for _try in range(PHONE_CODE_ATTEMPTS):
        answer = client.post("/tai-khoan/xac-minh/dien-thoai/", {"code": wrong})
        assert answer.status_code == 400 and "Mã xác minh không đúng" in answer.content.decode()
    locked = client.post("/tai-khoan/xac-minh/dien-thoai/", {"code": code})
    assert "Đã nhập sai quá nhiều lần" in locked.content.decode()
    assert not User.objects.get(national_id="074095001234").is_active
    client.post("/tai-khoan/xac-minh/dien-thoai/", {"resend": "1"})
    fresh = code_in(providers)
    client.post("/tai-khoan/xac-minh/dien-thoai/", {"code": fresh})
    assert User.objects.get(national_id="074095001234").is_active


def test_an_expired_code_is_refused_and_codes_are_limited_per_hour(client, providers):
    client.post("/tai-khoan/dang-ky/", BY_PHONE)
    code = code_in(providers)
    PhoneCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert "hết hạn" in client.post("/tai-khoan/xac-minh/dien-thoai/", {"code": code}).content.decode()
    for _again in range(3):
        client.post("/tai-khoan/xac-minh/dien-thoai/", {"resend": "1"})
    assert PhoneCode.objects.count() == 3
    assert "Đã gửi đủ số mã" in client.post("/tai-khoan/xac-minh/dien-thoai/", {"resend": "1"}).content.decode()


@pytest.mark.parametrize("code", ["12345", "abcdef", "1234567", ""])
def test_a_malformed_code_is_refused_without_counting(client, providers, code):
    client.post("/tai-khoan/dang-ky/", BY_PHONE)
    answer = client.post("/tai-khoan/xac-minh/dien-thoai/", {"code": code})
    assert answer.status_code == 400
    assert PhoneCode.objects.get().attempts == 0


def test_the_page_verifies_only_the_account_this_browser_signed_up(client, providers):
    assert client.get("/tai-khoan/xac-minh/dien-thoai/")["Location"] == "/tai-khoan/dang-ky/"
    assert client.post("/tai-khoan/xac-minh/dien-thoai/", {"code": "123456"})["Location"] == "/tai-khoan/dang-ky/"


def test_without_an_sms_gateway_a_phone_only_sign_up_asks_for_an_email(client, settings):
    settings.SMS_GATEWAY_URL = ""
    settings.NOTIFY_FILE_DIR = ""
    answer = client.post("/tai-khoan/dang-ky/", BY_PHONE)
    assert answer.status_code == 200 and "Vui lòng nhập thư điện tử" in answer.content.decode()
    assert not User.objects.filter(national_id="074095001234").exists()
