"""Time used and left on a dossier's promise, as the officials read it on the dossier page.

Counted like the lifecycle counts: in office time from the working calendar (or plain
time for procedures in calendar days), with the waits for the applicant left out.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier
from motcua.workdays.selectors import working_calendar

WAIT_STARTS = {"request_supplement", "request_obligation"}
WAIT_ENDS = {"supplement", "fulfil_obligation"}


@dataclass(frozen=True)
class Clock:
    used: timedelta
    left: timedelta | None  # negative: overdue by that much
    day: timedelta  # the length of one counted day
    paused: bool

    @property
    def overdue(self) -> bool:
        return self.left is not None and self.left < timedelta()

    def describe(self, span: timedelta) -> str:
        seconds = int(abs(span).total_seconds())
        day = int(self.day.total_seconds())
        days, rest = divmod(seconds, day)
        hours, rest = divmod(rest, 3600)
        parts = []
        if days:
            parts.append(ngettext("%(n)d ngày", "%(n)d ngày", days) % {"n": days})
        if hours:
            parts.append(ngettext("%(n)d giờ", "%(n)d giờ", hours) % {"n": hours})
        if rest // 60 or not parts:
            parts.append(ngettext("%(n)d phút", "%(n)d phút", rest // 60) % {"n": rest // 60})
        return " ".join(parts)

    @property
    def used_text(self) -> str:
        return self.describe(self.used)

    @property
    def left_text(self) -> str:
        if self.left is None:
            return ""
        text = self.describe(self.left)
        return _("quá hạn %(time)s") % {"time": text} if self.overdue else text


def dossier_clock(dossier: Dossier, events: list, now: datetime) -> Clock | None:
    """None before the clock starts (a dossier not yet received)."""
    if dossier.clock_started_at is None:
        return None
    if dossier.procedure_version.time_unit == ProcedureVersion.TimeUnit.WORKING_DAYS:
        calendar = working_calendar()
        span, day = calendar.working_time_between, calendar.hours.day_length
    else:
        span, day = (lambda start, end: end - start), timedelta(days=1)
    last_event = events[-1].at if events else now
    end = dossier.finished_at or dossier.paused_at or (last_event if dossier.current_step is None else now)
    waited, wait_started = timedelta(), None
    for event in events:
        if event.action in WAIT_STARTS and event.at >= dossier.clock_started_at:
            wait_started = event.at
        elif event.action in WAIT_ENDS and wait_started is not None:
            waited += span(wait_started, event.at)
            wait_started = None
    used = max(span(dossier.clock_started_at, end) - waited, timedelta())
    if dossier.paused_at is not None and dossier.paused_remaining is not None:
        left = timedelta(seconds=dossier.paused_remaining)
    elif dossier.promised_at is not None:
        left = span(end, dossier.promised_at)
    else:
        left = None
    return Clock(used=used, left=left, day=day, paused=dossier.paused_at is not None)
