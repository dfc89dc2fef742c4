from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from motcua.accounts import permissions
from motcua.agencies.models import Agency
from motcua.catalog.models import ProcedureVersion
from motcua.portal.selectors import featured_procedures


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "province": Agency.objects.filter(level=Agency.Level.PROVINCE, is_active=True).order_by("code").first(),
            "procedures": ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED).count(),
            "agencies": Agency.objects.filter(is_active=True).count(),
            "featured": featured_procedures(),
        }


@login_required
def after_login(request):
    """Where each kind of account starts after signing in."""
    if permissions.is_active_postal_agent(request.user):
        return redirect("postal:list")
    if permissions.may_enter_backoffice(request.user):
        return redirect("backoffice:home")
    if request.user.is_applicant:
        return redirect("citizens:dossiers")
    return redirect("home")


OPENAPI = Path(__file__).with_name("openapi.yaml")


@require_GET
@cache_control(public=True, max_age=3600)
def openapi(request):
    """The OpenAPI document of the addresses programs call: the signature check and the
    gateways' callbacks."""
    return HttpResponse(OPENAPI.read_bytes(), content_type="application/yaml; charset=utf-8")
