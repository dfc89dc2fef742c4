"""The periodic report “Tình hình giải quyết TTHC”: what each figure counts, and how.

Every figure is a condition on a dossier (a Q object over `Dossier` annotated with
`closed_at`), so the same definition gives the number in the table and the list of dossiers
behind it: a figure and its drill-down cannot disagree.

A dossier counts for the agency that received it (the one that answers for the result),
whichever agencies it was transferred through. For a period [start, end) and the moment
`as_of` (the end, or now while the period runs):

- carried over: received before the start and still open at the start;
- new: received in the period, by channel (online, counter, post);
- resolved: result ready in the period, early / on time / late against the promised
  return time as the lifecycle classified it (supplement and obligation waits excluded,
  an extension's new date counts);
- in progress: received before `as_of` and still open then, within time or overdue
  (a dossier waiting for the applicant at `as_of` is overdue only if its time had run out
  when the clock stopped);
- withdrawn, stopped: received dossiers that ended so in the period;
- refused: dossiers refused at reception in the period (never received, so outside the
  balance).

So carried over + new = resolved + withdrawn + stopped + in progress, for a past period.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, FilteredRelation, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Channel, State, Timing
from motcua.reports.periods import Period

# Final states a dossier reaches without a result; the event that entered it dates the end.
ENDED_STATES = (State.WITHDRAWN, State.STOPPED, State.REFUSED)
WAITING_STATES = (State.SUPPLEMENT_REQUESTED, State.AWAITING_OBLIGATION)


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    group: str


# The columns of the report, in the order officials print them.
FIGURES: tuple[Figure, ...] = (
    Figure("carried_over", _("Kỳ trước chuyển qua"), _("Số hồ sơ nhận giải quyết")),
    Figure("new_online", _("Trực tuyến"), _("Số hồ sơ nhận giải quyết")),
    Figure("new_counter", _("Trực tiếp"), _("Số hồ sơ nhận giải quyết")),
    Figure("new_post", _("Bưu chính"), _("Số hồ sơ nhận giải quyết")),
    Figure("received", _("Tổng số"), _("Số hồ sơ nhận giải quyết")),
    Figure("resolved_early", _("Trước hạn"), _("Số hồ sơ đã giải quyết")),
    Figure("resolved_on_time", _("Đúng hạn"), _("Số hồ sơ đã giải quyết")),
    Figure("resolved_late", _("Quá hạn"), _("Số hồ sơ đã giải quyết")),
    Figure("resolved", _("Tổng số"), _("Số hồ sơ đã giải quyết")),
    Figure("in_progress_within", _("Trong hạn"), _("Số hồ sơ đang giải quyết")),
    Figure("in_progress_overdue", _("Quá hạn"), _("Số hồ sơ đang giải quyết")),
    Figure("in_progress", _("Tổng số"), _("Số hồ sơ đang giải quyết")),
    Figure("withdrawn", _("Rút hồ sơ"), _("Số hồ sơ kết thúc khác")),
    Figure("stopped", _("Dừng xử lý"), _("Số hồ sơ kết thúc khác")),
    Figure("refused", _("Từ chối tiếp nhận"), _("Số hồ sơ kết thúc khác")),
)
FIGURE_KEYS = frozenset(f.key for f in FIGURES)
LABELS = {f.key: f for f in FIGURES}


def with_closing(dossiers: QuerySet) -> QuerySet:
    """Annotate `closed_at`: when a withdrawn, stopped or refused dossier entered that state.

    A join, not a subquery: the figures use it a dozen times and the database computes it
    once. These states are final, so at most one event of the dossier entered its state."""
    ending = FilteredRelation("events", condition=Q(events__to_state__in=ENDED_STATES, events__to_state=F("state")))
    return dossiers.annotate(ending=ending).annotate(closed_at=F("ending__at"))


def _open_at(moment: datetime) -> Q:
    # Spelled out with IS NULL: SQL's NOT (NULL < t) is not true.
    not_finished = Q(finished_at__isnull=True) | Q(finished_at__gte=moment)
    not_closed = Q(closed_at__isnull=True) | Q(closed_at__gte=moment)
    return Q(received_at__lt=moment) & not_finished & not_closed


def _ended(state: str, period: Period) -> Q:
    return Q(state=state, closed_at__gte=period.start, closed_at__lt=period.end)


def conditions(period: Period, as_of: datetime) -> dict[str, Q]:
    """Each figure's condition on a dossier annotated by with_closing()."""
    new = Q(received_at__gte=period.start, received_at__lt=period.end)
    resolved = Q(finished_at__gte=period.start, finished_at__lt=period.end)
    in_progress = _open_at(as_of)
    waiting = Q(state__in=WAITING_STATES, paused_at__lte=as_of)
    running = ~Q(state__in=WAITING_STATES) | Q(paused_at__gt=as_of)
    overdue = in_progress & ((waiting & Q(paused_remaining__lte=0)) | (running & Q(promised_at__lt=as_of)))
    return {
        "carried_over": _open_at(period.start),
        "new_online": new & Q(channel=Channel.ONLINE),
        "new_counter": new & Q(channel=Channel.COUNTER),
        "new_post": new & Q(channel=Channel.POST),
        "received": _open_at(period.start) | new,
        "resolved_early": resolved & Q(timing=Timing.EARLY),
        "resolved_on_time": resolved & Q(timing=Timing.ON_TIME),
        "resolved_late": resolved & Q(timing=Timing.LATE),
        "resolved": resolved,
        "in_progress_within": in_progress & ~overdue,
        "in_progress_overdue": overdue,
        "in_progress": in_progress,
        "withdrawn": _ended(State.WITHDRAWN, period) & Q(received_at__isnull=False),
        "stopped": _ended(State.STOPPED, period),
        "refused": _ended(State.REFUSED, period),
    }


def relevant(dossiers: QuerySet, period: Period) -> QuerySet:
    """Narrow to the dossiers that can count at all, before the per-figure conditions: the
    database then reads a few months of dossiers rather than all of them."""
    touched = Q(received_at__lt=period.end) & (Q(finished_at__isnull=True) | Q(finished_at__gte=period.start))
    refused = Q(state=State.REFUSED, submitted_at__lt=period.end)
    return with_closing(dossiers.filter(touched | refused))


# What a report row can be grouped by: the lookup on Dossier giving the row's key.
DIMENSIONS = {
    "agency": "receiving_agency_id",
    "field": "procedure_version__field_id",
    "procedure": "procedure_version__procedure_id",
    "level": "receiving_agency__level",
}


def count(dossiers: QuerySet, period: Period, *, by: str | None = None, as_of: datetime | None = None) -> dict:
    """The figures for `dossiers` (a Dossier queryset already limited to what the reader may
    see): {key: {figure: n}} grouped by the dimension `by`, or one {figure: n} without."""
    as_of = as_of or period.as_of()
    aggregates = {key: Count("pk", filter=condition) for key, condition in conditions(period, as_of).items()}
    rows = relevant(dossiers, period)
    if by is None:
        return rows.aggregate(**aggregates)
    lookup = DIMENSIONS[by]
    return {row.pop(lookup): row for row in rows.order_by().values(lookup).annotate(**aggregates)}


def dossiers_behind(dossiers: QuerySet, period: Period, figure: str, *, as_of: datetime | None = None) -> QuerySet:
    """The dossiers a figure counts (the drill-down)."""
    condition = conditions(period, as_of or period.as_of())[figure]
    return relevant(dossiers, period).filter(condition)


def empty() -> dict:
    return dict.fromkeys(FIGURE_KEYS, 0)


def add(total: dict, more: dict) -> dict:
    for key in FIGURE_KEYS:
        total[key] = total.get(key, 0) + (more.get(key) or 0)
    return total
