"""What the dashboards and the public transparency page show: series ready for the charts.

The series are counts per month over the twelve months ending with the report's period, in
one grouped query each, so a dashboard costs a few queries whatever the province's size."""

from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.dossiers.models import Channel, Dossier, Timing
from motcua.portal.models import Rating
from motcua.reports import figures, periods, quality, selectors
from motcua.reports.db import report_queries
from motcua.reports.periods import VIETNAM, Period

MONTHS = 12


def _months_back(period: Period) -> list[Period]:
    last = periods.month(period.last.year, period.last.month)
    found = [last]
    while len(found) < MONTHS:
        found.insert(0, found[0].previous())
    return found


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _by_month(queryset, moment: str, **counts) -> dict[date, dict]:
    rows = queryset.annotate(month=TruncMonth(moment, tzinfo=VIETNAM)).order_by().values("month").annotate(**counts)
    return {row.pop("month").date(): row for row in rows}


def trends(dossiers, period: Period) -> dict:
    with report_queries():
        return _trends(dossiers, period)


def _trends(dossiers, period: Period) -> dict:
    months = _months_back(period)
    start, end = months[0].start, months[-1].end
    received = _by_month(
        dossiers.filter(received_at__gte=start, received_at__lt=end), "received_at",
        total=Count("pk"), online=Count("pk", filter=Q(channel=Channel.ONLINE)),
    )
    resolved = _by_month(
        dossiers.filter(finished_at__gte=start, finished_at__lt=end), "finished_at",
        total=Count("pk"), in_time=Count("pk", filter=Q(timing__in=[Timing.EARLY, Timing.ON_TIME])),
    )
    ratings = _by_month(
        Rating.objects.filter(dossier__in=dossiers, at__gte=start, at__lt=end), "at",
        total=Count("pk"), satisfied=Count("pk", filter=Q(level=Rating.Level.SATISFIED)),
        unsatisfied=Count("pk", filter=Q(level=Rating.Level.UNSATISFIED)),
    )
    empty = {"total": 0, "online": 0, "in_time": 0, "satisfied": 0, "unsatisfied": 0}
    series = {"labels": [f"{m.first.month:02d}/{m.first.year}" for m in months]}
    got = [(received.get(m.first, empty), resolved.get(m.first, empty), ratings.get(m.first, empty)) for m in months]
    series["received"] = [r["total"] for r, _s, _t in got]
    series["resolved"] = [s["total"] for _r, s, _t in got]
    series["online_share"] = [_percent(r["online"], r["total"]) for r, _s, _t in got]
    series["on_time_rate"] = [_percent(s["in_time"], s["total"]) for _r, s, _t in got]
    series["satisfaction"] = [_percent(t["satisfied"], t["total"]) for _r, _s, t in got]
    series["dissatisfaction"] = [_percent(t["unsatisfied"], t["total"]) for _r, _s, t in got]
    return series


def trend_rows(series: dict) -> list[dict]:
    """The trends month by month: the table beside the charts, for screen readers and print."""
    keys = ("received", "resolved", "online_share", "on_time_rate", "satisfaction")
    return [{"month": label, **{k: series[k][i] for k in keys}} for i, label in enumerate(series["labels"])]


def overdue_by_agency(report: selectors.Report) -> dict:
    as_agencies = selectors.Report(
        period=report.period, grouping="agency", scope=report.scope, agency=report.agency, visible=report.visible,
        as_of=report.as_of,
    )
    selectors.count_rows(as_agencies)
    rows = sorted(as_agencies.rows, key=lambda r: -r.values["in_progress_overdue"])
    return {
        "labels": [row.label for row in rows],
        "overdue": [row.values["in_progress_overdue"] for row in rows],
        "within": [row.values["in_progress_within"] for row in rows],
    }


def chart_names() -> dict:
    return {
        "received": _("Tiếp nhận"), "resolved": _("Đã giải quyết"), "online_share": _("Nộp trực tuyến (%)"),
        "on_time_rate": _("Đúng hạn (%)"), "satisfaction": _("Hài lòng (%)"), "dissatisfaction": _("Không hài lòng (%)"),
        "overdue": _("Quá hạn"), "within": _("Trong hạn"),
    }


def charts(report: selectors.Report) -> dict:
    """The data the dashboard's charts draw (passed to the page with json_script)."""
    return {"trends": trends(report.dossiers(), report.period), "overdue": overdue_by_agency(report), "names": chart_names()}


def public_page(period: Period) -> dict:
    """Counts and scores only, per agency: nothing that names or identifies an applicant."""
    dossiers = Dossier.objects.all()
    all_ids = set(Agency.objects.filter(is_active=True).values_list("pk", flat=True))
    ranked, overall = quality.scores(all_ids, period, dossiers)
    province = figures.count(dossiers, period)
    series = trends(dossiers, period)
    return {
        "period": period,
        "previous": period.previous(),
        "ranked": [score for score in ranked if score.dossiers],
        "overall": overall,
        "groups": quality.GROUPS,
        "province": province,
        "on_time_rate": _percent(province["resolved_early"] + province["resolved_on_time"], province["resolved"]),
        "online_share": _percent(province["new_online"], province["new_online"] + province["new_counter"] + province["new_post"]),
        "chart_data": {"trends": series, "names": chart_names()},
        "trend_rows": trend_rows(series),
        "title": _("Công khai kết quả giải quyết thủ tục hành chính"),
    }
