"""Keeping the national portal up to date with every dossier.

Writing: `on_event` runs inside the transaction that records a dossier event (the outbox's
in-transaction writers, like the notifications), so what the portal must be told exists
exactly when the event does. It writes the dossier record (`DongBoHoSoMC`) when the dossier
is new to the portal or when something the portal shows has changed, then the progress line
(`CapNhatTienDoHoSoMC`) of the step, each with the idempotency key of its event.

Sending: a worker (`manage.py sync_national_portal`) claims the oldest due record whose
dossier has nothing unsent before it, so the portal receives each dossier's records in
order and never an update before the dossier itself. The claim is a lease: a worker killed
mid-call leaves the record "sending" until the lease runs out, then another worker sends it
again, which the portal takes as the same record (a dossier is keyed by its code, a
progress line by its time and content). A record the portal took is never claimed again.
Unreachable: retried with back-off, then "failed". Refused: kept with the portal's code
and message. Either stops that dossier's later records until the admin sends it again.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from motcua.dossiers.lifecycle import SIGNATURE_ACTIONS
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.public import INTERNAL_ACTIONS, PUBLIC_NOTES
from motcua.nationalportal import payloads
from motcua.nationalportal.client import PortalClient, PortalRefused, PortalUnavailable
from motcua.nationalportal.models import Service, State, Sync

logger = logging.getLogger(__name__)

# Work between officials and checks of a signature change nothing the portal shows.
NOT_SENT = INTERNAL_ACTIONS | SIGNATURE_ACTIONS
# The note is the portal's "GhiChu" of that one update: it does not make an update by itself.
VOLATILE = ("GhiChu",)
MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=2)


def enabled() -> bool:
    return bool(settings.NATIONAL_PORTAL_URL)


def retry_delay(attempt: int) -> timedelta:
    """1, 2, 4 … minutes after the attempts that failed, at most an hour."""
    return min(timedelta(minutes=2 ** (attempt - 1)), timedelta(hours=1))


def _shown(record: dict) -> dict:
    return {name: value for name, value in record.items() if name not in VOLATILE}


def on_event(event: DossierEvent) -> None:
    if not enabled() or event.action in NOT_SENT:
        return
    dossier = event.dossier
    now = timezone.now()
    last = Sync.objects.filter(dossier=dossier, service=Service.DOSSIER).order_by("-pk").only("payload").first()
    # The portal is Vietnamese whatever language the official who acted reads.
    with translation.override(settings.LANGUAGE_CODE):
        supplements = payloads.supplements(dossier, event, last.payload["data"][0]["DanhSachHoSoBoSung"] if last else None)
        record = payloads.dossier_record(
            dossier, supplements=supplements, note=event.note if event.action in PUBLIC_NOTES else ""
        )
        progress = payloads.progress_record(event)
    status = payloads.national_status(dossier.state)
    if last is None or _shown(last.payload["data"][0]) != _shown(record):
        updating = last is not None
        Sync.objects.create(
            key=f"{event.pk}:{Service.DOSSIER}",
            dossier=dossier,
            event=event,
            service=Service.DOSSIER,
            updating=updating,
            payload={"isUpdating": updating, "data": [record]},
            national_status=status,
            next_attempt_at=now,
            created_at=now,
        )
    Sync.objects.create(
        key=f"{event.pk}:{Service.PROGRESS}",
        dossier=dossier,
        event=event,
        service=Service.PROGRESS,
        payload={"data": [progress]},
        national_status=payloads.national_status(event.to_state),
        next_attempt_at=now,
        created_at=now,
    )


def claim(now: datetime | None = None, lease: timedelta = LEASE) -> Sync | None:
    now = now or timezone.now()
    with transaction.atomic():
        sync = Sync.objects.due(now).next_in_line().select_for_update(skip_locked=True).order_by("pk").first()
        if sync is None:
            return None
        sync.state = State.SENDING
        sync.lease_until = now + lease
        sync.attempts += 1
        sync.save(update_fields=["state", "lease_until", "attempts"])
        return sync


def _still_mine(sync: Sync):
    return Sync.objects.filter(pk=sync.pk, state=State.SENDING, attempts=sync.attempts)


def send(sync: Sync, client: PortalClient) -> None:
    """Send a claimed record and record what the portal said."""
    now = timezone.now()
    try:
        client.call(sync.service, **sync.payload)
    except PortalRefused as refusal:
        _still_mine(sync).update(
            state=State.REFUSED, lease_until=None, error_code=refusal.code[:20], error=refusal.message
        )
        logger.warning("The national portal refused %s of dossier %s: %s", sync.service, sync.dossier_id, refusal.code)
        return
    except PortalUnavailable as failure:
        error = str(failure)
    except Exception as error:  # a bug or an unforeseen answer: retried like an outage
        logger.exception("Sending record %s to the national portal failed", sync.pk)
        error = f"{type(error).__name__}: {error}"
    else:
        _still_mine(sync).update(state=State.SENT, sent_at=now, lease_until=None, error_code="", error="")
        return
    if sync.attempts < MAX_ATTEMPTS:
        _still_mine(sync).update(
            state=State.PENDING, next_attempt_at=now + retry_delay(sync.attempts), lease_until=None, error=error
        )
    else:
        _still_mine(sync).update(state=State.FAILED, lease_until=None, error=error)
        logger.warning("Record %s could not reach the national portal after %s attempts", sync.pk, sync.attempts)


def run_once(client: PortalClient | None = None, limit: int | None = None, lease: timedelta = LEASE) -> int:
    """Send every due record (at most `limit`); the number sent or attempted."""
    client = client or PortalClient.from_settings()
    done = 0
    while limit is None or done < limit:
        sync = claim(lease=lease)
        if sync is None:
            break
        send(sync, client)
        done += 1
    return done


def send_again(queryset) -> int:
    """The admin's "send again" on refused or failed records: back in the queue as they were."""
    return queryset.filter(state__in=(State.REFUSED, State.FAILED)).update(
        state=State.PENDING, next_attempt_at=timezone.now(), attempts=0, lease_until=None
    )


def resend_period(start: datetime, end: datetime) -> int:
    """Everything written between `start` and `end` goes to the portal again, in its order,
    under its own keys (after the portal lost data): no record is written twice, and the
    portal takes each again as the same record."""
    return Sync.objects.filter(created_at__gte=start, created_at__lt=end).exclude(state=State.SENDING).update(
        state=State.PENDING, next_attempt_at=timezone.now(), attempts=0, lease_until=None
    )
