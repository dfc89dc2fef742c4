"""The work lists of an official (selectors.WORKLISTS) with filters and search, and the
code box in the header that a barcode scanner types into."""

from datetime import datetime, time, timedelta

from django import forms
from django.core.paginator import Paginator
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from motcua.accounts import permissions
from motcua.backoffice.access import OfficialRequiredMixin
from motcua.backoffice.views.search import QUERY_MAX_LENGTH, clean_query, matching
from motcua.catalog.models import Field, Procedure, ProcedureVersion
from motcua.dossiers import selectors
from motcua.dossiers.models import Dossier, State

PAGE_SIZE = 25
# Lists whose dossiers can be handed over several at a time.
BULK_HAND_OVER = "chuyen-xu-ly"


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def with_due(dossiers: QuerySet) -> QuerySet:
    """`due`: the current step's due time, or the promised return time when there is no step."""
    return dossiers.annotate(due=Coalesce(F("step_due_at"), F("promised_at")))


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


class WorklistFilter(forms.Form):
    DUE_CHOICES = [("", _("Tất cả")), ("overdue", _("Quá hạn")), ("today", _("Đến hạn hôm nay")), ("week", _("Đến hạn trong tuần"))]

    q = forms.CharField(
        label=_("Tìm mã hồ sơ, người nộp, số định danh"),
        required=False,
        max_length=QUERY_MAX_LENGTH,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
    procedure = forms.ModelChoiceField(label=_("Thủ tục"), queryset=Procedure.objects.none(), required=False, empty_label=_("Tất cả"))
    field = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=Field.objects.none(), required=False, empty_label=_("Tất cả"))
    state = forms.ChoiceField(label=_("Trạng thái"), required=False)
    due = forms.ChoiceField(label=_("Thời hạn"), choices=DUE_CHOICES, required=False)

    def __init__(self, data, *, user):
        # The procedures and fields of the official's agencies, read from the catalog: a list
        # may hold tens of thousands of dossiers, too many to read for a menu.
        super().__init__(data)
        agencies = permissions.agency_ids(user)
        latest_name = ProcedureVersion.objects.filter(procedure=OuterRef("pk")).order_by("-number").values("name")[:1]
        self.fields["procedure"].queryset = (
            Procedure.objects.filter(pk__in=ProcedureVersion.objects.filter(agencies__in=agencies).values("procedure"))
            .annotate(latest_name=Subquery(latest_name)).order_by("code")
        )
        self.fields["procedure"].label_from_instance = lambda p: f"{p.code} – {p.latest_name}"
        self.fields["field"].queryset = Field.objects.filter(
            pk__in=ProcedureVersion.objects.filter(agencies__in=agencies).values("field")
        ).order_by("name")
        self.fields["state"].choices = [("", _("Tất cả")), *State.choices]

    def apply(self, dossiers: QuerySet, now: datetime) -> QuerySet:
        if not self.is_bound:
            return dossiers
        self.is_valid()
        data = self.cleaned_data  # the valid filters apply; a mistyped one is shown as an error and ignored
        if data.get("procedure"):
            dossiers = dossiers.filter(procedure_version__procedure=data["procedure"])
        if data.get("field"):
            dossiers = dossiers.filter(procedure_version__field=data["field"])
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


def rows(page, now: datetime) -> list[tuple[Dossier, str]]:
    return [(dossier, urgency(dossier.due, now)) for dossier in page]


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
        dossiers = with_due(selectors.worklist_dossiers(self.request.user, worklist))
        filters = WorklistFilter(self.request.GET or None, user=self.request.user)
        # The page's ids are sorted first, reading only the dossier table; then the 25 rows
        # are read whole, with what select_related joins.
        ordered = filters.apply(dossiers, now).order_by("due", "pk")
        # The header's counts, on a whole page only (htmx asks for the results alone).
        counts = None if is_htmx(self.request) else selectors.worklist_counts(self.request.user)
        paginator = Paginator(ordered.values_list("pk", flat=True), PAGE_SIZE)
        if counts is not None and not (filters.is_bound and any(filters.cleaned_data.values())):
            # The whole list: the header has just counted it.
            paginator.count = next((entry["count"] for entry in counts if entry["slug"] == worklist.slug), 0)
        page = paginator.get_page(self.request.GET.get("trang"))
        position = {pk: n for n, pk in enumerate(page.object_list)}
        page.object_list = sorted(dossiers.filter(pk__in=position), key=lambda dossier: position[dossier.pk])
        query = self.request.GET.copy()
        query.pop("trang", None)
        return {
            **super().get_context_data(**kwargs),
            "worklist": worklist,
            "filters": filters,
            "page": page,
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
        found = with_due(matching(visible, query)).select_related("procedure_version", "current_step").order_by("due", "pk")
        results = list(found[: self.RESULTS]) if query else []
        context = self.get_context_data(query=query, rows=[(d, urgency(d.due, now)) for d in results], limit=self.RESULTS)
        return self.render_to_response(context)
