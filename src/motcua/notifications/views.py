"""Notices pages (in-app messages and channel preferences) and the providers' webhooks.

Webhooks are checked before anything is read: the SMS delivery callback carries a token
signed by this platform in its address (the CallbackUrl given with each message), good for
CALLBACK_MAX_AGE after the message was handed to the gateway; the Zalo Official Account
signs each event (X-ZEvent-Signature: sha256 of app id, body, timestamp and the OA secret
key); inbound SMS forwarded by the gateway carry a timestamp (X-Timestamp) and an
HMAC-SHA256 of it and the body with SMS_INBOUND_SECRET. A signed event or SMS whose
timestamp is further than WEBHOOK_WINDOW_SECONDS from this server's clock is refused: a
captured call cannot be played again later. Within the window a repeated call is harmless
(each is taken once, by the provider's message id). Anything else is refused with 403 and
changes nothing.
"""

import hashlib
import hmac
import json
import time

from django.conf import settings
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import transaction
from django.http import HttpResponseRedirect, JsonResponse
from django.http.request import RawPostDataException
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.notifications import inbound, worker
from motcua.notifications.channels.sms import CALLBACK_MAX_AGE, CALLBACK_SALT, phone_number, request_id
from motcua.notifications.forms import PreferenceForm
from motcua.notifications.models import Channel, Message, Preference
from motcua.text import is_number, same_secret

PAGE_SIZE = 50


def _base_template(user) -> str:
    """Officials read their notices in the back office, applicants on the portal."""
    return "backoffice/base.html" if user.is_official else "citizens/_page.html"


MAX_WEBHOOK_BYTES = 64 * 1024


@login_required
@require_http_methods(["GET", "POST"])
def notices(request):
    """The person's in-app notices, newest first; opening the page marks them read."""
    mine = Message.objects.filter(user=request.user, channel=Channel.INAPP).select_related("dossier")
    if request.method == "POST":
        mine.filter(read_at__isnull=True).update(read_at=timezone.now())
        return HttpResponseRedirect(reverse("notifications:notices"))
    shown = list(mine[:PAGE_SIZE])
    unread = [notice.pk for notice in shown if notice.read_at is None]
    response = render(
        request,
        "notifications/notices.html",
        {"notices": shown, "unread": set(unread), "base_template": _base_template(request.user)},
    )
    Message.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return response


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    preference = Preference.objects.filter(user=request.user).first()
    current = preference.channels if preference else []
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            Preference.objects.update_or_create(user=request.user, defaults={"channels": form.cleaned_data["channels"]})
            flash.success(request, _("Đã lưu kênh nhận thông báo."))
            return HttpResponseRedirect(reverse("notifications:preferences"))
    else:
        form = PreferenceForm(initial=dict(zip(("first", "second", "third"), current, strict=False)))
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "user_phone": request.user.phone, "base_template": _base_template(request.user)},
    )


def _refused(reason: str, status: int = 403) -> JsonResponse:
    return JsonResponse({"ok": False, "error": reason}, status=status)


@csrf_exempt
@require_GET
def sms_callback(request, token: str):
    """The SMS gateway's delivery report (eSMS CallbackUrl: GET with SMSID, SendStatus,
    RequestId). SendStatus 5 is delivered, 4 refused by the operator; others are progress."""
    try:
        message_pk = signing.loads(token, salt=CALLBACK_SALT, max_age=CALLBACK_MAX_AGE)
    except signing.SignatureExpired:
        return _refused(_("Liên kết báo trạng thái đã hết hạn."))
    except signing.BadSignature:
        return _refused(_("Liên kết báo trạng thái không hợp lệ."))
    message = Message.objects.filter(pk=message_pk, channel=Channel.SMS).first()
    if message is None or not same_secret(request.GET.get("RequestId", ""), request_id(message.key)):
        return _refused(_("Liên kết báo trạng thái không hợp lệ."))
    status = request.GET.get("SendStatus", "")
    if status == "5":
        worker.mark_delivered(message)
    elif status == "4":
        worker.mark_undelivered(message, _("Nhà mạng từ chối tin nhắn (SendStatus 4)."))
    return JsonResponse({"ok": True})


def _fresh(stamp: str, per_second: int = 1) -> bool:
    """Whether a signed timestamp (time since 1970 in 1/per_second seconds, as text) is within
    WEBHOOK_WINDOW_SECONDS of now, either way: an older call may be a captured one played
    again, a later one comes from a clock that cannot be trusted. Twenty digits are far more
    than any clock needs, and keep int() and the division within their limits."""
    if not (is_number(stamp) and len(stamp) <= 20):
        return False
    return abs(time.time() - int(stamp) / per_second) <= settings.WEBHOOK_WINDOW_SECONDS


def _zalo_signature_ok(request, body: bytes, payload: dict) -> bool:
    secret, app_id = settings.ZALO_OA_SECRET_KEY, settings.ZALO_APP_ID
    if not (secret and app_id) or str(payload.get("app_id", "")) != app_id:
        return False
    raw = body.decode()
    expected = hashlib.sha256(f"{app_id}{raw}{payload.get('timestamp', '')}{secret}".encode()).hexdigest()
    given = request.headers.get("X-ZEvent-Signature", "").removeprefix("mac=").strip()
    return same_secret(given, expected)


def _raw_body(request) -> bytes:
    """The bytes posted; empty for a multipart form, whose stream RejectNulBytesMiddleware has
    already read (no gateway sends one, so it fails the signature and JSON checks like any junk)."""
    try:
        return request.body
    except RawPostDataException:
        return b""


def _json_body(request) -> tuple[bytes, dict] | str:
    """(body, payload) of a JSON object posted, or why it is refused (in Vietnamese)."""
    body = _raw_body(request)[: MAX_WEBHOOK_BYTES + 1]
    text, payload = "", None
    if len(body) <= MAX_WEBHOOK_BYTES:
        try:
            # UTF-8 only, as every gateway sends: json.loads would also take UTF-16 and UTF-32,
            # which the signature checks could not read back as text.
            text = body.decode()
            payload = json.loads(text)
        except ValueError:  # UnicodeDecodeError and JSONDecodeError both are
            pass
    if not isinstance(payload, dict):
        return _("Nội dung không phải JSON hợp lệ.")
    # A NUL can only travel in JSON escaped; PostgreSQL cannot store one (the middleware
    # refuses it in forms and addresses the same way).
    if "\\u0000" in text:
        return _("Yêu cầu chứa ký tự không hợp lệ.")
    return body, payload


@csrf_exempt
@require_POST
def zalo_webhook(request):
    """Events of the Official Account: ZNS delivery reports and citizens' questions."""
    parsed = _json_body(request)
    if isinstance(parsed, str):
        return _refused(parsed, status=400)
    body, payload = parsed
    if not _zalo_signature_ok(request, body, payload):
        return _refused(_("Chữ ký của Zalo không hợp lệ."))
    if not _fresh(str(payload.get("timestamp", "")), per_second=1000):  # Zalo counts milliseconds
        return _refused(_("Sự kiện của Zalo đã quá cũ hoặc ghi giờ sai."))
    event = payload.get("event_name")
    message = payload.get("message") if isinstance(payload.get("message"), dict) else {}
    sender = payload.get("sender") if isinstance(payload.get("sender"), dict) else {}
    if event == "user_received_message":
        found = Message.objects.filter(channel=Channel.ZALO, provider_id=str(message.get("msg_id", ""))).exclude(provider_id="")
        for sent in found:
            worker.mark_delivered(sent)
    elif event == "user_send_text" and sender.get("id") and message.get("msg_id"):
        user_id = str(sender["id"])[:64]
        with transaction.atomic():
            inbound.answer(
                channel=Channel.ZALO,
                sender=user_id,
                text=str(message.get("text", ""))[:500],
                message_id=str(message["msg_id"])[:100],
                address=user_id,
                extra={"zalo_user": user_id},
            )
    return JsonResponse({"ok": True})


@csrf_exempt
@require_POST
def sms_inbound(request):
    """An SMS a citizen sent to the province's number, forwarded by the gateway as JSON
    {"id", "from", "text"} with X-Timestamp (seconds since 1970) and X-Signature: hex
    HMAC-SHA256 of the timestamp, a dot and the body."""
    secret = settings.SMS_INBOUND_SECRET
    given, stamp = request.headers.get("X-Signature", ""), request.headers.get("X-Timestamp", "")
    if not secret:
        return _refused(_("Chưa cấu hình nhận tin nhắn đến."))
    expected = hmac.new(secret.encode(), stamp.encode() + b"." + _raw_body(request), hashlib.sha256).hexdigest()
    if not same_secret(given, expected):
        return _refused(_("Chữ ký tin nhắn đến không hợp lệ."))
    if not _fresh(stamp):
        return _refused(_("Tin nhắn đến đã quá cũ hoặc ghi giờ sai (X-Timestamp)."))
    parsed = _json_body(request)
    if isinstance(parsed, str):
        return _refused(parsed, status=400)
    _body, payload = parsed
    phone, message_id = phone_number(str(payload.get("from", ""))), str(payload.get("id", ""))[:100]
    if not phone or not message_id:
        return _refused(_("Thiếu số điện thoại gửi hoặc mã tin nhắn."), status=400)
    with transaction.atomic():
        inbound.answer(
            channel=Channel.SMS, sender=phone, text=str(payload.get("text", ""))[:500], message_id=message_id, address=phone
        )
    return JsonResponse({"ok": True})
