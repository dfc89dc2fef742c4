"""A channel that cannot deliver is never chosen: a Zalo template without the id Zalo
approved (or without text), or a person with no address on the channel, passes the message
to the next channel of the preference. The demo (messages written to files) chooses exactly
as production does."""

import pytest

from motcua.backoffice.tests.helpers import ready
from motcua.notifications import channels
from motcua.notifications.models import Message, MessageTemplate
from motcua.notifications.tests.conftest import receive_online

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(settings, tmp_path):
    """As in the demo: every outward channel writes to a folder; templates as installed."""
    settings.NOTIFY_FILE_DIR = str(tmp_path / "outbox")
    settings.NOTIFY_CHANNELS = ["zalo", "sms", "email"]


def outward(dossier):
    return Message.objects.filter(dossier=dossier).exclude(channel="inapp")


def test_zalo_without_an_approved_template_id_is_skipped_for_the_next_channel(world, files, settings):
    settings.NOTIFY_CHANNELS = ["zalo", "email"]
    assert not MessageTemplate.objects.filter(channel="zalo").exclude(zns_template_id="").exists()
    dossier = receive_online(world)
    assert set(outward(dossier).values_list("channel", flat=True)) == {"email"}
    assert outward(dossier).get(topic="received").address == "lan@example.vn"


def test_zalo_with_an_id_but_no_text_is_skipped(world, files, settings):
    settings.NOTIFY_CHANNELS = ["zalo", "email"]
    MessageTemplate.objects.filter(channel="zalo").update(zns_template_id="zns-1", body="  ")
    dossier = receive_online(world)
    assert set(outward(dossier).values_list("channel", flat=True)) == {"email"}


def test_zalo_with_an_approved_template_is_chosen(world, files, settings):
    MessageTemplate.objects.filter(channel="zalo").update(zns_template_id="zns-1")
    dossier = receive_online(world)
    message = outward(dossier).get(topic="received")
    assert message.channel == "zalo" and message.data["zns_template_id"] == "zns-1" and message.body


def test_no_address_on_a_channel_passes_to_the_next(world, files, settings):
    """A counter applicant with a phone and no email: email is preferred, SMS is used."""
    settings.NOTIFY_CHANNELS = ["email", "sms"]
    dossier = world.receive()
    assert list(outward(dossier).values_list("channel", "address")) == [("sms", "0912345678")]
    with_email = world.receive(applicant=world.applicant(email="lan@example.vn"))
    assert list(outward(with_email).values_list("channel", flat=True)) == ["email"]


def test_the_channel_asks_the_real_channel_even_when_writing_files(files):
    zalo = channels.get("zalo")
    unapproved = MessageTemplate(topic="received", channel="zalo", body="Hồ sơ {ma_ho_so}", zns_template_id="")
    approved = MessageTemplate(topic="received", channel="zalo", body="Hồ sơ {ma_ho_so}", zns_template_id="123")
    assert not zalo.carries(unapproved) and zalo.carries(approved)
    assert not channels.get("email").carries(MessageTemplate(topic="received", channel="email", subject="x", body=""))


def test_a_demo_like_run_writes_no_message_without_text_or_template(world, files):
    dossier = ready(world, receive_online(world))
    messages = Message.objects.filter(dossier=dossier)
    assert messages.exists()
    for message in messages:
        assert message.body.strip(), (message.topic, message.channel)
        if message.channel == "zalo":
            assert message.data.get("zns_template_id"), message.topic
    # No Zalo template is approved in the demo: the citizen's messages go by SMS (her next
    # preference), with her email kept as the fallback.
    assert not outward(dossier).filter(channel="zalo").exists()
    assert outward(dossier).filter(channel="sms").exists()
