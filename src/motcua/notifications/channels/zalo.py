"""Zalo: ZNS template messages to a phone number (POST business.openapi.zalo.me/message/template
with the Official Account's access_token; phone as 84xxxxxxxxx, template_id approved by
Zalo, template_data, tracking_id), and, to answer a question a citizen sent to the Official
Account, a customer-service text message to that Zalo user (POST openapi.zalo.me/v3.0/oa/message/cs).
Delivery is reported by the OA webhook (event user_received_message), see views."""

import hashlib

from django.conf import settings

from motcua.notifications.channels import Channel, Receipt, SendFailure
from motcua.notifications.channels.http import post_json
from motcua.notifications.channels.sms import phone_number

# ZNS errors after which trying again cannot help: the phone number is not valid, or no Zalo
# account uses it. The message goes to the recipient's next channel at once.
NO_RECIPIENT_ERRORS = {-108, -118}


def zalo_phone(raw: str) -> str:
    local = phone_number(raw)
    return "84" + local[1:] if local else ""


def tracking_id(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:32]


class ZaloChannel(Channel):
    name = "zalo"

    def configured(self) -> bool:
        return bool(settings.ZALO_ACCESS_TOKEN)

    def address(self, *, user=None, dossier=None) -> str:
        if user is not None and zalo_phone(user.phone):
            return zalo_phone(user.phone)
        return zalo_phone(dossier.applicant_phone) if dossier is not None else ""

    def carries(self, template) -> bool:
        # ZNS only sends templates Zalo approved: without its id the topic cannot go by Zalo.
        return super().carries(template) and bool((template.zns_template_id or "").strip())

    def build(self, message) -> tuple[str, dict]:
        if message.data.get("zalo_user"):
            return settings.ZALO_OA_MESSAGE_URL, {
                "recipient": {"user_id": message.data["zalo_user"]},
                "message": {"text": message.body},
            }
        return settings.ZALO_ZNS_URL, {
            "phone": message.address,
            "template_id": message.data.get("zns_template_id", ""),
            "template_data": message.data.get("zns_params", {}),
            "tracking_id": tracking_id(message.key),
        }

    def transmit(self, built: tuple[str, dict], message) -> Receipt:
        url, payload = built
        answer = post_json(url, payload, {"access_token": settings.ZALO_ACCESS_TOKEN})
        error = answer.get("error")
        if error != 0:
            raise SendFailure(f"Zalo: {error} {answer.get('message', '')}".strip(), permanent=error in NO_RECIPIENT_ERRORS)
        data = answer.get("data") or {}
        return Receipt(provider_id=str(data.get("msg_id") or data.get("message_id") or ""))
