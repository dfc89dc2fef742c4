"""Which report a reader asks for, what they may see of it, and its rows.

The query parameters are read here once (views, exports and the drill-down share them):
`ky` the period (periods.parse), `co-quan` the agency code (its units below are rolled up),
`theo` the grouping (agency, field, procedure, level), and for a drill-down `chi-tieu` the
figure and `nhom` the row's key. Anything wrong raises BadQuery with a Vietnamese message;
an agency the reader may not see raises NotAllowed.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts import permissions
from motcua.agencies.models import Agency
from motcua.catalog.models import Field, Procedure, ProcedureVersion
from motcua.dossiers.models import Dossier
from motcua.reports import figures, periods
from motcua.reports.db import report_queries
from motcua.reports.periods import Period
from motcua.text import is_number

GROUPINGS = {
    "agency": gettext_lazy("Cơ quan, đơn vị"),
    "field": gettext_lazy("Lĩnh vực"),
    "procedure": gettext_lazy("Thủ tục hành chính"),
    "level": gettext_lazy("Cấp"),
}
OWN = "rieng"  # the row of the scope agency's own dossiers, without its units


class BadQuery(ValueError):
    """The query parameters are wrong; the message says how, in Vietnamese."""


class NotAllowed(PermissionError):
    """The reader may not see the report asked for."""


def agency_tree() -> dict[int | None, list[Agency]]:
    """Each agency's units, from one query: a province has a few hundred agencies."""
    children: dict[int | None, list[Agency]] = {}
    for agency in Agency.objects.only("id", "parent_id", "code", "name", "short_name", "level"):
        children.setdefault(agency.parent_id, []).append(agency)
    return children


def subtree(agency_id: int, children: dict) -> set[int]:
    found, frontier = {agency_id}, [agency_id]
    while frontier:
        frontier = [c.pk for pk in frontier for c in children.get(pk, [])]
        found.update(frontier)
    return found


@dataclass
class Row:
    key: str
    label: str
    values: dict
    agency: Agency | None = None  # for agency rows: the unit to open a report on


@dataclass
class Report:
    period: Period
    grouping: str
    scope: list[Agency]  # the report covers these agencies and every unit below them
    agency: Agency | None  # the one agency asked for, if any
    visible: set[int]
    as_of: datetime
    rows: list[Row] = field(default_factory=list)
    total: dict = field(default_factory=figures.empty)

    @property
    def title(self) -> str:
        return _("Tình hình giải quyết thủ tục hành chính")

    @property
    def scope_label(self) -> str:
        if self.agency:
            return self.agency.name
        return ", ".join(a.name for a in self.scope)

    def scope_ids(self) -> set[int]:
        children = agency_tree()
        ids: set[int] = set()
        for agency in self.scope:
            ids |= subtree(agency.pk, children)
        return ids & self.visible

    def dossiers(self) -> QuerySet:
        return Dossier.objects.filter(receiving_agency__in=self.scope_ids())


def _scope_for(user, visible: set[int], code: str) -> tuple[list[Agency], Agency | None]:
    if code:
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            raise BadQuery(_("Không có cơ quan mã “%(code)s”.") % {"code": code[:40]})
        if agency.pk not in visible:
            raise NotAllowed(_("Bạn không được xem báo cáo của %(agency)s.") % {"agency": agency.name})
        return [agency], agency
    tops = list(Agency.objects.filter(pk__in=visible).exclude(parent__in=visible).order_by("code"))
    # One agency at the top (a leader's own, or the province): open its report directly.
    return tops, (tops[0] if len(tops) == 1 else None)


def report_for(user, params, *, now: datetime | None = None) -> Report:
    """The report `params` ask for, limited to what `user` may see (rows not yet counted)."""
    visible = permissions.reported_agency_ids(user)
    if not visible:
        raise NotAllowed(_("Bạn không có quyền xem báo cáo."))
    try:
        period = periods.parse(params.get("ky"))
    except periods.BadPeriod as error:
        raise BadQuery(str(error)) from error
    grouping = (params.get("theo") or "agency").strip()
    if grouping not in GROUPINGS:
        raise BadQuery(_("Không có cách nhóm “%(value)s”; chọn: %(choices)s.") % {
            "value": grouping[:40], "choices": ", ".join(GROUPINGS),
        })
    scope, agency = _scope_for(user, visible, (params.get("co-quan") or "").strip())
    return Report(period=period, grouping=grouping, scope=scope, agency=agency, visible=visible, as_of=period.as_of(now))


def count_rows(report: Report) -> Report:
    """Fill the rows and the total of `report`."""
    with report_queries():
        grouped = figures.count(report.dossiers(), report.period, by=report.grouping, as_of=report.as_of)
    report.total = figures.empty()
    for values in grouped.values():
        figures.add(report.total, values)
    report.rows = _ROWS[report.grouping](report, grouped)
    return report


def _agency_rows(report: Report, grouped: dict) -> list[Row]:
    children = agency_tree()
    rows = []
    if report.agency:
        own = grouped.get(report.agency.pk, figures.empty())
        rows.append(Row(OWN, _("%(agency)s (trực tiếp tiếp nhận)") % {"agency": report.agency.name}, figures.add(figures.empty(), own)))
        units = sorted(children.get(report.agency.pk, []), key=lambda a: a.code)
    else:
        units = report.scope
    for unit in units:
        values = figures.empty()
        for pk in subtree(unit.pk, children) & report.visible:
            figures.add(values, grouped.get(pk, {}))
        rows.append(Row(unit.code, unit.name, values, agency=unit))
    return rows


def _named_rows(names: Callable[[Iterable], dict]) -> Callable[[Report, dict], list[Row]]:
    def build(report: Report, grouped: dict) -> list[Row]:
        labels = names(grouped.keys())
        rows = [Row(str(key), labels.get(key, str(key)), figures.add(figures.empty(), values)) for key, values in grouped.items()]
        return sorted(rows, key=lambda row: row.label)

    return build


def _field_names(keys) -> dict:
    return dict(Field.objects.filter(pk__in=keys).values_list("pk", "name"))


def _procedure_names(keys) -> dict:
    names = {}
    for version in ProcedureVersion.objects.filter(procedure__in=keys).select_related("procedure").order_by("procedure", "number"):
        names[version.procedure_id] = f"{version.procedure.code} – {version.name}"
    return names


def _level_names(keys) -> dict:
    return {key: str(label) for key, label in Agency.Level.choices if key in keys}


_ROWS = {
    "agency": _agency_rows,
    "field": _named_rows(_field_names),
    "procedure": _named_rows(_procedure_names),
    "level": _named_rows(_level_names),
}


def drill_down(report: Report, params) -> tuple[str, str, QuerySet]:
    """The dossiers behind one figure of one row: (figure, row label, dossiers)."""
    figure = (params.get("chi-tieu") or "").strip()
    if figure not in figures.FIGURE_KEYS:
        raise BadQuery(_("Không có chỉ tiêu “%(value)s” trong báo cáo.") % {"value": figure[:40]})
    dossiers = report.dossiers()
    group = (params.get("nhom") or "").strip()
    label = report.scope_label
    if group:
        dossiers, label = _in_group(report, dossiers, group)
    found = figures.dossiers_behind(dossiers, report.period, figure, as_of=report.as_of)
    return figure, label, found.select_related("procedure_version", "receiving_agency", "current_agency").order_by("received_at", "pk")


def _in_group(report: Report, dossiers: QuerySet, group: str) -> tuple[QuerySet, str]:
    if report.grouping == "agency":
        if group == OWN and report.agency:
            return dossiers.filter(receiving_agency=report.agency), report.agency.name
        agency = Agency.objects.filter(code=group).first()
        if agency is None or agency.pk not in report.visible:
            raise BadQuery(_("Không có đơn vị “%(value)s” trong báo cáo này.") % {"value": group[:40]})
        children = agency_tree()
        return dossiers.filter(receiving_agency__in=subtree(agency.pk, children)), agency.name
    if report.grouping == "level":
        if group not in Agency.Level.values:
            raise BadQuery(_("Không có cấp “%(value)s”.") % {"value": group[:40]})
        return dossiers.filter(receiving_agency__level=group), str(Agency.Level(group).label)
    if not is_number(group):
        raise BadQuery(_("Nhóm “%(value)s” không hợp lệ.") % {"value": group[:40]})
    if report.grouping == "field":
        found = Field.objects.filter(pk=int(group)).first()
        if found is None:
            raise BadQuery(_("Không có lĩnh vực này."))
        return dossiers.filter(procedure_version__field=found), found.name
    procedure = Procedure.objects.filter(pk=int(group)).first()
    if procedure is None:
        raise BadQuery(_("Không có thủ tục này."))
    return dossiers.filter(procedure_version__procedure=procedure), str(procedure)
