"""Writing messages: which ones an event causes, to whom, on which channel.

`on_event` runs inside the transaction that records a dossier event (outbox.subscribe_in_
transaction), so the messages exist exactly when the event does. It only writes rows; the
worker (worker.py) sends them. Each message has an idempotency key made of its cause and
channel, so writing the same message twice is impossible.

Who and where: an applicant with an account gets an in-app notice, plus one message on the
first of their preferred channels (Preference, else the province's order NOTIFY_CHANNELS)
on which they can be reached and the topic has a template; the channels after it are kept
in the message as the fallback, used when it fails for good. An applicant without an
account is reached the same way at the email and phone on the dossier. A paper dossier's
account is the one whose verified identifier it was received under (accounts.permissions),
never one that merely claims the number.
"""

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone

from motcua.accounts import permissions
from motcua.dossiers.models import Channel as DossierChannel
from motcua.notifications import channels, templating
from motcua.notifications.models import Channel, Message, Preference
from motcua.notifications.topics import TOPICS, Topic, topic_for


def when(moment: datetime | None) -> str:
    """A moment as messages write it: local time, dd/mm/yyyy hh:mm."""
    if moment is None:
        return ""
    return formats.date_format(timezone.localtime(moment), "d/m/Y H:i")


def dossier_context(dossier, event=None) -> dict:
    from motcua.dossiers.public import PLAIN_STATUS
    from motcua.text import vnd

    return {
        "ma_ho_so": dossier.code,
        "nguoi_nop": dossier.applicant_name,
        "thu_tuc": dossier.procedure_version.name,
        "co_quan": dossier.current_agency.name,
        "trang_thai": str(PLAIN_STATUS[dossier.state]),
        "ngay_hen_tra": when(dossier.promised_at),
        "thoi_diem": when(event.at if event else None),
        "ly_do": (event.note if event else "") or "",
        "duong_dan": lookup_link(dossier.code),
        "so_tien": vnd(dossier.fee_paid),
    }


def lookup_link(code: str = "") -> str:
    link = settings.PUBLIC_URL.rstrip("/") + reverse("portal:look-up")
    return f"{link}?ma={code}" if code else link


def preferred_channels(user) -> list[str]:
    enabled = channels.enabled()
    if user is not None:
        preference = Preference.objects.filter(user=user).first()
        if preference and preference.channels:
            return [name for name in preference.channels if name in enabled]
    return enabled


def plan(topic: Topic, *, user=None, dossier=None, order: list[str] | None = None) -> list[tuple[str, str]]:
    """(channel, address) pairs on which this person can get this topic, best first."""
    found = []
    for name in order if order is not None else preferred_channels(user):
        channel = channels.get(name)
        address = channel.address(user=user, dossier=dossier)
        if address and channel.carries(templating.template_for(topic.key, name)):
            found.append((name, address))
    return found


def write(
    *,
    key: str,
    topic: Topic,
    channel: str,
    address: str,
    context: dict,
    user=None,
    dossier=None,
    event=None,
    fallback: list[tuple[str, str]] = (),
    fallback_of: Message | None = None,
    extra: dict | None = None,
) -> Message | None:
    """Write one message from the topic's template for `channel`; None when it already
    exists (the key), the channel has no template for the topic, or the text would be
    empty. Which channel can carry a topic (a Zalo template needs the id Zalo approved) is
    plan()'s question."""
    template = templating.template_for(topic.key, channel)
    if template is None:
        return None
    body = templating.fill(template.body, context)
    if not body.strip():
        return None
    data = {"context": context, "fallback": [list(pair) for pair in fallback], **(extra or {})}
    if topic.secret:
        # A secret is kept only in the text to send (erased once sent), never beside it.
        data["context"] = {}
    if channel == Channel.ZALO:
        data["zns_template_id"] = template.zns_template_id
        data["zns_params"] = {name: str(context.get(name, "")) for name in templating.placeholders_in(template.body)}
    # The event's official form: attached to the email, linked from the in-app notice.
    if channel in (Channel.EMAIL, Channel.INAPP) and topic.form and dossier is not None and dossier.channel == DossierChannel.ONLINE:
        data["forms"] = [topic.form]
    now = timezone.now()
    try:
        # A savepoint, so that a duplicate key leaves the caller's transaction usable.
        with transaction.atomic():
            return Message.objects.create(
                key=key,
                topic=topic.key,
                channel=channel,
                user=user,
                address=address[:254],
                dossier=dossier,
                event=event,
                subject=templating.fill(template.subject, context)[:255],
                body=body,
                data=data,
                next_attempt_at=now,
                created_at=now,
                fallback_of=fallback_of,
            )
    except IntegrityError:
        return None


def notify(
    *, key: str, topic: Topic, context: dict, user=None, dossier=None, event=None, inapp: bool = True, extra=None
) -> list[Message]:
    """The in-app notice (for an account) and the first reachable outward message, with the
    rest of the recipient's channels kept as its fallback."""
    written = []
    if inapp and user is not None:
        written.append(
            write(
                key=f"{key}:inapp",
                topic=topic,
                channel=Channel.INAPP,
                address=str(user.pk),
                context=context,
                user=user,
                dossier=dossier,
                event=event,
            )
        )
    route = plan(topic, user=user, dossier=dossier)
    if route:
        (channel, address), rest = route[0], route[1:]
        written.append(
            write(
                key=f"{key}:{channel}",
                topic=topic,
                channel=channel,
                address=address,
                context=context,
                user=user,
                dossier=dossier,
                event=event,
                fallback=rest,
                extra=extra,
            )
        )
    return [message for message in written if message is not None]


def send_direct(*, key: str, topic: Topic, channel: str, address: str, context: dict, user=None) -> Message | None:
    """A message to one address on one channel, with no fallback: account emails and codes,
    which prove that this very address or phone belongs to the person."""
    if not address:
        return None
    return write(key=key, topic=topic, channel=channel, address=address, context=context, user=user)


def on_event(event) -> None:
    """The applicant's messages about one dossier event (inside its transaction)."""
    topic = topic_for(event)
    if topic is None:
        return
    dossier = event.dossier
    applicant = permissions.owner_account(dossier)
    notify(
        key=f"event:{event.pk}",
        topic=topic,
        context=dossier_context(dossier, event),
        user=applicant,
        dossier=dossier,
        event=event,
    )


def fall_back(message: Message) -> Message | None:
    """The same message on the recipient's next channel, after `message` failed for good."""
    remaining = [tuple(pair) for pair in message.data.get("fallback", [])]
    topic = TOPICS.get(message.topic)
    while remaining and topic is not None:
        (channel, address), remaining = remaining[0], remaining[1:]
        root = message.key.rsplit(":", 1)[0]
        written = write(
            key=f"{root}:{channel}",
            topic=topic,
            channel=channel,
            address=address,
            context=message.data.get("context", {}),
            user=message.user,
            dossier=message.dossier,
            event=message.event,
            fallback=remaining,
            fallback_of=message,
        )
        if written is not None:
            return written
    return None
