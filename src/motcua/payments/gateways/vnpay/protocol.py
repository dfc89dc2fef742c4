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
from motcua.text import same_secret

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
    if not secret or not received or not same_secret(received.lower(), signature(given, secret)):
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


# --- querydr: asking the gateway what became of a payment --------------------------------
# A JSON POST to the merchant API. Unlike the redirect and the IPN, its checksum is the
# HMAC-SHA512 of fixed fields joined by "|", in this order, both ways.
QUERY_FIELDS = (
    "vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TxnRef",
    "vnp_TransactionDate", "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo",
)
QUERY_ANSWER_FIELDS = (
    "vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode", "vnp_TxnRef", "vnp_Amount",
    "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo", "vnp_TransactionType", "vnp_TransactionStatus",
    "vnp_OrderInfo", "vnp_PromotionCode", "vnp_PromotionAmount",
)
# vnp_TransactionStatus "01": the customer has not finished; the payment stays open.
NOT_FINISHED = "01"


def pipe_signature(values: Mapping[str, object], fields: tuple[str, ...], secret: str) -> str:
    data = "|".join("" if values.get(name) is None else str(values.get(name)) for name in fields)
    return hmac.new(secret.encode(), data.encode(), hashlib.sha512).hexdigest()


def signed_querydr(fields: dict[str, str], secret: str) -> dict[str, str]:
    return {**fields, HASH: pipe_signature(fields, QUERY_FIELDS, secret)}


def verify_query_answer(answer: Mapping[str, object], secret: str) -> dict[str, str]:
    """The answer's fields as text if its checksum is right; BadSignature otherwise."""
    received = str(answer.get(HASH, ""))
    if not secret or not received or not same_secret(received.lower(), pipe_signature(answer, QUERY_ANSWER_FIELDS, secret)):
        raise BadSignature(HASH)
    return {name: "" if value is None else str(value) for name, value in answer.items()}


def query_to_result(answer: dict[str, str]) -> Result | None:
    """What a verified querydr answer says of the payment, or None while it is undecided
    (the query failed, or the customer has not finished)."""
    if answer.get("vnp_ResponseCode") != SUCCESS or answer.get("vnp_TransactionStatus") == NOT_FINISHED:
        return None
    status = answer.get("vnp_TransactionStatus", "")
    return to_result({**answer, "vnp_ResponseCode": SUCCESS if status == SUCCESS else status})
