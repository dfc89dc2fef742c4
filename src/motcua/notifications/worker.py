"""Sending the messages: claim one, send it, record what happened.

The Message table is the queue. A worker claims the next due message in a short
transaction (state "sending", a lease, one more attempt), sends it outside any
transaction, then records the outcome only if its claim still holds. A worker killed while
sending leaves its message "sending" with a lease that runs out; the next worker claims it
again and sends it under the same idempotency key (Message-ID, RequestId, tracking_id), so
a provider that already took it recognises the copy. Messages already marked sent are never
claimed again. Temporary failures are retried with exponential back-off; after the last
attempt, or a permanent failure, the message is marked failed and the recipient's next
channel gets it (dispatch.fall_back).

This does not ride on the task queue: a task claimed by a db_worker that dies stays
"running" there for ever, and a message must not.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from motcua.notifications import channels, dispatch
from motcua.notifications.channels import SendFailure
from motcua.notifications.models import Message, State
from motcua.notifications.topics import TOPICS

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
LEASE = timedelta(minutes=2)


def retry_delay(attempt: int) -> timedelta:
    """1, 2, 4, 8, 16 minutes after the attempts that failed."""
    return timedelta(minutes=2 ** (attempt - 1))


def claim(now=None, lease: timedelta = LEASE) -> Message | None:
    now = now or timezone.now()
    with transaction.atomic():
        message = Message.objects.due(now).select_for_update(skip_locked=True).order_by("next_attempt_at", "pk").first()
        if message is None:
            return None
        message.state = State.SENDING
        message.lease_until = now + lease
        message.attempts += 1
        message.save(update_fields=["state", "lease_until", "attempts"])
        return message


def _still_mine(message: Message):
    return Message.objects.filter(pk=message.pk, state=State.SENDING, attempts=message.attempts)


def send(message: Message) -> None:
    """Send a claimed message and record the outcome."""
    try:
        receipt = channels.get(message.channel).send(message)
    except SendFailure as failure:
        _failed(message, str(failure), permanent=failure.permanent)
    except Exception as error:  # a bug or an unforeseen answer: retried like a temporary failure
        logger.exception("Sending message %s failed", message.pk)
        _failed(message, f"{type(error).__name__}: {error}", permanent=False)
    else:
        now = timezone.now()
        erased = {"body": ""} if TOPICS.get(message.topic) and TOPICS[message.topic].secret else {}
        _still_mine(message).update(
            state=State.DELIVERED if receipt.delivered else State.SENT,
            provider_id=receipt.provider_id[:100],
            sent_at=now,
            delivered_at=now if receipt.delivered else None,
            lease_until=None,
            error="",
            **erased,
        )


def _failed(message: Message, error: str, *, permanent: bool) -> None:
    now = timezone.now()
    with transaction.atomic():
        if not permanent and message.attempts < MAX_ATTEMPTS:
            _still_mine(message).update(
                state=State.PENDING, next_attempt_at=now + retry_delay(message.attempts), lease_until=None, error=error
            )
            return
        if _still_mine(message).update(state=State.FAILED, lease_until=None, error=error):
            message.refresh_from_db()
            dispatch.fall_back(message)
    logger.warning("Message %s failed for good on %s: %s", message.pk, message.channel, error)


def mark_delivered(message: Message, at=None) -> None:
    """A provider says the message reached the person."""
    Message.objects.filter(pk=message.pk, state__in=[State.SENT, State.SENDING]).update(
        state=State.DELIVERED, delivered_at=at or timezone.now()
    )


@transaction.atomic
def mark_undelivered(message: Message, error: str) -> None:
    """A provider says the message could not reach the person: the next channel gets it."""
    if Message.objects.filter(pk=message.pk, state__in=[State.SENT, State.SENDING]).update(state=State.FAILED, error=error):
        message.refresh_from_db()
        dispatch.fall_back(message)


@transaction.atomic
def send_again(message: Message) -> bool:
    """The admin's "send again" on a failed message: it goes back to the queue as it was."""
    return bool(
        Message.objects.filter(pk=message.pk, state=State.FAILED).update(
            state=State.PENDING, next_attempt_at=timezone.now(), attempts=0, error=""
        )
    )


def run_once(limit: int | None = None, lease: timedelta = LEASE) -> int:
    """Send every due message (at most `limit`); the number sent or attempted."""
    done = 0
    while limit is None or done < limit:
        message = claim(lease=lease)
        if message is None:
            break
        send(message)
        done += 1
    return done
