"""The VNPay (version 2.1.0) message format: parameters, signing, answer codes.

Both directions are signed the same way: the `vnp_` parameters other than the hash
itself, sorted by name, URL-encoded as `name=value` pairs (spaces as `+`) joined by `&`,
then HMAC-SHA512 with the merchant's secret, in hex, sent as `vnp_SecureHash`. The
sandbox gateway signs its fake bank's answers with this same code.
"""

import hashlib
import hmac
from collections.abc import Mapping
from urllib.parse import quote_plus, urlencode

from django.http import JsonResponse

from motcua.payments.gateways.base import BadSignature, Outcome, Result

VERSION = "2.1.0"
HASH = "vnp_SecureHash"
UNSIGNED = {HASH, "vnp_SecureHashType"}

SUCCESS = "00"
CUSTOMER_CANCELLED = "24"

# Answers to the server-to-server notification (IPN). The gateway retries until it gets
# one that settles the order ("00", "01", "02", "04", "97"); "99" asks it to try again.
RSP_CODES = {
    Outcome.CONFIRMED: ("00", "Confirm Success"),
    Outcome.UNKNOWN_REFERENCE: ("01", "Order not found"),
    Outcome.ALREADY_CONFIRMED: ("02", "Order already confirmed"),
    Outcome.WRONG_AMOUNT: ("04", "Invalid amount"),
    Outcome.BAD_SIGNATURE: ("97", "Invalid signature"),
    Outcome.NOT_RECORDED: ("99", "Unknown error"),
}


def canonical(params: Mapping[str, str]) -> str:
    """The text that is signed."""
    signed = sorted((k, str(v)) for k, v in params.items() if k.startswith("vnp_") and k not in UNSIGNED)
    return "&".join(f"{quote_plus(k)}={quote_plus(v)}" for k, v in signed)


def signature(params: Mapping[str, str], secret: str) -> str:
    return hmac.new(secret.encode(), canonical(params).encode(), hashlib.sha512).hexdigest()


def signed_query(params: Mapping[str, str], secret: str) -> str:
    """The query string of a signed message, ready to append to an address after `?`."""
    return urlencode({**params, HASH: signature(params, secret)})


def verify(params: Mapping[str, str], secret: str) -> dict[str, str]:
    """The message's parameters if its signature is right; BadSignature otherwise."""
    given = dict(params.items())
    received = given.get(HASH, "")
    if not secret or not received or not hmac.compare_digest(received.lower(), signature(given, secret)):
        raise BadSignature(HASH)
    return given


def to_result(params: dict[str, str]) -> Result:
    """A verified answer from the bank, read into a Result."""
    try:
        amount, cents = divmod(int(params["vnp_Amount"]), 100)
        reference = params["vnp_TxnRef"]
    except (KeyError, ValueError) as error:
        raise BadSignature(f"malformed message: {error}") from error
    code = params.get("vnp_ResponseCode", "")
    status = params.get("vnp_TransactionStatus", code)
    return Result(
        reference=reference,
        # A fraction of a đồng never comes from a real payment: it cannot match any amount.
        amount=amount if not cents else -1,
        succeeded=code == SUCCESS and status == SUCCESS,
        cancelled=code == CUSTOMER_CANCELLED,
        transaction_id=params.get("vnp_TransactionNo", ""),
        response_code=code,
        params=params,
    )


def acknowledge(outcome: Outcome) -> JsonResponse:
    code, message = RSP_CODES[outcome]
    return JsonResponse({"RspCode": code, "Message": message})
