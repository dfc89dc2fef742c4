"""Passive: a citizen texts or writes to the Official Account a code and its second factor."""

import hashlib
import hmac
import json
import time

import pytest
from django.urls import reverse

from motcua.notifications import inbound, worker
from motcua.notifications.models import Message
from motcua.notifications.tests.test_sending import zalo_event

APPLICANT_PHONE = "0912345678"  # World.applicant's


def signed_sms(settings, body: bytes, *, secret: str | None = None, age: float = 0) -> dict[str, str]:
    """The headers the gateway forwards `body` with, stamped `age` seconds ago."""
    stamp = str(int(time.time() - age))
    signature = hmac.new((secret or settings.SMS_INBOUND_SECRET).encode(), stamp.encode() + b"." + body, hashlib.sha256)
    return {"X-Timestamp": stamp, "X-Signature": signature.hexdigest()}


def sms_in(client, settings, payload: dict, *, secret: str | None = None, age: float = 0):
    body = json.dumps(payload).encode()
    return client.post(
        reverse("notifications:sms-inbound"), body, content_type="application/json", headers=signed_sms(settings, body, secret=secret, age=age)
    )


def zalo_in(client, settings, *, user: str, text: str, message_id: str):
    payload = {
        "app_id": settings.ZALO_APP_ID,
        "event_name": "user_send_text",
        "sender": {"id": user},
        "recipient": {"id": "3662729599332560487"},
        "message": {"text": text, "msg_id": message_id},
    }
    body, signature = zalo_event(settings, payload)
    return client.post(
        reverse("notifications:zalo-webhook"), body, content_type="application/json", headers={"X-ZEvent-Signature": signature}
    )


def answered(message_id: str, channel: str = "sms") -> str | None:
    """The topic of the answer to this inbound message, or None when none was written."""
    reply = Message.objects.filter(key=f"inbound:{channel}:{message_id}").first()
    return reply.topic if reply else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("TRACUU 000.01.01.H56-260302-0001 5678", ("000.01.01.H56-260302-0001", "5678")),
        ("tracuu 5678 000.01.01.h56-260302-0001", ("000.01.01.H56-260302-0001", "5678")),
        ("000.01.01.H56-260302-0001", ("000.01.01.H56-260302-0001", "")),
        ("xin chao", ("", "")),
    ],
)
def test_parse(text, expected):
    assert inbound.parse(text) == expected


def test_an_sms_with_code_and_factor_gets_the_status_back(world, client, settings, providers):
    settings.NOTIFY_CHANNELS = ["sms"]
    dossier = world.receive()
    answer = sms_in(client, settings, {"id": "mo-1", "from": "84987654321", "text": f"TRACUU {dossier.code} 0123"})
    assert answer.status_code == 200
    reply = Message.objects.get(key="inbound:sms:mo-1")
    assert reply.address == "0987654321" and reply.topic == "status_reply" and dossier.code in reply.body
    # The gateway repeats its webhook: still one answer.
    sms_in(client, settings, {"id": "mo-1", "from": "84987654321", "text": f"TRACUU {dossier.code} 0123"})
    worker.run_once()
    answers = [r for r in providers.sms if r["Phone"] == "0987654321"]
    assert len(answers) == 1 and "Co quan da tiep nhan ho so" in answers[0]["Content"]


def test_a_wrong_factor_learns_nothing_and_repeated_tries_get_no_answer(world, client, settings, providers):
    dossier = world.receive()
    for number in range(5):
        sms_in(client, settings, {"id": f"mo-{number}", "from": "0987654321", "text": f"{dossier.code} 9999"})
    replies = Message.objects.filter(key__startswith="inbound:sms:")
    assert {reply.topic for reply in replies} == {"status_unknown"} and replies.count() == 5
    assert all(dossier.code not in reply.body for reply in replies)
    # Blocked now, even with the right factor: no answer at all.
    sms_in(client, settings, {"id": "mo-6", "from": "0987654321", "text": f"{dossier.code} 0123"})
    assert not Message.objects.filter(key="inbound:sms:mo-6").exists()


def test_the_applicants_phone_is_answered_whoever_failed_on_the_code(world, client, settings, providers):
    dossier = world.receive()
    for n in range(5):  # one stranger's phone
        sms_in(client, settings, {"id": f"la-{n}", "from": "0987654321", "text": f"TRACUU {dossier.code} 9999"})
    for n in range(10):  # and many
        sms_in(client, settings, {"id": f"nhieu-{n}", "from": f"09870000{n:02d}", "text": f"TRACUU {dossier.code} 9999"})
    # Even with the right factor, the stranger's phone and any other new phone get no answer...
    sms_in(client, settings, {"id": "la-dung", "from": "0987654321", "text": f"TRACUU {dossier.code} 0123"})
    sms_in(client, settings, {"id": "moi-dung", "from": "0911111111", "text": f"TRACUU {dossier.code} 0123"})
    assert answered("la-dung") is None and answered("moi-dung") is None
    # ...while the phone on the dossier gets the status.
    sms_in(client, settings, {"id": "chu-ho-so", "from": "84" + APPLICANT_PHONE[1:], "text": f"TRACUU {dossier.code} 0123"})
    reply = Message.objects.get(key="inbound:sms:chu-ho-so")
    assert reply.topic == "status_reply" and reply.address == APPLICANT_PHONE and dossier.code in reply.body


def test_the_applicants_phone_is_held_to_its_own_failures(world, client, settings, providers):
    dossier = world.receive()
    for n in range(5):
        sms_in(client, settings, {"id": f"nham-{n}", "from": APPLICANT_PHONE, "text": f"TRACUU {dossier.code} 9999"})
    sms_in(client, settings, {"id": "dung", "from": APPLICANT_PHONE, "text": f"TRACUU {dossier.code} 0123"})
    assert answered("dung") is None


def test_a_zalo_user_answered_before_is_answered_whoever_failed_on_the_code(world, client, settings, providers):
    dossier = world.receive()
    zalo_in(client, settings, user="6142494823001", text=f"tra cuu {dossier.code} 5678", message_id="lan-dau")
    assert answered("lan-dau", "zalo") == "status_reply"
    for n in range(10):
        zalo_in(client, settings, user=f"700000000000{n}", text=f"tra cuu {dossier.code} 9999", message_id=f"la-{n}")
    zalo_in(client, settings, user="7999999999999", text=f"tra cuu {dossier.code} 5678", message_id="nguoi-moi")
    assert answered("nguoi-moi", "zalo") is None
    zalo_in(client, settings, user="6142494823001", text=f"tra cuu {dossier.code} 5678", message_id="lan-hai")
    assert answered("lan-hai", "zalo") == "status_reply"


def test_texts_without_a_code_count_against_their_sender_only(world, client, settings, providers):
    settings.PORTAL_LOOKUP_MAX_FAILURES_PER_CLIENT = 2
    dossier = world.receive()
    for n in range(3):
        sms_in(client, settings, {"id": f"chao-{n}", "from": "0987654321", "text": "xin chao"})
    assert [answered(f"chao-{n}") for n in range(3)] == ["status_unknown", "status_unknown", None]
    sms_in(client, settings, {"id": "khac", "from": "0911111111", "text": f"TRACUU {dossier.code} 0123"})
    assert answered("khac") == "status_reply"


@pytest.mark.parametrize(
    "problem",
    ["no signature", "wrong secret", "not json", "no sender"],
)
def test_inbound_sms_refuses_what_is_not_signed_or_not_well_formed(world, client, settings, providers, problem):
    url = reverse("notifications:sms-inbound")
    if problem == "no signature":
        answer = client.post(url, json.dumps({"id": "x", "from": "0987654321", "text": "hi"}), content_type="application/json")
    elif problem == "wrong secret":
        answer = sms_in(client, settings, {"id": "x", "from": "0987654321", "text": "hi"}, secret="doan-bua")
    elif problem == "not json":
        body = b"\xff\xfe not json"
        answer = client.post(url, body, content_type="application/json", headers=signed_sms(settings, body))
    else:
        answer = sms_in(client, settings, {"id": "x", "text": "hi"})
    assert answer.status_code == (403 if "sign" in problem or "secret" in problem else 400)
    assert answer.json()["ok"] is False and answer.json()["error"]
    assert not Message.objects.filter(key__startswith="inbound:").exists()


def test_a_zalo_question_is_answered_by_an_oa_message(world, client, settings, providers):
    dossier = world.receive()
    question = {"user": "6142494823001", "text": f"tra cuu {dossier.code} 5678", "message_id": "zalo-msg-1"}
    assert zalo_in(client, settings, **question).status_code == 200
    # Zalo sends the same event again within the window: still one answer.
    assert zalo_in(client, settings, **question).status_code == 200
    worker.run_once()
    [sent] = providers.oa
    assert sent["recipient"] == {"user_id": "6142494823001"}
    assert dossier.code in sent["message"]["text"] and "Cơ quan đã tiếp nhận hồ sơ" in sent["message"]["text"]


def test_zalo_webhook_refuses_bad_json_and_other_apps(world, client, settings, providers):
    url = reverse("notifications:zalo-webhook")
    assert client.post(url, b"[1, 2", content_type="application/json").status_code == 400
    utf16 = json.dumps({"app_id": settings.ZALO_APP_ID, "event_name": "user_send_text"}).encode("utf-16")
    assert client.post(url, utf16, content_type="application/json", headers={"X-ZEvent-Signature": "mac=0"}).status_code == 400
    payload = {"app_id": "another-app", "event_name": "user_send_text", "timestamp": "1"}
    body, signature = zalo_event(settings, payload)
    assert client.post(url, body, content_type="application/json", headers={"X-ZEvent-Signature": signature}).status_code == 403
    assert client.get(url).status_code == 405


OUTSIDE_THE_WINDOW = pytest.mark.parametrize("age", [360, -360], ids=["six minutes old", "six minutes ahead"])


@OUTSIDE_THE_WINDOW
def test_an_sms_signed_outside_the_window_is_refused_and_changes_nothing(world, client, settings, providers, age):
    # Captured on its way and played again later, it would cost the province an SMS each time.
    dossier = world.receive()
    answer = sms_in(client, settings, {"id": "mo-cu", "from": "0987654321", "text": f"TRACUU {dossier.code} 0123"}, age=age)
    assert answer.status_code == 403 and "quá cũ hoặc ghi giờ sai" in answer.json()["error"]
    assert not Message.objects.filter(key__startswith="inbound:").exists()


def test_the_window_is_a_setting_and_an_sms_within_it_is_answered(world, client, settings, providers):
    settings.WEBHOOK_WINDOW_SECONDS = 600
    dossier = world.receive()
    answer = sms_in(client, settings, {"id": "mo-9", "from": "0987654321", "text": f"TRACUU {dossier.code} 0123"}, age=540)
    assert answer.status_code == 200 and Message.objects.filter(key="inbound:sms:mo-9").exists()


def test_the_timestamp_of_an_sms_is_signed(world, client, settings, providers):
    body = json.dumps({"id": "mo-1", "from": "0987654321", "text": "TRACUU"}).encode()
    headers = signed_sms(settings, body, age=3600) | {"X-Timestamp": str(int(time.time()))}
    answer = client.post(reverse("notifications:sms-inbound"), body, content_type="application/json", headers=headers)
    assert answer.status_code == 403 and "Chữ ký" in answer.json()["error"]
    assert not Message.objects.exists()


@OUTSIDE_THE_WINDOW
def test_a_zalo_event_stamped_outside_the_window_is_refused_and_changes_nothing(world, client, settings, providers, age):
    dossier = world.receive()
    question = {"app_id": settings.ZALO_APP_ID, "event_name": "user_send_text", "sender": {"id": "6142494823001"},
                "message": {"text": f"tra cuu {dossier.code} 5678", "msg_id": "zalo-cu"}}
    body, signature = zalo_event(settings, question, age=age)
    answer = client.post(
        reverse("notifications:zalo-webhook"), body, content_type="application/json", headers={"X-ZEvent-Signature": signature}
    )
    assert answer.status_code == 403 and "quá cũ hoặc ghi giờ sai" in answer.json()["error"]
    assert not Message.objects.filter(key__startswith="inbound:").exists()


@pytest.mark.parametrize("field", ["id", "from", "text"])
def test_a_nul_character_in_a_webhook_body_is_refused_and_changes_nothing(world, client, settings, providers, field):
    # PostgreSQL cannot store one: let through, it would fail the request after the signature check.
    payload = {"id": "tin-nul", "from": "0912345678", "text": "TRACUU 000.01.01.H56-260302-0001 5678"}
    payload[field] += "\x00"
    answer = sms_in(client, settings, payload)
    assert answer.status_code == 400 and "ký tự không hợp lệ" in answer.json()["error"]
    event = {"app_id": settings.ZALO_APP_ID, "event_name": "user_send_text", "timestamp": "1",
             "sender": {"id": "6142494823001"}, "message": {"text": "tra cuu\x00", "msg_id": "zalo-nul"}}
    body, signature = zalo_event(settings, event)
    url = reverse("notifications:zalo-webhook")
    assert client.post(url, body, content_type="application/json", headers={"X-ZEvent-Signature": signature}).status_code == 400
    assert not Message.objects.exists()


def test_webhooks_refuse_a_multipart_form_instead_of_failing(world, client, settings, providers):
    # The NUL-byte middleware reads a multipart form's stream before the view: the body is
    # then unavailable, which must be a refusal, not a server error.
    form = {"message": "TRACUU", "from": "0912345678"}
    assert client.post(reverse("notifications:zalo-webhook"), form).status_code == 400
    assert client.post(reverse("notifications:sms-inbound"), form).status_code == 403
