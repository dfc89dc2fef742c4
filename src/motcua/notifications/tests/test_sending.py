"""The worker sends through real SMTP and HTTP providers on loopback, retries, falls back,
and takes the providers' delivery reports."""

import hashlib
import json
import time
from datetime import timedelta

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import Role
from motcua.dossiers import lifecycle
from motcua.notifications import worker
from motcua.notifications.channels.sms import CALLBACK_MAX_AGE, callback_url, request_id
from motcua.notifications.models import Message, Preference, State
from motcua.notifications.tests.conftest import HOUR, MONDAY_MORNING, receive_online


def test_email_goes_over_smtp_with_text_html_and_the_receipt(world, settings, providers, smtp_inbox):
    settings.NOTIFY_CHANNELS = ["email"]
    dossier = receive_online(world)
    worker.run_once()
    received = [m for m in smtp_inbox.messages if dossier.code in m["Subject"] and "tiếp nhận" in m["Subject"]]
    assert len(received) == 1
    letter = received[0]
    assert letter["To"] == "lan@example.vn"
    assert "Ngày hẹn trả kết quả" in letter.get_body(("plain",)).get_content()
    assert "<h1" in letter.get_body(("html",)).get_content()
    [attachment] = [part for part in letter.iter_attachments()]
    assert attachment.get_filename() == f"mau-01-{dossier.code}.pdf"
    pdf = attachment.get_content()
    import pypdfium2

    text = pypdfium2.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert "GIẤY TIẾP NHẬN HỒ SƠ" in text.upper() and dossier.code in text
    message = Message.objects.get(dossier=dossier, topic="received", channel="email")
    assert message.state == State.SENT and message.provider_id == letter["Message-ID"]


def test_sms_goes_to_the_gateway_in_its_format_and_its_report_marks_delivery(world, client, settings, providers):
    settings.NOTIFY_CHANNELS = ["sms"]
    dossier = world.receive()
    worker.run_once()
    [sent] = providers.sms
    message = Message.objects.get(dossier=dossier, channel="sms")
    assert sent["Phone"] == "0912345678" and sent["Brandname"] == "UBND-TINH" and sent["SmsType"] == "2"
    assert sent["IsUnicode"] == "0" and dossier.code in sent["Content"] and "tiep nhan" in sent["Content"]
    assert sent["RequestId"] == request_id(message.key)
    message.refresh_from_db()
    assert message.state == State.SENT and message.provider_id == "sms-1"
    # The gateway calls the CallbackUrl it was given (GET), once the operator reports.
    callback = sent["CallbackUrl"].removeprefix(settings.PUBLIC_URL.rstrip("/"))
    answer = client.get(callback, {"SMSID": "sms-1", "SendStatus": "5", "RequestId": sent["RequestId"]})
    assert answer.status_code == 200
    message.refresh_from_db()
    assert message.state == State.DELIVERED and message.delivered_at is not None


def test_sms_report_with_a_forged_token_or_request_is_refused(world, client, settings, providers):
    settings.NOTIFY_CHANNELS = ["sms"]
    dossier = world.receive()
    worker.run_once()
    message = Message.objects.get(dossier=dossier, channel="sms")
    forged = reverse("notifications:sms-callback", kwargs={"token": "khong-hop-le"})
    assert client.get(forged, {"SendStatus": "5", "RequestId": request_id(message.key)}).status_code == 403
    genuine = providers.sms[0]["CallbackUrl"].removeprefix(settings.PUBLIC_URL.rstrip("/"))
    assert client.get(genuine, {"SendStatus": "5", "RequestId": "khac"}).status_code == 403
    message.refresh_from_db()
    assert message.state == State.SENT


def test_a_delivery_report_is_taken_for_days_after_the_sending_and_not_after(world, client, settings, providers, monkeypatch):
    """A phone switched off overnight reports its delivery the next day; a report days after the
    network gave up is about nothing, and the address it comes to has long been in logs."""
    settings.NOTIFY_CHANNELS = ["sms"]
    dossier = world.receive()
    worker.run_once()
    message = Message.objects.get(dossier=dossier, channel="sms")
    report = {"SendStatus": "5", "RequestId": request_id(message.key)}

    def handed_over(ago: timedelta) -> str:
        """The CallbackUrl of the message, as given to the gateway `ago`."""
        with monkeypatch.context() as then:
            then.setattr(signing.TimestampSigner, "timestamp", lambda signer: signing.b62_encode(int(time.time() - ago.total_seconds())))
            return callback_url(message).removeprefix(settings.PUBLIC_URL.rstrip("/"))

    answer = client.get(handed_over(CALLBACK_MAX_AGE + timedelta(hours=1)), report)
    assert answer.status_code == 403 and "hết hạn" in answer.json()["error"]
    message.refresh_from_db()
    assert message.state == State.SENT
    assert client.get(handed_over(CALLBACK_MAX_AGE - timedelta(hours=1)), report).status_code == 200
    message.refresh_from_db()
    assert message.state == State.DELIVERED


def test_an_operator_refusal_sends_the_message_on_the_next_channel(world, client, settings, providers, smtp_inbox):
    Preference.objects.create(user=world.citizen, channels=["sms", "email"])
    dossier = receive_online(world)
    worker.run_once()
    sms = Message.objects.get(dossier=dossier, topic="received", channel="sms")
    callback = next(r for r in providers.sms if r["RequestId"] == request_id(sms.key))["CallbackUrl"]
    client.get(callback.removeprefix(settings.PUBLIC_URL.rstrip("/")), {"SendStatus": "4", "RequestId": request_id(sms.key)})
    sms.refresh_from_db()
    assert sms.state == State.FAILED
    email = Message.objects.get(dossier=dossier, topic="received", channel="email")
    assert email.fallback_of == sms and email.address == "lan@example.vn"
    worker.run_once()
    assert any(dossier.code in m["Subject"] and "tiếp nhận" in m["Subject"] for m in smtp_inbox.messages)


def test_zns_goes_to_zalo_and_a_phone_without_zalo_falls_back_to_sms_at_once(world, providers):
    providers.no_zalo.add("84912345678")
    dossier = world.receive()
    worker.run_once()
    [zns] = providers.zns
    assert zns["phone"] == "84912345678" and zns["template_id"] == "zns-received"
    assert zns["template_data"]["ma_ho_so"] == dossier.code
    zalo = Message.objects.get(dossier=dossier, channel="zalo")
    assert zalo.state == State.FAILED and "-118" in zalo.error and zalo.attempts == 1
    sms = Message.objects.get(dossier=dossier, channel="sms")
    assert sms.state == State.SENT and sms.fallback_of == zalo
    assert [r["Phone"] for r in providers.sms] == ["0912345678"]


def zalo_event(settings, payload: dict, *, age: float = 0) -> tuple[bytes, str]:
    """The body and X-ZEvent-Signature of an event as Zalo sends it: stamped, unless `payload`
    has a timestamp, `age` seconds ago (in milliseconds, as Zalo counts)."""
    payload = {"timestamp": str(int((time.time() - age) * 1000)), **payload}
    body = json.dumps(payload).encode()
    mac = hashlib.sha256(f"{settings.ZALO_APP_ID}{body.decode()}{payload['timestamp']}{settings.ZALO_OA_SECRET_KEY}".encode())
    return body, "mac=" + mac.hexdigest()


def test_zalo_delivery_report_is_signed_and_marks_delivery(world, client, settings, providers):
    dossier = world.receive()
    worker.run_once()
    message = Message.objects.get(dossier=dossier, channel="zalo")
    payload = {
        "app_id": settings.ZALO_APP_ID,
        "event_name": "user_received_message",
        "message": {"msg_id": message.provider_id, "delivery_time": "1700000001000"},
    }
    body, signature = zalo_event(settings, payload)
    url = reverse("notifications:zalo-webhook")
    assert (
        client.post(url, body, content_type="application/json", headers={"X-ZEvent-Signature": "mac=" + "0" * 64}).status_code
        == 403
    )
    message.refresh_from_db()
    assert message.state == State.SENT
    assert client.post(url, body, content_type="application/json", headers={"X-ZEvent-Signature": signature}).status_code == 200
    message.refresh_from_db()
    assert message.state == State.DELIVERED


def test_temporary_failures_are_retried_with_back_off_then_sent(world, settings, providers):
    settings.NOTIFY_CHANNELS = ["sms"]
    providers.sms_failures = 2
    dossier = world.receive()
    message = Message.objects.get(dossier=dossier)
    worker.run_once()
    message.refresh_from_db()
    assert message.state == State.PENDING and message.attempts == 1 and "99" in message.error
    assert message.next_attempt_at > timezone.now() + timedelta(seconds=50)
    assert worker.run_once() == 0  # not due yet
    for _attempt in range(2):
        Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        worker.run_once()
    message.refresh_from_db()
    assert message.state == State.SENT and message.attempts == 3
    assert len(providers.sms) == 1


def test_after_the_last_attempt_the_message_fails_visibly_and_can_be_sent_again(world, settings, providers):
    settings.NOTIFY_CHANNELS = ["sms"]
    providers.sms_failures = worker.MAX_ATTEMPTS
    dossier = world.receive()
    message = Message.objects.get(dossier=dossier)
    for _attempt in range(worker.MAX_ATTEMPTS):
        Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        worker.run_once()
    message.refresh_from_db()
    assert message.state == State.FAILED and message.attempts == worker.MAX_ATTEMPTS
    assert worker.send_again(message)
    worker.run_once()
    message.refresh_from_db()
    assert message.state == State.SENT and len(providers.sms) == 1


def test_a_message_whose_worker_died_is_claimed_again_after_its_lease(world, settings, providers):
    settings.NOTIFY_CHANNELS = ["sms"]
    dossier = world.receive()
    claimed = worker.claim()
    assert claimed.dossier == dossier and claimed.state == State.SENDING
    assert worker.claim() is None  # leased to the (dead) worker
    later = timezone.now() + worker.LEASE + timedelta(seconds=1)
    again = worker.claim(now=later)
    assert again.pk == claimed.pk and again.attempts == 2
    worker.send(again)
    # The first worker wakes up and reports: its claim no longer holds, nothing is overwritten.
    worker.send(claimed)
    assert Message.objects.get(pk=claimed.pk).attempts == 2
    assert providers.sent_request_ids()[request_id(claimed.key)] == 1


def test_changing_the_dossier_after_the_fact_does_not_change_what_was_written(world, settings, providers):
    settings.NOTIFY_CHANNELS = ["sms"]
    dossier = world.receive()
    lifecycle.hand_over(dossier=dossier, actor=world.staff[Role.RECEPTION], at=MONDAY_MORNING + HOUR)
    worker.run_once()
    assert "tiep nhan" in providers.sms[0]["Content"]


def test_file_channel_writes_what_would_be_sent(world, settings, tmp_path):
    settings.NOTIFY_FILE_DIR = str(tmp_path / "outbox")
    settings.NOTIFY_CHANNELS = ["email"]
    dossier = receive_online(world)
    worker.run_once()
    files = sorted(p.name for p in (tmp_path / "outbox").iterdir())
    assert any(name.endswith("-email.eml") for name in files)
    assert Message.objects.get(dossier=dossier, topic="received", channel="email").state == State.DELIVERED


def test_file_channel_writes_a_message_sent_again_into_the_same_file(world, settings, tmp_path, monkeypatch):
    """A sender killed after writing but before recording sends the message again later; like
    a provider that knows the copy by its idempotency key, the folder keeps one file."""
    from motcua.notifications.channels import files

    settings.NOTIFY_FILE_DIR = str(tmp_path / "outbox")
    settings.NOTIFY_CHANNELS = ["email"]
    dossier = receive_online(world)
    worker.run_once()
    message = Message.objects.get(dossier=dossier, topic="received", channel="email")
    Message.objects.filter(pk=message.pk).update(state=State.PENDING, next_attempt_at=timezone.now())
    later = timezone.now() + timedelta(minutes=5)
    monkeypatch.setattr(files.timezone, "now", lambda: later)
    worker.run_once()
    assert len([p for p in (tmp_path / "outbox").iterdir() if f"-{message.pk}-email" in p.name]) == 1
