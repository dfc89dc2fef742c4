from django.views.generic import TemplateView

from motcua.backoffice.access import OfficialRequiredMixin
from motcua.dossiers import selectors


class HomeView(OfficialRequiredMixin, TemplateView):
    """The official's desk: how many dossiers wait in each of their work lists."""

    template_name = "backoffice/home.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "worklists": selectors.worklist_counts(self.request.user)}
