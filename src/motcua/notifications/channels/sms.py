"""SMS through an HTTP SMS gateway speaking eSMS.vn's JSON API (SendMultipleMessage_V4_post_json):
ApiKey/SecretKey, the phone, the text, the registered brand name, a RequestId the gateway
uses to refuse a duplicate, and a CallbackUrl it calls (HTTP GET) with SMSID, SendStatus and
RequestId once the operator reports the delivery. Other gateways with the same shape work
by setting SMS_GATEWAY_URL."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from motcua.notifications.channels import Channel, Receipt, SendFailure
from motcua.notifications.channels.http import post_json
from motcua.text import unaccent

CALLBACK_SALT = "motcua.notifications.sms-callback"
# A delivery report comes while the network still tries to deliver: to a phone that is off,
# for as long as the operator keeps the message (its validity period, a day or two, rarely
# more). Not minutes, as for the webhooks: the report of a phone switched back on the next
# morning is a true one. After this the address, which the gateway keeps in its logs, is
# refused; what it reports could only be about a message long given up.
CALLBACK_MAX_AGE = timedelta(days=3)
SUCCESS = "100"


def phone_number(raw: str) -> str:
    """A Vietnamese mobile number as 0xxxxxxxxx, or "" when `raw` is not one."""
    digits = "".join(c for c in raw or "" if c in "0123456789")
    if digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits if len(digits) == 10 and digits.startswith("0") else ""


def request_id(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def callback_url(message) -> str:
    token = signing.dumps(message.pk, salt=CALLBACK_SALT, compress=True)
    return settings.PUBLIC_URL.rstrip("/") + reverse("notifications:sms-callback", kwargs={"token": token})


class SmsChannel(Channel):
    name = "sms"

    def configured(self) -> bool:
        return bool(settings.SMS_GATEWAY_URL and settings.SMS_API_KEY)

    def address(self, *, user=None, dossier=None) -> str:
        if user is not None and phone_number(user.phone):
            return phone_number(user.phone)
        return phone_number(dossier.applicant_phone) if dossier is not None else ""

    def build(self, message) -> dict:
        text = " ".join(message.body.split())
        return {
            "ApiKey": settings.SMS_API_KEY,
            "SecretKey": settings.SMS_SECRET_KEY,
            "Phone": message.address,
            "Content": text if settings.SMS_UNICODE else unaccent(text),
            "Brandname": settings.SMS_BRANDNAME,
            "SmsType": "2",
            "IsUnicode": "1" if settings.SMS_UNICODE else "0",
            "RequestId": request_id(message.key),
            "CallbackUrl": callback_url(message),
        }

    def transmit(self, built: dict, message) -> Receipt:
        answer = post_json(settings.SMS_GATEWAY_URL, built)
        if str(answer.get("CodeResult")) != SUCCESS:
            raise SendFailure(f"SMS gateway: {answer.get('CodeResult')} {answer.get('ErrorMessage', '')}".strip())
        return Receipt(provider_id=str(answer.get("SMSID", "")))
