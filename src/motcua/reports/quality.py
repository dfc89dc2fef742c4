"""The quality index of service to citizens and businesses (Quyết định 766/QĐ-TTg), per
agency and month: five groups, 100 points.

Each indicator is a rate, numerator over denominator, shown with both. It earns
`weight × min(1, rate / full_at)` points; weight and full_at come from IndicatorSetting
(edited by the province admin) with the defaults below (DOMAIN.md; the published formulas
are unofficial, so every one is a setting). An indicator with nothing to count in the month
(denominator 0) earns its full points and says “không phát sinh”.

An agency is scored on the dossiers it received (as in the periodic report) and on the
procedures it performs. The dossier counts reuse the report's own figure definitions.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, Exists, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Channel, DocumentKind, DossierDocument, DossierEvent, Timing
from motcua.payments.models import Payment
from motcua.portal.models import Rating
from motcua.reports import figures
from motcua.reports.db import report_queries
from motcua.reports.models import IndicatorSetting
from motcua.reports.periods import Period


@dataclass(frozen=True)
class Indicator:
    code: str
    number: str
    group: int
    label: str
    numerator: str
    denominator: str
    weight: Decimal
    full_at: Decimal  # percent


GROUPS = {
    1: _("Công khai, minh bạch"),
    2: _("Tiến độ, kết quả giải quyết"),
    3: _("Số hóa hồ sơ"),
    4: _("Cung cấp dịch vụ trực tuyến"),
    5: _("Mức độ hài lòng"),
}

INDICATORS = {
    i.code: i
    for i in [
        Indicator("catalogue_public", "1.1", 1, _("Thủ tục được công khai đầy đủ"),
                  _("thủ tục có thành phần hồ sơ, căn cứ pháp lý, thời hạn công khai"), _("thủ tục cơ quan thực hiện"),
                  Decimal(9), Decimal(100)),
        Indicator("progress_on_time", "1.2", 1, _("Tiến độ được cập nhật đúng hạn"),
                  _("lượt chuyển bước trong hạn của bước"), _("lượt chuyển bước trong tháng"), Decimal(9), Decimal(100)),
        Indicator("resolved_on_time", "2.1", 2, _("Hồ sơ giải quyết đúng hạn"),
                  _("hồ sơ giải quyết trước hạn, đúng hạn"), _("hồ sơ đã giải quyết trong tháng"), Decimal(14), Decimal(100)),
        Indicator("open_within_time", "2.2", 2, _("Hồ sơ đang giải quyết trong hạn"),
                  _("hồ sơ đang giải quyết còn trong hạn"), _("hồ sơ đang giải quyết cuối tháng"), Decimal(6), Decimal(100)),
        Indicator("digitised_received", "3.1", 3, _("Hồ sơ tiếp nhận được số hóa"),
                  _("hồ sơ có giấy tờ dạng điện tử"), _("hồ sơ tiếp nhận trong tháng"), Decimal(11), Decimal(80)),
        Indicator("electronic_result", "3.2", 3, _("Kết quả giải quyết điện tử"),
                  _("hồ sơ có tệp kết quả điện tử"), _("hồ sơ đã giải quyết trong tháng"), Decimal(11), Decimal(80)),
        Indicator("procedures_online", "4.1", 4, _("Thủ tục cung cấp trực tuyến"),
                  _("thủ tục trực tuyến toàn trình hoặc một phần"), _("thủ tục cơ quan thực hiện"), Decimal(8), Decimal(80)),
        Indicator("filed_online", "4.2", 4, _("Hồ sơ nộp trực tuyến"),
                  _("hồ sơ nộp trực tuyến"), _("hồ sơ tiếp nhận trong tháng"), Decimal(8), Decimal(50)),
        Indicator("paid_online", "4.3", 4, _("Thanh toán trực tuyến"),
                  _("hồ sơ có phí đã thanh toán trực tuyến"), _("hồ sơ có phí tiếp nhận trong tháng"), Decimal(6), Decimal(100)),
        Indicator("satisfaction", "5.1", 5, _("Mức độ hài lòng"),
                  _("hồ sơ đã giải quyết, trừ quá hạn và bị phản ánh không hài lòng"), _("hồ sơ đã giải quyết trong tháng"),
                  Decimal(18), Decimal(90)),
    ]
}

CENT = Decimal("0.01")


@dataclass
class Measure:
    indicator: Indicator
    numerator: int
    denominator: int
    weight: Decimal
    full_at: Decimal

    @property
    def applicable(self) -> bool:
        return self.denominator > 0

    @property
    def rate(self) -> Decimal | None:
        if not self.applicable:
            return None
        return (Decimal(100) * self.numerator / self.denominator).quantize(CENT, ROUND_HALF_UP)

    @property
    def points(self) -> Decimal:
        if not self.applicable:
            return self.weight
        share = min(Decimal(1), Decimal(self.numerator) / self.denominator * 100 / self.full_at)
        return (self.weight * share).quantize(CENT, ROUND_HALF_UP)


@dataclass
class Score:
    agency: Agency | None  # None: the whole scope
    measures: list[Measure] = field(default_factory=list)
    dossiers: int = 0  # received or resolved in the month: an agency with none is not ranked

    @property
    def total(self) -> Decimal:
        return sum((m.points for m in self.measures), Decimal(0))

    def groups(self) -> list[dict]:
        found = []
        for number, label in GROUPS.items():
            measures = [m for m in self.measures if m.indicator.group == number]
            found.append({
                "number": number, "label": label, "measures": measures,
                "points": sum((m.points for m in measures), Decimal(0)),
                "weight": sum((m.weight for m in measures), Decimal(0)),
            })
        return found


def settings() -> dict[str, tuple[Decimal, Decimal]]:
    chosen = {s.code: (s.weight, s.full_at) for s in IndicatorSetting.objects.all()}
    return {code: chosen.get(code, (i.weight, i.full_at)) for code, i in INDICATORS.items()}


def _count(first: Q, then: Exists | None = None) -> Count:
    """Count the dossiers meeting `first` and then `then`: CASE keeps that order, so the
    database looks up `then` (a look-up in another table) only for the month's few dossiers
    that meet `first`, not for every dossier it reads."""
    if then is None:
        return Count("pk", filter=first)
    return Count(Case(When(first, then=Case(When(then, then=Value(1))))))


def dossier_counts(dossiers, period: Period) -> dict[int, dict[str, int]]:
    """Per receiving agency, the dossier numerators and denominators of the month."""
    c = figures.conditions(period, period.as_of())
    has_papers = Exists(DossierDocument.objects.filter(dossier=OuterRef("pk"), kind=DocumentKind.APPLICANT).exclude(file=""))
    has_result = Exists(DossierDocument.objects.filter(dossier=OuterRef("pk"), kind=DocumentKind.FINAL_RESULT).exclude(file=""))
    paid_online = Exists(Payment.objects.filter(dossier=OuterRef("pk"), state=Payment.State.SUCCEEDED))
    complaint = Exists(Rating.objects.filter(dossier=OuterRef("pk"), level=Rating.Level.UNSATISFIED))
    new = c["new_online"] | c["new_counter"] | c["new_post"]
    fee_bearing = new & Q(fee_due__gt=0)
    rows = (
        figures.relevant(dossiers, period)
        .order_by()
        .values("receiving_agency_id")
        .annotate(
            received=_count(new),
            received_online=_count(new & Q(channel=Channel.ONLINE)),
            received_digitised=_count(new, has_papers),
            fee_bearing=_count(fee_bearing),
            paid_online=_count(fee_bearing, paid_online),
            resolved=_count(c["resolved"]),
            resolved_in_time=_count(c["resolved"] & Q(timing__in=[Timing.EARLY, Timing.ON_TIME])),
            resolved_late=_count(c["resolved_late"]),
            electronic_result=_count(c["resolved"], has_result),
            resolved_complained=_count(c["resolved"] & ~Q(timing=Timing.LATE), complaint),
            in_progress=_count(c["in_progress"]),
            in_progress_within=_count(c["in_progress_within"]),
        )
    )
    return {row.pop("receiving_agency_id"): row for row in rows}


def handover_counts(agency_ids, period: Period) -> dict[int, dict[str, int]]:
    """Per agency, the handovers its officials made in the month (each step completed is
    classified against the step's due time), whichever agency received the dossier."""
    rows = (
        DossierEvent.objects.filter(at__gte=period.start, at__lt=period.end, from_agency__in=agency_ids)
        .exclude(timing="")
        .order_by()
        .values("from_agency_id")
        .annotate(handovers=Count("pk"), handovers_in_time=Count("pk", filter=~Q(timing=Timing.LATE)))
    )
    return {row.pop("from_agency_id"): row for row in rows}


def catalogue_counts(agency_ids) -> dict[int, dict[str, int]]:
    """Per agency, the published procedures it performs: all, complete, offered online."""
    through = ProcedureVersion.agencies.through
    has_documents = Exists(ProcedureVersion.documents.rel.related_model.objects.filter(version=OuterRef("procedureversion_id")))
    complete = Q(has_documents) & ~Q(procedureversion__legal_basis="") & Q(procedureversion__legal_time__gt=0)
    rows = (
        through.objects.filter(agency__in=agency_ids, procedureversion__status=ProcedureVersion.Status.PUBLISHED)
        .order_by()
        .values("agency_id")
        .annotate(
            procedures=Count("pk"),
            procedures_complete=Count("pk", filter=complete),
            procedures_online=Count("pk", filter=~Q(procedureversion__online_mode=ProcedureVersion.OnlineMode.COUNTER)),
        )
    )
    return {row.pop("agency_id"): row for row in rows}


# Each indicator's (numerator, denominator) among the counts gathered above.
RATIOS = {
    "catalogue_public": ("procedures_complete", "procedures"),
    "progress_on_time": ("handovers_in_time", "handovers"),
    "resolved_on_time": ("resolved_in_time", "resolved"),
    "open_within_time": ("in_progress_within", "in_progress"),
    "digitised_received": ("received_digitised", "received"),
    "electronic_result": ("electronic_result", "resolved"),
    "procedures_online": ("procedures_online", "procedures"),
    "filed_online": ("received_online", "received"),
    "paid_online": ("paid_online", "fee_bearing"),
    "satisfaction": ("satisfied", "resolved"),
}


def _score(agency: Agency | None, counts: dict, chosen: dict) -> Score:
    counts = {**counts, "satisfied": counts.get("resolved", 0) - counts.get("resolved_late", 0) - counts.get("resolved_complained", 0)}
    score = Score(agency=agency, dossiers=counts.get("received", 0) + counts.get("resolved", 0))
    for code, indicator in INDICATORS.items():
        top, bottom = RATIOS[code]
        weight, full_at = chosen[code]
        score.measures.append(Measure(indicator, counts.get(top, 0), counts.get(bottom, 0), weight, full_at))
    return score


def scores(agency_ids: set[int], period: Period, dossiers) -> tuple[list[Score], Score]:
    """Each agency's score for the month, best first, and the score of them all together."""
    chosen = settings()
    merged: dict[int, dict[str, int]] = defaultdict(dict)
    with report_queries():
        parts = [dossier_counts(dossiers.filter(receiving_agency__in=agency_ids), period),
                 handover_counts(agency_ids, period), catalogue_counts(agency_ids)]
    for part in parts:
        for pk, counts in part.items():
            merged[pk].update(counts)
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=merged)}
    ranked = sorted(
        (_score(agencies[pk], counts, chosen) for pk, counts in merged.items()),
        key=lambda s: (-s.total, s.agency.name),
    )
    together: dict[str, int] = defaultdict(int)
    for counts in merged.values():
        for key, value in counts.items():
            together[key] += value
    return ranked, _score(None, together, chosen)


def scores_for(report) -> dict:
    ranked, overall = scores(report.scope_ids(), report.period, report.dossiers())
    return {"ranked": ranked, "overall": overall, "groups": GROUPS}


def ensure_settings(**kwargs) -> None:
    """Give every indicator that has no setting yet its default weight and threshold (after
    migrate; a database emptied by a test's flush gets them back too). What the province
    chose is left as it is."""
    from motcua.reports.models import IndicatorSetting

    existing = set(IndicatorSetting.objects.values_list("code", flat=True))
    IndicatorSetting.objects.bulk_create(
        IndicatorSetting(code=code, weight=indicator.weight, full_at=indicator.full_at)
        for code, indicator in INDICATORS.items()
        if code not in existing
    )
