"""Deadline alerts (cảnh báo hạn): what an official must act on before it turns late, and
for an agency leader everything of their agency that already is.

Which dossiers are "at an official's steps" is asked of the work lists
(dossiers.selectors), so an alert never names a dossier the official cannot act on."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from motcua.accounts import permissions
from motcua.accounts.models import Role, User
from motcua.dossiers.lifecycle import RUNNING_STATES
from motcua.dossiers.models import Dossier, State
from motcua.dossiers.selectors import NOTHING, WORKLISTS
from motcua.workdays.selectors import working_calendar

# Dossiers whose promise still runs: with the administration, or waiting to be returned.
OPEN_STATES = [*RUNNING_STATES, State.READY]


@dataclass(frozen=True)
class Alert:
    dossier: Dossier
    due_at: datetime  # the earlier of the step's due time and the promised return time

    @property
    def is_step_due(self) -> bool:
        return self.dossier.step_due_at == self.due_at


@dataclass(frozen=True)
class DeadlineAlerts:
    overdue: list[Alert]
    due_soon: list[Alert]
    agency_overdue: list[Dossier]
    working_days: Decimal
    is_leader: bool

    def __bool__(self) -> bool:
        return bool(self.overdue or self.due_soon or self.agency_overdue)


def _earliest(dossier: Dossier) -> datetime | None:
    dues = [due for due in (dossier.step_due_at, dossier.promised_at) if due is not None]
    return min(dues) if dues else None


def at_my_steps(user: User) -> Q:
    """Dossiers waiting for an action of `user`: every work list that leads to an action."""
    condition = NOTHING
    for worklist in WORKLISTS:
        if worklist.action:
            condition |= worklist.condition(user)
    return condition


def deadline_alerts(user: User, *, now: datetime | None = None, working_days: Decimal | None = None) -> DeadlineAlerts:
    """The dossiers at `user`'s steps already late or late within `working_days` working days
    (DEADLINE_ALERT_WORKING_DAYS by default), soonest first; for leaders, their agencies'
    overdue dossiers."""
    now = now or timezone.now()
    working_days = Decimal(settings.DEADLINE_ALERT_WORKING_DAYS if working_days is None else working_days)
    horizon = working_calendar().add_working_days(now, working_days)
    mine = permissions.visible_dossiers(
        user,
        Dossier.objects.filter(at_my_steps(user), state__in=OPEN_STATES).filter(
            Q(step_due_at__lte=horizon) | Q(promised_at__lte=horizon)
        ),
    ).select_related("procedure_version__procedure", "current_step")
    alerts = sorted((Alert(dossier, _earliest(dossier)) for dossier in mine), key=lambda alert: (alert.due_at, alert.dossier.pk))
    led = permissions.agency_ids(user, Role.LEADER)
    agency_overdue = (
        Dossier.objects.filter(current_agency__in=led, state__in=OPEN_STATES, promised_at__lt=now)
        .select_related("procedure_version__procedure", "current_step", "current_agency")
        .order_by("promised_at", "pk")
    )
    return DeadlineAlerts(
        overdue=[alert for alert in alerts if alert.due_at < now],
        due_soon=[alert for alert in alerts if alert.due_at >= now],
        agency_overdue=list(agency_overdue),
        working_days=working_days,
        is_leader=bool(led),
    )
