"""Officials' reminders: a dossier at their step that turns late soon, one that is late, and
each working morning a digest of their work.

What counts is asked of the back office's deadline alerts and work lists, so a reminder
never names a dossier the official cannot act on. Keys name the official, the dossier and
the due time, so however often this runs (every worker, every hour) each reminder is
written once, and a dossier that moves to a new step gets a new one. An official is reminded
of the MOST_URGENT dossiers at most, the overdue ones first: a desk with thousands of late
dossiers needs the worst few named and the rest counted, which the digest and the work lists
do, not thousands of messages.
"""

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from motcua.accounts.models import User
from motcua.backoffice.alerts import deadline_alerts
from motcua.dossiers.selectors import worklist_counts
from motcua.notifications import dispatch
from motcua.notifications.topics import TOPICS
from motcua.workdays.selectors import working_calendar


def officials():
    return User.objects.filter(kind=User.Kind.OFFICIAL, is_active=True, roles__isnull=False).distinct().order_by("pk")


def _link(path: str) -> str:
    return settings.PUBLIC_URL.rstrip("/") + path


MOST_URGENT = 20


def remind(user: User, now: datetime, alerts=None) -> int:
    """Write the overdue and due-soon reminders of one official, for the MOST_URGENT dossiers
    at most (earliest due first); how many are new."""
    alerts = deadline_alerts(user, now=now) if alerts is None else alerts
    overdue = alerts.overdue[:MOST_URGENT]
    due_soon = alerts.due_soon[: MOST_URGENT - len(overdue)]
    written = 0
    for topic, found in ((TOPICS["overdue"], overdue), (TOPICS["due_soon"], due_soon)):
        for alert in found:
            dossier = alert.dossier
            context = {
                "ho_ten": str(user),
                "ma_ho_so": dossier.code,
                "thu_tuc": dossier.procedure_version.name,
                "buoc": dossier.current_step.name if dossier.current_step else "",
                "han_buoc": dispatch.when(alert.due_at),
                "duong_dan": _link(reverse("backoffice:dossier", kwargs={"code": dossier.code})),
            }
            key = f"{topic.key}:{user.pk}:{dossier.pk}:{alert.due_at.isoformat()}"
            written += len(dispatch.notify(key=key, topic=topic, context=context, user=user, dossier=dossier))
    return written


def digest(user: User, now: datetime, alerts=None) -> int:
    """The morning digest of one official, once a working day, when they have work."""
    today = timezone.localdate(now)
    counts = worklist_counts(user, exact=True)  # the exact figures, once a day
    total = sum(entry["count"] for entry in counts)
    if not total:
        return 0
    alerts = deadline_alerts(user, now=now) if alerts is None else alerts
    with override("vi"):
        lines = "\n".join(f"- {entry['label']}: {entry['count']}" for entry in counts)
    context = {
        "ho_ten": str(user),
        "ngay": today.strftime("%d/%m/%Y"),
        "so_can_xu_ly": total,
        "so_sap_den_han": len(alerts.due_soon),
        "so_qua_han": len(alerts.overdue),
        "danh_sach": lines,
        "duong_dan": _link(reverse("backoffice:home")),
    }
    return len(dispatch.notify(key=f"digest:{user.pk}:{today.isoformat()}", topic=TOPICS["digest"], context=context, user=user))


def digest_due(now: datetime) -> bool:
    """A working day, at or after NOTIFY_DIGEST_TIME."""
    local = timezone.localtime(now)
    return working_calendar().is_working_day(local.date()) and local.time() >= settings.NOTIFY_DIGEST_TIME


def run(now: datetime | None = None) -> int:
    now = now or timezone.now()
    written = 0
    with_digest = digest_due(now)
    for user in officials():
        alerts = deadline_alerts(user, now=now)  # one reading serves the reminders and the digest
        written += remind(user, now, alerts)
        if with_digest:
            written += digest(user, now, alerts)
    return written
