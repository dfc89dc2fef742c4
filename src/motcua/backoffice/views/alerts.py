from django.urls import NoReverseMatch, reverse
from django.views.generic import TemplateView

from motcua.backoffice.access import OfficialRequiredMixin
from motcua.backoffice.alerts import deadline_alerts


def _dossier_link():
    """Links to the dossier page once the back office has one."""
    try:
        reverse("backoffice:dossier", args=["x"])
    except NoReverseMatch:
        return None
    return lambda code: reverse("backoffice:dossier", args=[code])


class DeadlineAlertsView(OfficialRequiredMixin, TemplateView):
    """The official's deadline alerts: a page of its own, and a block loaded into the desk by htmx."""

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["backoffice/reception/_alerts.html"]
        return ["backoffice/reception/alerts.html"]

    def get_context_data(self, **kwargs):
        alerts = deadline_alerts(self.request.user)
        link = _dossier_link()
        rows = {
            "overdue": [(alert.dossier, alert.due_at, link and link(alert.dossier.code)) for alert in alerts.overdue],
            "due_soon": [(alert.dossier, alert.due_at, link and link(alert.dossier.code)) for alert in alerts.due_soon],
            "agency_overdue": [(dossier, dossier.promised_at, link and link(dossier.code)) for dossier in alerts.agency_overdue],
        }
        return {**super().get_context_data(**kwargs), "alerts": alerts, "rows": rows}
