"""The work lists of an official (selectors.WORKLISTS) with filters and search, and the
code box in the header that a barcode scanner types into."""

from datetime import datetime, time, timedelta
from typing import NamedTuple

from django import forms
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from motcua.accounts import permissions
from motcua.backoffice.access import OfficialRequiredMixin
from motcua.backoffice.views.search import QUERY_MAX_LENGTH, clean_query, matching
from motcua.catalog.models import Field, Procedure, ProcedureVersion
from motcua.dossiers import selectors
from motcua.dossiers.models import Dossier, State
from motcua.printforms.formatting import short_moment
from motcua.selects import Options

PAGE_SIZE = 25
# Lists whose dossiers can be handed over several at a time.
BULK_HAND_OVER = "chuyen-xu-ly"


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def day_bounds(now: datetime) -> tuple[datetime, datetime, datetime]:
    """The start of today, of tomorrow and of next Monday, local time."""
    today = timezone.localdate(now)
    tz = timezone.get_current_timezone()
    start = datetime.combine(today, time.min, tzinfo=tz)
    return start, start + timedelta(days=1), start + timedelta(days=7 - today.weekday())


def urgency(due: datetime | None, now: datetime) -> str:
    """'late' when past due, 'today' when due later today, '' otherwise."""
    if due is None:
        return ""
    if due < now:
        return "late"
    return "today" if due < day_bounds(now)[1] else ""


# The filter menus change when the catalog does: read per set of agencies every few minutes,
# not on each page (reading them cost more than the list itself).
MENUS_CACHE_SECONDS = 300


def filter_menus(agencies: set[int]) -> dict[str, list[tuple[int, str]]]:
    """The procedures and fields of these agencies, read from the catalog: a list may hold tens
    of thousands of dossiers, too many to read for a menu."""

    def read():
        performed = ProcedureVersion.objects.filter(agencies__in=agencies)
        latest_name = ProcedureVersion.objects.filter(procedure=OuterRef("pk")).order_by("-number").values("name")[:1]
        procedures = (
            Procedure.objects.filter(pk__in=performed.values("procedure")).annotate(latest_name=Subquery(latest_name))
            .order_by("code").values_list("pk", "code", "latest_name")
        )
        return {
            "procedure": [(pk, f"{code} – {name}") for pk, code, name in procedures],
            "field": list(Field.objects.filter(pk__in=performed.values("field")).order_by("name").values_list("pk", "name")),
        }

    key = "backoffice:worklist-menus:" + ",".join(map(str, sorted(agencies)))
    return cache.get_or_set(key, read, MENUS_CACHE_SECONDS)


class WorklistFilter(forms.Form):
    DUE_CHOICES = [("", _("Tất cả")), ("overdue", _("Quá hạn")), ("today", _("Đến hạn hôm nay")), ("week", _("Đến hạn trong tuần"))]

    q = forms.CharField(
        label=_("Tìm mã hồ sơ, người nộp, số định danh"),
        required=False,
        max_length=QUERY_MAX_LENGTH,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
    procedure = forms.TypedChoiceField(label=_("Thủ tục"), required=False, coerce=int, empty_value=None)
    field = forms.TypedChoiceField(label=_("Lĩnh vực"), required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(label=_("Trạng thái"), required=False)
    due = forms.ChoiceField(label=_("Thời hạn"), choices=DUE_CHOICES, required=False)

    def __init__(self, data, *, user):
        super().__init__(data)
        menus = filter_menus(permissions.agency_ids(user))
        everything = [("", _("Tất cả"))]
        self.fields["procedure"].choices = Options(everything, menus["procedure"])
        self.fields["field"].choices = Options(everything, menus["field"])
        self.fields["state"].choices = Options(everything, State.choices)

    def narrows(self) -> bool:
        """Whether any filter applies (a mistyped one does not)."""
        if not self.is_bound:
            return False
        self.is_valid()
        return any(self.cleaned_data.values())

    def apply(self, dossiers: QuerySet, now: datetime) -> QuerySet:
        if not self.is_bound:
            return dossiers
        self.is_valid()
        data = self.cleaned_data  # the valid filters apply; a mistyped one is shown as an error and ignored
        if data.get("procedure"):
            dossiers = dossiers.filter(procedure_version__procedure_id=data["procedure"])
        if data.get("field"):
            dossiers = dossiers.filter(procedure_version__field_id=data["field"])
        if data.get("state"):
            dossiers = dossiers.filter(state=data["state"])
        _start, tomorrow, next_week = day_bounds(now)
        if data.get("due") == "overdue":
            dossiers = dossiers.filter(due__lt=now)
        elif data.get("due") == "today":
            dossiers = dossiers.filter(due__gte=now, due__lt=tomorrow)
        elif data.get("due") == "week":
            dossiers = dossiers.filter(due__gte=now, due__lt=next_week)
        return matching(dossiers, data.get("q", ""))


# What a line of a list shows (rows.html): a few of the hundred columns of the tables joined.
ROW_FIELDS = (
    "code", "state", "applicant_name", "applicant_id_number", "promised_at", "step_due_at", "procedure_version__name",
    "current_step__name", "assignee__full_name", "assignee__first_name", "assignee__last_name", "assignee__username",
)


class Row(NamedTuple):
    """A line of a list, its texts made here: through the template's lookups and filters they
    cost more than the rest of the page (a list shows 25 lines)."""

    code: str
    url: str
    applicant: str
    id_number: str
    procedure: str
    step: str
    urgency: str
    state: str
    due: str
    promised: str


STATE_LABELS = dict(State.choices)


def step_text(dossier: Dossier) -> str:
    """The current step, and who holds it: "Thụ lý – Nguyễn Văn A"."""
    if dossier.current_step is None:
        return ""
    return f"{dossier.current_step.name} – {dossier.assignee}" if dossier.assignee else dossier.current_step.name


def rows(dossiers, now: datetime) -> list[Row]:
    return [
        Row(
            dossier.code, reverse("backoffice:dossier", args=[dossier.code]), dossier.applicant_name,
            dossier.applicant_id_number, dossier.procedure_version.name, step_text(dossier), urgency(dossier.due, now),
            str(STATE_LABELS[dossier.state]), short_moment(dossier.due) or "–", short_moment(dossier.promised_at) or "–",
        )
        for dossier in dossiers
    ]


class WorklistView(OfficialRequiredMixin, TemplateView):
    """One work list, soonest due first; with htmx only the results are sent back."""

    template_name = "backoffice/worklist/page.html"

    def get_template_names(self):
        return ["backoffice/worklist/results.html"] if is_htmx(self.request) else [self.template_name]

    def get_context_data(self, **kwargs):
        worklist = selectors.WORKLISTS_BY_SLUG.get(kwargs["slug"])
        if worklist is None:
            raise Http404
        now = timezone.now()
        user = self.request.user
        filters = WorklistFilter(self.request.GET or None, user=user)
        ids = selectors.WorklistIds(user, worklist, narrow=lambda dossiers: filters.apply(dossiers, now))
        # The header's counts, on a whole page only (htmx asks for the results alone); the
        # whole list's own count is among them.
        counts = None if is_htmx(self.request) else selectors.worklist_counts(user)
        if counts is not None and not filters.narrows():
            entry = next((entry for entry in counts if entry["slug"] == worklist.slug), {"count": 0, "more": False})
            ids.counted([entry["count"] + entry["more"]])
        page = Paginator(ids, PAGE_SIZE).get_page(self.request.GET.get("trang"))
        # The page's 25 rows, with what they show, in the list's order.
        position = {pk: n for n, pk in enumerate(page.object_list)}
        listed = selectors.with_due(permissions.visible_dossiers(user, Dossier.objects.filter(pk__in=position)))
        listed = listed.select_related("procedure_version", "current_step", "assignee").only(*ROW_FIELDS).order_by()
        page.object_list = sorted(listed, key=lambda dossier: position[dossier.pk])
        query = self.request.GET.copy()
        query.pop("trang", None)
        return {
            **super().get_context_data(**kwargs),
            "worklist": worklist,
            "filters": filters,
            "page": page,
            "more": ids.more,
            "rows": rows(page, now),
            "query": query.urlencode(),
            "bulk": worklist.slug == BULK_HAND_OVER,
            "worklists": counts,
        }


class FindView(OfficialRequiredMixin, TemplateView):
    """The code box: an exact code the user may see opens that dossier; anything else is searched."""

    template_name = "backoffice/find.html"
    RESULTS = 50

    def get(self, request, *args, **kwargs):
        query = clean_query(request.GET.get("q"))
        visible = permissions.visible_dossiers(request.user, Dossier.objects.all())
        if query:
            exact = visible.filter(code__iexact=query).values_list("code", flat=True).first()
            if exact:
                return redirect("backoffice:dossier", code=exact)
        now = timezone.now()
        found = selectors.with_due(matching(visible, query)).select_related("procedure_version", "current_step", "assignee")
        found = found.only(*ROW_FIELDS).order_by("due", "pk")
        results = list(found[: self.RESULTS]) if query else []
        context = self.get_context_data(query=query, rows=rows(results, now), limit=self.RESULTS)
        return self.render_to_response(context)
