from django.views.generic import TemplateView

from motcua.agencies.models import Agency
from motcua.catalog.models import ProcedureVersion


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "province": Agency.objects.filter(level=Agency.Level.PROVINCE, is_active=True).order_by("code").first(),
            "procedures": ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED).count(),
            "agencies": Agency.objects.filter(is_active=True).count(),
        }
