"""lifecycle.record_online_payment: the system records a confirmed online payment."""

import pytest
from django.core.exceptions import ValidationError

from motcua.accounts.models import Role
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier, State
from motcua.payments.models import Payment


def paid(dossier, world, amount=50_000, **changes) -> Payment:
    return Payment.objects.create(dossier=dossier, payer=world.citizen, amount=amount, gateway="sandbox", **changes)


def assert_refused(call, dossier: Dossier, message_part: str):
    before = Dossier.objects.get(pk=dossier.pk)
    events = before.events.count()
    with pytest.raises(ValidationError) as caught:
        call()
    assert message_part in " ".join(caught.value.messages)
    after = Dossier.objects.get(pk=dossier.pk)
    assert (after.fee_paid, after.fee_paid_at, after.events.count()) == (before.fee_paid, before.fee_paid_at, events)


def test_records_the_amount_with_no_human_actor(world, dossier):
    payment = paid(dossier, world, transaction_id="14422574")
    dossier = lifecycle.record_online_payment(dossier=dossier, payment=payment)
    assert (dossier.fee_paid, dossier.fee_outstanding) == (50_000, 0)
    assert dossier.fee_paid_at is not None
    event = dossier.events.order_by("-sequence").first()
    assert (event.action, event.actor, event.from_state, event.to_state) == ("record_online_payment", None, State.RECEIVED, State.RECEIVED)
    assert event.data == {"amount": 50_000, "gateway": "sandbox", "reference": payment.reference, "transaction_id": "14422574"}


def test_a_part_payment_leaves_the_rest_outstanding(world, dossier):
    dossier = lifecycle.record_online_payment(dossier=dossier, payment=paid(dossier, world, amount=20_000))
    assert dossier.fee_outstanding == 30_000


def test_the_same_payment_is_recorded_only_once(world, dossier):
    payment = paid(dossier, world, amount=20_000)
    dossier = lifecycle.record_online_payment(dossier=dossier, payment=payment)
    assert_refused(lambda: lifecycle.record_online_payment(dossier=dossier, payment=payment), dossier, "đã được ghi nhận")


def test_an_amount_above_what_is_outstanding_is_refused(world, dossier):
    assert_refused(lambda: lifecycle.record_online_payment(dossier=dossier, payment=paid(dossier, world, amount=50_001)), dossier, "vượt số còn phải nộp")


def test_a_payment_of_another_dossier_is_refused(world, dossier):
    other = world.receive()
    assert_refused(lambda: lifecycle.record_online_payment(dossier=dossier, payment=paid(other, world)), dossier, "không thuộc hồ sơ")


@pytest.mark.parametrize("state", [State.SUPPLEMENT_REQUESTED, State.WITHDRAWN, State.RETURNED])
def test_refused_where_fees_cannot_be_collected(world, dossier, state):
    Dossier.objects.filter(pk=dossier.pk).update(state=state)
    dossier.refresh_from_db()
    assert_refused(lambda: lifecycle.record_online_payment(dossier=dossier, payment=paid(dossier, world)), dossier, "Không thể")


def test_allowed_right_after_filing(world, dossier):
    Dossier.objects.filter(pk=dossier.pk).update(state=State.SUBMITTED)
    dossier.refresh_from_db()
    assert lifecycle.record_online_payment(dossier=dossier, payment=paid(dossier, world)).fee_outstanding == 0


def test_allowed_in_exactly_the_states_of_collecting_fees():
    assert lifecycle.TRANSITIONS["record_online_payment"].sources == lifecycle.TRANSITIONS["collect_fees"].sources


def test_no_person_may_fire_it_so_it_is_never_a_button(world, dossier):
    people = [*world.staff.values(), *world.district_staff.values(), world.citizen, world.postman]
    for person in people:
        assert lifecycle.refusal(person, dossier, "record_online_payment") is not None
        assert "record_online_payment" not in {t.name for t in lifecycle.available_transitions(person, dossier)}
    # The desk still sees its own way of taking fees.
    assert "collect_fees" in {t.name for t in lifecycle.available_transitions(world.staff[Role.RECEPTION], dossier)}
