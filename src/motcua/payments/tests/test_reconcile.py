"""Reconciliation: a payment whose confirmation never arrived is asked about through VNPay's
querydr API (a local server speaking its documented format: JSON, fields joined by "|" and
signed with HMAC-SHA512 both ways) and recorded once, with the checks of a confirmation."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.payments import services
from motcua.payments.gateways import base
from motcua.payments.gateways.vnpay import protocol
from motcua.payments.models import Payment
from motcua.payments.tests.conftest import SECRET, TERMINAL, bank_answer


class MerchantApi:
    """VNPay's merchant_webapi/api/transaction, answering querydr for the payments it knows."""

    def __init__(self):
        self.requests: list[dict] = []
        self.status: dict[str, str] = {}  # reference -> vnp_TransactionStatus
        self.amount: dict[str, int] = {}
        self.secret = SECRET

    def answer(self, request: dict) -> dict:
        self.requests.append(request)
        if request.get(protocol.HASH) != protocol.pipe_signature(request, protocol.QUERY_FIELDS, SECRET):
            return {"vnp_ResponseCode": "97", "vnp_Message": "Invalid Checksum"}
        reference = request["vnp_TxnRef"]
        if reference not in self.status:
            fields = {"vnp_ResponseId": "r0", "vnp_Command": "querydr", "vnp_ResponseCode": "91", "vnp_Message": "Not found",
                      "vnp_TmnCode": TERMINAL, "vnp_TxnRef": reference}
        else:
            fields = {
                "vnp_ResponseId": f"r{len(self.requests)}", "vnp_Command": "querydr", "vnp_ResponseCode": "00",
                "vnp_Message": "QueryDR Success", "vnp_TmnCode": TERMINAL, "vnp_TxnRef": reference,
                "vnp_Amount": str(self.amount[reference] * 100), "vnp_BankCode": "NCB", "vnp_PayDate": "20261201100000",
                "vnp_TransactionNo": "14422999", "vnp_TransactionType": "01", "vnp_TransactionStatus": self.status[reference],
                "vnp_OrderInfo": request["vnp_OrderInfo"], "vnp_PromotionCode": "", "vnp_PromotionAmount": "",
            }
        return {**fields, protocol.HASH: protocol.pipe_signature(fields, protocol.QUERY_ANSWER_FIELDS, self.secret)}


@pytest.fixture
def api(vnpay):
    merchant = MerchantApi()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.dumps(merchant.answer(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    vnpay.VNPAY_QUERY_URL = merchant.url = f"http://127.0.0.1:{server.server_port}/merchant_webapi/api/transaction"
    yield merchant
    server.shutdown()
    server.server_close()


def old_payment(world, dossier, minutes=30) -> Payment:
    payment = Payment.objects.create(dossier=dossier, payer=world.citizen, amount=50_000, gateway="vnpay")
    Payment.objects.filter(pk=payment.pk).update(created_at=timezone.now() - timedelta(minutes=minutes))
    return Payment.objects.get(pk=payment.pk)


def test_a_paid_payment_whose_confirmation_never_came_is_recorded(api, world, dossier):
    payment = old_payment(world, dossier)
    api.status[payment.reference], api.amount[payment.reference] = "00", 50_000
    assert services.reconcile() == {"confirmed": 1}
    [sent] = api.requests
    assert (sent["vnp_Command"], sent["vnp_TmnCode"], sent["vnp_TxnRef"]) == ("querydr", TERMINAL, payment.reference)
    assert sent["vnp_TransactionDate"] == timezone.localtime(payment.created_at).strftime("%Y%m%d%H%M%S")
    payment.refresh_from_db()
    assert payment.state == Payment.State.SUCCEEDED and payment.transaction_id == "14422999"
    assert Dossier.objects.get(pk=dossier.pk).fee_paid == 50_000
    # Asked again (or the late IPN arrives): nothing happens twice.
    assert services.reconcile() == {}
    assert services.handle_notification(gateway=services.base.registry["vnpay"], params=bank_answer(payment)).value == "already_confirmed"
    assert Dossier.objects.get(pk=dossier.pk).events.filter(action="record_online_payment").count() == 1


@pytest.mark.parametrize(("status", "state"), [("02", Payment.State.FAILED), ("01", Payment.State.EXPIRED)])
def test_a_failed_payment_is_closed_and_an_unfinished_one_expired(api, world, dossier, status, state):
    # Unfinished (01) twenty minutes on: the bank's page closed after fifteen, nothing was paid.
    payment = old_payment(world, dossier)
    api.status[payment.reference], api.amount[payment.reference] = status, 50_000
    services.reconcile()
    payment.refresh_from_db()
    assert payment.state == state and Dossier.objects.get(pk=dossier.pk).fee_paid == 0


def test_forged_answers_wrong_amounts_and_recent_payments_change_nothing(api, world, dossier, caplog):
    recent = old_payment(world, dossier, minutes=5)
    payment = old_payment(world, dossier)
    api.status[payment.reference] = api.status[recent.reference] = "00"
    api.amount[payment.reference] = api.amount[recent.reference] = 50_000
    api.secret = "NOT-THE-SECRET"
    assert services.reconcile() == {"bad_signature": 1}
    api.secret, api.amount[payment.reference] = SECRET, 5_000
    assert services.reconcile() == {"wrong_amount": 1}
    for each in (payment, recent):
        each.refresh_from_db()
        assert each.state == Payment.State.PENDING
    assert Dossier.objects.get(pk=dossier.pk).fee_paid == 0
    assert [r["vnp_TxnRef"] for r in api.requests] == [payment.reference, payment.reference]


def test_an_unreachable_gateway_leaves_the_payment_open_and_an_unknown_reference_expires(api, world, dossier, vnpay):
    payment = old_payment(world, dossier)
    vnpay.VNPAY_QUERY_URL = "http://127.0.0.1:9/merchant_webapi/api/transaction"
    assert services.reconcile() == {"unreachable": 1}
    payment.refresh_from_db()
    assert payment.state == Payment.State.PENDING
    vnpay.VNPAY_QUERY_URL = api.url
    assert services.reconcile() == {"expired": 1}  # answered 91, not found: the attempt was abandoned
    payment.refresh_from_db()
    assert payment.state == Payment.State.EXPIRED


def test_an_expired_attempt_the_bank_confirms_after_all_is_recorded(api, world, dossier):
    payment = old_payment(world, dossier)
    assert services.reconcile() == {"expired": 1}
    api.status[payment.reference], api.amount[payment.reference] = "00", 50_000
    assert services.handle_notification(gateway=base.registry["vnpay"], params=bank_answer(payment)).value == "confirmed"
    payment.refresh_from_db()
    assert payment.state == Payment.State.SUCCEEDED and Dossier.objects.get(pk=dossier.pk).fee_paid == 50_000


def test_without_a_query_an_abandoned_attempt_expires_once_its_page_has_closed(world, dossier):
    recent = Payment.objects.create(dossier=dossier, payer=world.citizen, amount=50_000, gateway="sandbox")
    abandoned = old_payment(world, dossier)
    Payment.objects.filter(pk=abandoned.pk).update(gateway="sandbox")
    assert services.reconcile(older_than=timedelta(0)) == {"not_queryable": 1, "expired": 1}
    assert Payment.objects.get(pk=recent.pk).state == Payment.State.PENDING
    assert Payment.objects.get(pk=abandoned.pk).state == Payment.State.EXPIRED


def test_the_command_reports_what_it_did(api, world, dossier, capsys):
    payment = old_payment(world, dossier)
    api.status[payment.reference], api.amount[payment.reference] = "00", 50_000
    call_command("reconcile_payments")
    assert "confirmed: 1" in capsys.readouterr().out
