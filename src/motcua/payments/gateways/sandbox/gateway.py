"""The demo gateway: a pretend bank inside MotCua that speaks the VNPay protocol.

`start` sends the applicant to /thanh-toan/sandbox/<reference>/ with a request signed as
VNPay's would be; that page (views.py) lets them pay or cancel, then does what the bank
does: it sends the signed server-to-server notification (in-process, through the same
handler as the real IPN address) and only then redirects the browser back with the same
signed parameters. Its secret is derived from SECRET_KEY, so it needs no configuration.

It takes payments only while PAYMENT_GATEWAY is "sandbox": never in production.
"""

import hashlib
import hmac
import secrets
from collections.abc import Mapping

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from motcua.payments.gateways.base import Gateway, Outcome, Result, registry
from motcua.payments.gateways.vnpay import protocol
from motcua.payments.gateways.vnpay.gateway import payment_request

TERMINAL = "MOTCUA01"
BANK = "MOTCUASB"


def secret() -> str:
    return hmac.new(settings.SECRET_KEY.encode(), b"motcua.payments.sandbox", hashlib.sha256).hexdigest()


def verify_request(params: Mapping[str, str]) -> dict[str, str]:
    """The payment request the sandbox page was opened with, if MotCua signed it."""
    verified = protocol.verify(params, secret())
    if verified.get("vnp_Command") != "pay" or verified.get("vnp_TmnCode") != TERMINAL:
        raise protocol.BadSignature("not a payment request")
    return verified


def answer(request: Mapping[str, str], *, paid: bool) -> dict[str, str]:
    """The bank's signed answer to a payment request: paid, or cancelled by the customer."""
    code = protocol.SUCCESS if paid else protocol.CUSTOMER_CANCELLED
    params = {
        "vnp_Amount": request["vnp_Amount"],
        "vnp_BankCode": BANK,
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": request["vnp_OrderInfo"],
        "vnp_PayDate": timezone.localtime().strftime("%Y%m%d%H%M%S"),
        "vnp_ResponseCode": code,
        "vnp_TmnCode": TERMINAL,
        "vnp_TransactionNo": str(secrets.randbelow(10**8)).zfill(8) if paid else "0",
        "vnp_TransactionStatus": code if paid else "02",
        "vnp_TxnRef": request["vnp_TxnRef"],
    }
    if paid:
        params["vnp_BankTranNo"] = f"SB{params['vnp_TransactionNo']}"
    return {**params, protocol.HASH: protocol.signature(params, secret())}


@registry.register
class Sandbox(Gateway):
    name = "sandbox"
    label = "Cổng thanh toán thử nghiệm"

    def is_enabled(self) -> bool:
        return settings.PAYMENT_GATEWAY == self.name

    def start(self, payment, return_url: str) -> str:
        params = payment_request(payment, terminal=TERMINAL, return_url=return_url)
        page = reverse("payments:sandbox", args=[payment.reference])
        return f"{page}?{protocol.signed_query(params, secret())}"

    def verify_return(self, params: Mapping[str, str]) -> Result:
        return self._verify(params)

    def verify_notification(self, params: Mapping[str, str]) -> Result:
        return self._verify(params)

    def acknowledge(self, outcome: Outcome) -> HttpResponse:
        return protocol.acknowledge(outcome)

    def _verify(self, params: Mapping[str, str]) -> Result:
        verified = protocol.verify(params, secret())
        if verified.get("vnp_TmnCode") != TERMINAL or "vnp_ResponseCode" not in verified:
            raise protocol.BadSignature("not a bank answer")
        return protocol.to_result(verified)
