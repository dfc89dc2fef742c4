"""Report pages (/bao-cao/, officials who may see reports) and the public transparency page
(/minh-bach/, anyone). Views only read the request, ask selectors and render."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from motcua.accounts import permissions
from motcua.agencies.models import Agency
from motcua.reports import dashboards, export, figures, periods, quality, selectors
from motcua.reports.selectors import BadQuery, NotAllowed

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DRILL_PAGE_SIZE = 100


class ReportView(LoginRequiredMixin, View):
    """Reads the report asked for; a wrong query is a 400 and a forbidden one a 403, both
    with the reason on the page, never a server error."""

    template_name = "reports/report.html"

    def get(self, request, *args, **kwargs):
        if not permissions.may_view_reports(request.user):
            return self.refuse(request, _("Chỉ lãnh đạo và quản trị của cơ quan được xem báo cáo."), 403)
        try:
            report = selectors.report_for(request.user, request.GET)
            return self.answer(request, report)
        except NotAllowed as error:
            return self.refuse(request, str(error), 403)
        except BadQuery as error:
            return self.refuse(request, str(error), 400)

    def refuse(self, request, message: str, status: int):
        return render(request, "reports/problem.html", {"message": message}, status=status)

    def context(self, request, report) -> dict:
        return {
            "report": report,
            "groupings": selectors.GROUPINGS,
            "agencies": Agency.objects.filter(pk__in=report.visible).order_by("code").only("code", "name"),
            "figures": figures.FIGURES,
            "groups": [(label, last - first + 1) for label, first, last in export.header_groups()],
        }

    def answer(self, request, report):
        selectors.count_rows(report)
        return render(request, self.template_name, self.context(request, report))


class ExportView(ReportView):
    def answer(self, request, report):
        selectors.count_rows(report)
        kind = self.kwargs["kind"]
        body, content_type = (export.report_xlsx(report), XLSX) if kind == "xlsx" else (export.report_pdf(report), "application/pdf")
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{export.filename(report)}.{kind}"'
        return response


class DrillDownView(ReportView):
    template_name = "reports/dossiers.html"

    def answer(self, request, report):
        figure, group_label, dossiers = selectors.drill_down(report, request.GET)
        page = Paginator(dossiers, DRILL_PAGE_SIZE).get_page(request.GET.get("trang"))
        return render(request, self.template_name, {
            "report": report, "figure": figures.LABELS[figure], "group_label": group_label, "page": page,
            "params": request.GET.urlencode(),
        })


class QualityView(ReportView):
    template_name = "reports/quality.html"

    def answer(self, request, report):
        scores = quality.scores_for(report)
        return render(request, self.template_name, {
            "report": report, "scores": scores, "agencies": Agency.objects.filter(pk__in=report.visible).order_by("code"),
        })


class DashboardView(ReportView):
    template_name = "reports/dashboard.html"

    def answer(self, request, report):
        charts = dashboards.charts(report)
        return render(request, self.template_name, {
            "report": report, "chart_data": charts, "trend_rows": dashboards.trend_rows(charts["trends"]),
            "agencies": Agency.objects.filter(pk__in=report.visible).order_by("code"),
        })


class PublicView(View):
    """Minh bạch: how each agency does, for anyone. Counts and scores only: no names, no
    codes, nothing about any applicant."""

    def get(self, request):
        try:
            period = periods.parse(request.GET.get("ky"), default=periods.current_month().previous())
        except periods.BadPeriod as error:
            return render(request, "reports/public_problem.html", {"message": str(error)}, status=400)
        return render(request, "reports/public.html", dashboards.public_page(period))
