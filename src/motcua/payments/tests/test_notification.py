"""The server-to-server confirmation (IPN): the only thing that completes a payment, once,
and only when it is genuine."""

import logging

import pytest

from motcua.accounts.models import Role
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.payments.models import Payment
from motcua.payments.tests.conftest import bank_answer

IPN = "/thanh-toan/ipn/vnpay/"


@pytest.fixture
def payment(vnpay, world, dossier) -> Payment:
    return Payment.objects.create(dossier=dossier, payer=world.citizen, amount=50_000, gateway="vnpay")


def notify(client, params) -> str:
    response = client.get(IPN, params)
    assert response.status_code == 200
    return response.json()["RspCode"]


def unchanged(payment: Payment, *, events: int) -> bool:
    payment.refresh_from_db()
    dossier = Dossier.objects.get(pk=payment.dossier_id)
    return payment.state == Payment.State.PENDING and dossier.fee_paid == 0 and dossier.events.count() == events


def test_a_genuine_confirmation_completes_the_payment_and_records_it_on_the_dossier(client, payment):
    assert notify(client, bank_answer(payment)) == "00"
    payment.refresh_from_db()
    assert payment.state == Payment.State.SUCCEEDED
    assert payment.transaction_id == "14422574" and payment.paid_at is not None
    assert payment.confirmation["vnp_ResponseCode"] == "00"
    dossier = Dossier.objects.get(pk=payment.dossier_id)
    assert (dossier.fee_paid, dossier.fee_outstanding) == (50_000, 0)
    event = dossier.events.order_by("-sequence").first()
    assert (event.action, event.actor) == ("record_online_payment", None)
    assert event.data == {"amount": 50_000, "gateway": "vnpay", "reference": payment.reference, "transaction_id": "14422574"}


def test_a_replayed_confirmation_changes_nothing_the_second_time(client, payment):
    answer = bank_answer(payment)
    assert notify(client, answer) == "00"
    events = DossierEvent.objects.filter(dossier=payment.dossier_id).count()
    assert notify(client, answer) == "02"
    assert notify(client, bank_answer(payment, vnp_TransactionNo="99999999")) == "02"
    dossier = Dossier.objects.get(pk=payment.dossier_id)
    assert dossier.fee_paid == 50_000
    assert dossier.events.count() == events
    payment.refresh_from_db()
    assert payment.transaction_id == "14422574"


def test_a_confirmation_with_a_bad_signature_is_refused_and_logged(client, payment, caplog):
    events = payment.dossier.events.count()
    forged = {**bank_answer(payment), "vnp_ResponseCode": "00", "vnp_TransactionNo": "1"}
    forged_outcome = {**bank_answer(payment, code="24"), "vnp_ResponseCode": "00", "vnp_TransactionStatus": "00"}
    with caplog.at_level(logging.WARNING, logger="motcua.payments"):
        assert notify(client, forged) == "97"
        assert notify(client, forged_outcome) == "97"
        assert notify(client, bank_answer(payment, secret="guessed")) == "97"
    assert "bad signature" in caplog.text
    assert unchanged(payment, events=events)


def test_a_confirmation_of_another_amount_is_refused(client, payment, caplog):
    events = payment.dossier.events.count()
    with caplog.at_level(logging.WARNING, logger="motcua.payments"):
        assert notify(client, bank_answer(payment, amount=5_000)) == "04"
        assert notify(client, bank_answer(payment, amount=500_000)) == "04"
    assert "amount" in caplog.text
    assert unchanged(payment, events=events)


def test_a_confirmation_of_an_unknown_reference_is_refused(client, payment, caplog):
    events = payment.dossier.events.count()
    stranger = Payment(dossier=payment.dossier, amount=50_000, reference="0" * 32)
    with caplog.at_level(logging.WARNING, logger="motcua.payments"):
        assert notify(client, bank_answer(stranger)) == "01"
    assert "unknown reference" in caplog.text
    assert unchanged(payment, events=events)


def test_a_confirmation_for_another_gateway_is_not_taken_for_this_one(client, payment):
    events = payment.dossier.events.count()
    Payment.objects.filter(pk=payment.pk).update(gateway="sandbox")
    assert notify(client, bank_answer(payment)) == "01"
    assert unchanged(payment, events=events)


def test_a_cancelled_payment_is_recorded_as_such_and_collects_nothing(client, payment):
    events = payment.dossier.events.count()
    assert notify(client, bank_answer(payment, code="24")) == "00"
    payment.refresh_from_db()
    assert payment.state == Payment.State.CANCELLED
    assert Dossier.objects.get(pk=payment.dossier_id).fee_paid == 0
    assert payment.dossier.events.count() == events
    # A success claimed afterwards for the same order is not taken.
    assert notify(client, bank_answer(payment)) == "02"
    assert Dossier.objects.get(pk=payment.dossier_id).fee_paid == 0


def test_a_failed_payment_is_recorded_as_such(client, payment):
    assert notify(client, bank_answer(payment, code="51")) == "00"
    payment.refresh_from_db()
    assert payment.state == Payment.State.FAILED


def test_a_payment_the_dossier_can_no_longer_take_stays_pending_for_someone_to_settle(client, payment, world, caplog):
    dossier = lifecycle.collect_fees(dossier=payment.dossier, actor=world.staff[Role.RECEPTION], amount=50_000)
    events = dossier.events.count()
    with caplog.at_level(logging.ERROR, logger="motcua.payments"):
        assert notify(client, bank_answer(payment)) == "99"
    assert "not recorded" in caplog.text
    payment.refresh_from_db()
    assert payment.state == Payment.State.PENDING
    dossier.refresh_from_db()
    assert (dossier.fee_paid, dossier.events.count()) == (50_000, events)


def test_the_notification_address_of_a_disabled_gateway_does_not_exist(client, payment, settings):
    settings.VNPAY_HASH_SECRET = ""
    assert client.get(IPN, bank_answer(payment)).status_code == 404
    payment.refresh_from_db()
    assert payment.state == Payment.State.PENDING
