"""Delivery of dossier events to whatever lives outside the process (notifications, the
national portal, webhooks): a transactional outbox.

`record()` in the lifecycle calls `enqueue_event_delivery` inside the transaction that
stores the event. With the database task backend the queued task is a row written in that
same transaction: if the transition rolls back, nothing is queued; if it commits, the
delivery is there even when the process dies the next instant, and a worker
(`manage.py db_worker`) runs it. Subscribers register with `subscribe()` from their app's
ready(); each receives the event id and must be idempotent (a task may run again after a
crash between the side effect and the task's completion). A worker killed while running a
delivery leaves its task RUNNING, and the task backend never takes such a task back:
`release_stalled()` (`manage.py release_stalled_tasks`, every few minutes) puts the
deliveries running for longer than STALLED_AFTER back in the queue.

Some consequences must exist exactly when the event does, whatever happens to a worker:
the notifications an event causes are rows written by the event's own transaction.
`subscribe_in_transaction()` registers such a writer; it is called with the event inside
that transaction and may only write to the database (no network, no files): its rows are
then sent by their own worker. A writer that fails makes the whole transition fail.
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task

logger = logging.getLogger(__name__)

Subscriber = Callable[[int], None]
_subscribers: dict[str, Subscriber] = {}
_writers: dict[str, Callable[[object], None]] = {}
_history_only: ContextVar[bool] = ContextVar("motcua_outbox_history_only", default=False)


def subscribe(name: str, subscriber: Subscriber) -> None:
    """Register `subscriber` under a stable `name` (kept in queued tasks; renaming one
    orphans its pending deliveries)."""
    _subscribers[name] = subscriber


def subscribe_in_transaction(name: str, writer: Callable[[object], None]) -> None:
    """Register `writer`, called with each DossierEvent inside the transaction recording it."""
    _writers[name] = writer


def unsubscribe(name: str) -> None:
    _subscribers.pop(name, None)
    _writers.pop(name, None)


def subscribers() -> dict[str, Subscriber]:
    return dict(_subscribers)


MAX_ATTEMPTS = 8
# Far longer than any delivery takes (each is one call to one subscriber, with its timeouts).
STALLED_AFTER = timedelta(minutes=15)


def retry_delay(attempt: int) -> timedelta:
    """Exponential back-off: 1, 2, 4 … minutes, at most a few hours in all."""
    return timedelta(minutes=2 ** (attempt - 1))


@task(queue_name="outbox")
def deliver_event(event_id: int, subscriber: str, attempt: int = 1) -> None:
    handler = _subscribers.get(subscriber)
    if handler is None:
        logger.warning("No subscriber %r for dossier event %s; delivery dropped", subscriber, event_id)
        return
    try:
        handler(event_id)
    except Exception:
        if attempt < MAX_ATTEMPTS:
            # The retry is queued before this attempt is marked failed, so a crash here
            # cannot lose the delivery.
            deliver_event.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(event_id, subscriber, attempt + 1)
        logger.exception("Delivery of dossier event %s to %r failed (attempt %s)", event_id, subscriber, attempt)
        raise


def release_stalled(now=None, *, after: timedelta = STALLED_AFTER) -> int:
    """Put back in the queue the deliveries claimed more than `after` ago and still running:
    their worker died (SIGKILL, a lost machine) and no worker will ever finish them. A
    delivery that was in fact done runs again, which subscribers must bear anyway."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    stalled = DBTaskResult.objects.running().filter(
        task_path=deliver_event.module_path, started_at__lt=now - after
    )
    released = stalled.update(status=TaskResultStatus.READY, started_at=None)
    if released:
        logger.warning("Put %s dossier event deliveries left running by a stopped worker back in the queue", released)
    return released


@contextmanager
def recording_history() -> Iterator[None]:
    """Events recorded inside are history being loaded (the demo, a migration from another
    system), not things happening now: nobody is notified and nothing is synced."""
    token = _history_only.set(True)
    try:
        yield
    finally:
        _history_only.reset(token)


def enqueue_event_delivery(event) -> None:
    """One task per subscriber, so one failing channel is retried without repeating the others."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Dossier events must be enqueued inside the transaction that records them.")
    if _history_only.get():
        return
    for writer in _writers.values():
        writer(event)
    for name in _subscribers:
        deliver_event.enqueue(event.pk, name)
