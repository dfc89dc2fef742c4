"""Which messages an event writes, to whom, on which channel, and in which transaction."""

import pytest
from django.db import transaction

from motcua.accounts.models import Role
from motcua.dossiers import lifecycle, outbox
from motcua.notifications import dispatch
from motcua.notifications.models import Message, MessageTemplate, Preference, State
from motcua.notifications.tests.conftest import HOUR, MONDAY_MORNING, file_online, receive_online


def channels_of(dossier):
    return sorted(Message.objects.filter(dossier=dossier).values_list("topic", "channel"))


def test_online_submission_and_reception_reach_the_applicant_in_app_and_on_her_first_channel(world, providers):
    dossier = receive_online(world)
    assert channels_of(dossier) == [("received", "inapp"), ("received", "zalo"), ("submitted", "inapp"), ("submitted", "zalo")]
    zalo = Message.objects.get(dossier=dossier, topic="received", channel="zalo")
    assert zalo.address == "84912345678" and zalo.user == world.citizen and zalo.state == State.PENDING
    assert zalo.event == dossier.events.get(action="receive")
    # SMS, then email, stay behind it as the fallback.
    assert zalo.data["fallback"] == [["sms", "0912345678"], ["email", "lan@example.vn"]]
    # ZNS sends the template's placeholders as its parameters.
    assert zalo.data["zns_params"]["ma_ho_so"] == dossier.code
    assert "ngay_hen_tra" in zalo.data["zns_params"]


def test_email_of_an_online_dossier_carries_its_official_form(world, settings, providers):
    settings.NOTIFY_CHANNELS = ["email"]
    dossier = receive_online(world)
    email = Message.objects.get(dossier=dossier, topic="received", channel="email")
    assert email.data["forms"] == ["01"]
    assert dossier.code in email.subject and "Hẹn trả kết quả" not in email.subject
    assert "Ngày hẹn trả kết quả" in email.body


def test_a_counter_applicant_without_account_is_reached_at_the_dossier_phone(world, providers):
    dossier = world.receive()
    assert channels_of(dossier) == [("received", "zalo")]
    message = Message.objects.get(dossier=dossier)
    assert message.user is None and message.address == "84912345678"
    assert "forms" not in message.data  # the receipt was handed over at the counter


def test_preferences_choose_and_order_the_channels(world, providers):
    Preference.objects.create(user=world.citizen, channels=["email", "sms"])
    dossier = receive_online(world)
    first = Message.objects.get(dossier=dossier, topic="received", channel="email")
    assert first.data["fallback"] == [["sms", "0912345678"]]
    assert not Message.objects.filter(dossier=dossier, channel="zalo").exists()


def test_a_channel_without_its_template_is_skipped(world, providers):
    MessageTemplate.objects.filter(topic="received", channel="zalo").update(is_active=False)
    dossier = receive_online(world)
    assert Message.objects.get(dossier=dossier, topic="received", channel="sms").address == "0912345678"


def test_zalo_needs_a_template_approved_by_zalo(world, providers):
    MessageTemplate.objects.filter(channel="zalo").update(zns_template_id="")
    dossier = world.receive()
    assert channels_of(dossier) == [("received", "sms")]


def test_work_between_officials_tells_the_applicant_nothing(world, providers):
    dossier = world.receive()
    before = Message.objects.count()
    lifecycle.hand_over(dossier=dossier, actor=world.staff[Role.RECEPTION], at=MONDAY_MORNING + HOUR)
    assert Message.objects.count() == before


def test_refused_transition_writes_no_message(world, providers):
    dossier = file_online(world)
    before = Message.objects.count()
    with pytest.raises(lifecycle.Refused):
        lifecycle.receive(dossier=dossier, actor=world.stranger[Role.RECEPTION], at=MONDAY_MORNING + HOUR)
    assert Message.objects.count() == before


def test_messages_are_rolled_back_with_the_event(world, providers):
    dossier = file_online(world)
    before = Message.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        lifecycle.receive(dossier=dossier, actor=world.staff[Role.RECEPTION], at=MONDAY_MORNING + HOUR)
        assert Message.objects.count() == before + 2  # written by the event's own transaction
        raise RuntimeError("the process dies before commit")
    assert Message.objects.count() == before


def test_one_event_never_writes_its_messages_twice(world, providers):
    dossier = receive_online(world)
    event = dossier.events.get(action="receive")
    before = Message.objects.count()
    with transaction.atomic():
        dispatch.on_event(event)
    assert Message.objects.count() == before


def test_history_being_loaded_notifies_nobody(world, providers):
    with outbox.recording_history():
        dossier = receive_online(world)
    assert not Message.objects.filter(dossier=dossier).exists()


@pytest.mark.parametrize(
    ("action", "topic", "form"),
    [("refuse", "refused", "03"), ("request_supplement", "supplement_requested", "02")],
)
def test_refusal_and_supplement_request_send_their_form(world, settings, providers, action, topic, form):
    settings.NOTIFY_CHANNELS = ["email"]
    dossier = file_online(world)
    desk = world.staff[Role.RECEPTION]
    if action == "refuse":
        lifecycle.refuse(dossier=dossier, actor=desk, reason="Thiếu tờ khai có chữ ký", at=MONDAY_MORNING + HOUR)
    else:
        lifecycle.request_supplement(
            dossier=dossier, actor=desk, items=["Tờ khai"], reason="Tờ khai chưa ký", at=MONDAY_MORNING + HOUR
        )
    message = Message.objects.get(dossier=dossier, topic=topic, channel="email")
    assert message.data["forms"] == [form]
    assert ("Thiếu tờ khai có chữ ký" if action == "refuse" else "Tờ khai chưa ký") in message.body


def test_result_ready_is_told_whichever_step_finished_it(world, providers):
    from motcua.dossiers.tests.test_lifecycle import drive

    dossier = drive(world, world.receive(), lifecycle.Kind.RETURN)
    assert ("result_ready", "zalo") in channels_of(dossier)
