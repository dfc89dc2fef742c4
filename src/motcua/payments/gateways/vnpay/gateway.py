"""VNPay: the applicant pays on the bank gateway's own pages.

Configure VNPAY_TMN_CODE, VNPAY_HASH_SECRET and VNPAY_PAYMENT_URL (given by the gateway
when the merchant account is opened), register https://<site>/thanh-toan/ipn/vnpay/ as the
IPN address in the merchant portal, and set PAYMENT_GATEWAY=vnpay.
"""

import secrets
from collections.abc import Mapping
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

from motcua.httpjson import HttpFailure, post_json
from motcua.payments.gateways.base import Gateway, Outcome, QueryFailed, Result, registry
from motcua.payments.gateways.vnpay import protocol

# How long the bank's page accepts the payment once the applicant is sent there.
EXPIRES_AFTER = timedelta(minutes=15)


def _stamp(moment) -> str:
    return timezone.localtime(moment).strftime("%Y%m%d%H%M%S")


def payment_request(payment, *, terminal: str, return_url: str) -> dict[str, str]:
    """The parameters of VNPay's `pay` command for `payment`."""
    return {
        "vnp_Version": protocol.VERSION,
        "vnp_Command": "pay",
        "vnp_TmnCode": terminal,
        "vnp_Amount": str(payment.amount * 100),
        "vnp_CurrCode": "VND",
        "vnp_TxnRef": payment.reference,
        "vnp_OrderInfo": f"Thanh toan phi ho so {payment.dossier.code}",
        "vnp_OrderType": "other",
        "vnp_Locale": "vn",
        "vnp_ReturnUrl": return_url,
        "vnp_IpAddr": payment.client_ip or "127.0.0.1",
        "vnp_CreateDate": _stamp(payment.created_at),
        "vnp_ExpireDate": _stamp(payment.created_at + EXPIRES_AFTER),
    }


@registry.register
class VNPay(Gateway):
    name = "vnpay"
    label = "VNPay"

    def is_enabled(self) -> bool:
        return bool(settings.VNPAY_TMN_CODE and settings.VNPAY_HASH_SECRET and settings.VNPAY_PAYMENT_URL)

    def start(self, payment, return_url: str) -> str:
        params = payment_request(payment, terminal=settings.VNPAY_TMN_CODE, return_url=return_url)
        return f"{settings.VNPAY_PAYMENT_URL}?{protocol.signed_query(params, settings.VNPAY_HASH_SECRET)}"

    def form_targets(self) -> list[str]:
        page = urlsplit(settings.VNPAY_PAYMENT_URL)
        return [f"{page.scheme}://{page.netloc}"] if self.is_enabled() else []

    def verify_return(self, params: Mapping[str, str]) -> Result:
        return self._verify(params)

    def verify_notification(self, params: Mapping[str, str]) -> Result:
        return self._verify(params)

    def acknowledge(self, outcome: Outcome) -> HttpResponse:
        return protocol.acknowledge(outcome)

    def can_query(self) -> bool:
        return self.is_enabled() and bool(settings.VNPAY_QUERY_URL)

    def query(self, payment) -> Result | None:
        fields = {
            "vnp_RequestId": secrets.token_hex(16),
            "vnp_Version": protocol.VERSION,
            "vnp_Command": "querydr",
            "vnp_TmnCode": settings.VNPAY_TMN_CODE,
            "vnp_TxnRef": payment.reference,
            "vnp_TransactionDate": _stamp(payment.created_at),
            "vnp_CreateDate": _stamp(timezone.now()),
            "vnp_IpAddr": settings.VNPAY_SERVER_IP,
            "vnp_OrderInfo": f"Truy van giao dich {payment.reference}",
        }
        try:
            answer = post_json(settings.VNPAY_QUERY_URL, protocol.signed_querydr(fields, settings.VNPAY_HASH_SECRET))
        except HttpFailure as failure:
            raise QueryFailed(str(failure)) from failure
        verified = protocol.verify_query_answer(answer, settings.VNPAY_HASH_SECRET)
        if verified.get("vnp_TmnCode") != settings.VNPAY_TMN_CODE or verified.get("vnp_TxnRef") != payment.reference:
            raise protocol.BadSignature("vnp_TmnCode/vnp_TxnRef")
        return protocol.query_to_result(verified)

    def _verify(self, params: Mapping[str, str]) -> Result:
        verified = protocol.verify(params, settings.VNPAY_HASH_SECRET)
        if verified.get("vnp_TmnCode") != settings.VNPAY_TMN_CODE:
            raise protocol.BadSignature("vnp_TmnCode")
        return protocol.to_result(verified)
