"""The addresses programs call, fuzzed from their own OpenAPI document (/api/openapi.yaml):
schemathesis generates calls that fit the document and calls that do not (wrong types,
missing fields, junk bodies and headers), and every answer must be something the document
allows (status, content type, body) and never a server error.

The callbacks refuse anything unsigned, so the generated calls to them are signed the way
their callers sign (the test configures the secrets): the fuzzing then reaches what happens
after the signature check, not only the refusal.
"""

import hashlib
import hmac
import json
import re
import time

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as examples
from schemathesis import GenerationMode
from schemathesis.checks import negative_data_rejection, positive_data_acceptance

from motcua.payments.gateways.vnpay import protocol
from motcua.views import OPENAPI

SMS_SECRET = "bi-mat-tin-den"
ZALO_APP, ZALO_KEY = "1234567890", "khoa-bi-mat-zalo"
VNPAY_TERMINAL, VNPAY_SECRET = "MOTCUA01", "BIMATVNPAYTHUNGHIEM"


# Read from the file the site serves (the last test checks they are the same bytes), so that
# collecting the tests needs no database; the site is handed over by the test (wsgi_site).
schema = schemathesis.openapi.from_path(OPENAPI)
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])


@pytest.fixture
def gateway_secrets(settings):
    settings.SIGNATURE_CHECKS_PER_HOUR = 100_000  # the limit has its own tests; here it would end the fuzzing early
    settings.SMS_INBOUND_SECRET = SMS_SECRET
    settings.ZALO_APP_ID, settings.ZALO_OA_SECRET_KEY = ZALO_APP, ZALO_KEY
    settings.VNPAY_TMN_CODE, settings.VNPAY_HASH_SECRET = VNPAY_TERMINAL, VNPAY_SECRET
    settings.VNPAY_PAYMENT_URL = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"


def body_bytes(case) -> bytes | None:
    """The bytes the WSGI client will send for the case's JSON body (werkzeug: json.dumps)."""
    sent = case.as_transport_kwargs()
    if "json" in sent:
        return json.dumps(sent["json"]).encode()
    data = sent.get("data")
    return data if isinstance(data, bytes) else None


def signed_headers(case) -> dict[str, str]:
    """The headers the real caller of the case's operation would sign it with."""
    operation = case.operation.definition.raw.get("operationId")
    body = body_bytes(case)
    if operation == "smsInbound" and body is not None:
        # Forwarded now, the timestamp signed with the body.
        stamp = str(int(time.time()))
        return {"X-Timestamp": stamp, "X-Signature": hmac.new(SMS_SECRET.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()}
    if operation == "zaloWebhook" and body is not None and isinstance(case.body, dict):
        # Zalo's own app id, and a timestamp of now in milliseconds, signed with the body.
        stamp = str(int(time.time() * 1000))
        case.body.update(app_id=ZALO_APP, timestamp=stamp)
        body = body_bytes(case)
        mac = hashlib.sha256(f"{ZALO_APP}{body.decode()}{stamp}{ZALO_KEY}".encode()).hexdigest()
        return {"X-ZEvent-Signature": f"mac={mac}"}
    if case.path_parameters and case.path_parameters.get("gateway") == "vnpay":
        if operation == "paymentNotification" and isinstance(case.query, dict):
            case.query = vnpay_signed(case.query)
        if operation == "paymentNotificationPosted" and isinstance(case.body, dict):
            case.body = vnpay_signed(case.body)
    return {}


def vnpay_signed(params: dict) -> dict:
    # From the merchant's own terminal, as the gateway sends (another terminal is refused as forged).
    signed = {name: str(value) for name, value in params.items() if value is not None} | {"vnp_TmnCode": VNPAY_TERMINAL}
    signed[protocol.HASH] = protocol.signature(signed, VNPAY_SECRET)
    return signed


@schema.parametrize()
@examples(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_answer_is_one_the_document_allows(case, db, gateway_secrets, wsgi_site):
    # Every check but "a call that fits the document is accepted": a document cannot say "a
    # PDF" or "a signature that matches", and those are refused with a documented 400 or 403.
    excluded = [positive_data_acceptance]
    if "callbacks" in case.operation.tags:
        # Nor "a call that does not fit is refused", for the gateways' callbacks: they take
        # what they can read and ignore the rest, since a gateway answered 400 sends the same
        # event again and again.
        excluded.append(negative_data_rejection)
    case.call_and_validate(app=wsgi_site, headers=signed_headers(case), excluded_checks=excluded)


@pytest.mark.parametrize(
    ("path", "method", "body", "accepted"),
    [
        ("/thong-bao/sms/den/", "POST", {"id": "tin-1", "from": "0912345678", "text": "TRACUU"}, {"ok": True}),
        ("/thong-bao/zalo/webhook/", "POST", {"event_name": "user_received_message", "timestamp": "1"}, {"ok": True}),
        # 01, order not found: past the signature check (a bad one is 97).
        ("/thanh-toan/ipn/{gateway}/", "POST", {"vnp_TxnRef": "khong-co", "vnp_Amount": "100"}, {"RspCode": "01", "Message": "Order not found"}),
    ],
)
def test_the_signing_recipe_is_the_one_the_callbacks_check(db, gateway_secrets, wsgi_site, path, method, body, accepted):
    """Without this, a fuzz run whose signatures were all wrong would pass on refusals alone."""
    operation = schema[path][method]
    media_type = "application/json" if "thong-bao" in path else "application/x-www-form-urlencoded"
    case = operation.Case(body=body, media_type=media_type, path_parameters={"gateway": "vnpay"} if "{gateway}" in path else None)
    answer = case.call_and_validate(app=wsgi_site, headers=signed_headers(case))
    assert answer.status_code == 200 and answer.json() == accepted


def test_the_document_is_served_and_names_every_operation(client):
    answer = client.get("/api/openapi.yaml")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("application/yaml")
    assert answer.content == OPENAPI.read_bytes()
    text = answer.content.decode()
    operations = {"verifyDocument", "verifyDocumentHowTo", "smsDeliveryReport", "smsInbound", "zaloWebhook",
                  "paymentNotification", "paymentNotificationPosted"}
    assert set(re.findall(r"operationId: (\w+)", text)) == operations
