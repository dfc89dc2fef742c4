"""The postal agents' pages (/buu-dien/): the dossiers the desk entrusted to them, what each
one needs for the round, and recording the delivery of a result.

A postal agent signs in with a guest account and sees nothing else: any dossier not
entrusted to them answers 404, and the back office (/mot-cua/) refuses them."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from motcua.accounts import permissions
from motcua.accounts.models import validate_national_id
from motcua.dossiers import lifecycle
from motcua.dossiers.selectors import WORKLISTS_BY_SLUG, worklist_dossiers

ENTRUSTED = WORKLISTS_BY_SLUG["buu-dien"]


class PostalAgentRequiredMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not permissions.is_active_postal_agent(user):
            raise PermissionDenied(_("Trang này dành cho nhân viên bưu điện."))
        return super().dispatch(request, *args, **kwargs)

    def entrusted(self):
        return worklist_dossiers(self.request.user, ENTRUSTED).select_related("procedure_version__procedure", "receiving_agency")


class DeliveryForm(forms.Form):
    receiver_name = forms.CharField(label=gettext_lazy("Họ tên người nhận"), max_length=255)
    receiver_id_number = forms.CharField(
        label=gettext_lazy("Số định danh cá nhân của người nhận (12 chữ số)"), max_length=12, validators=[validate_national_id]
    )
    note = forms.CharField(label=gettext_lazy("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))



class EntrustedListView(PostalAgentRequiredMixin, TemplateView):
    template_name = "backoffice/postal/list.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "dossiers": self.entrusted()}


class EntrustedDossierView(PostalAgentRequiredMixin, TemplateView):
    """One entrusted dossier: what the postman needs, and recording its delivery."""

    template_name = "backoffice/postal/dossier.html"

    def get(self, request, code):
        return self.render_to_response(self.context(code, DeliveryForm()))

    def post(self, request, code):
        if "collect" in request.POST:
            return self.collect(request, code)
        form = DeliveryForm(request.POST)
        context = self.context(code, form)
        if context["may_deliver"] and form.is_valid():
            try:
                dossier = lifecycle.return_result(
                    dossier=context["dossier"],
                    actor=request.user,
                    collected_by=form.cleaned_data["receiver_name"],
                    collected_id_number=form.cleaned_data["receiver_id_number"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as refused:
                form.add_error(None, refused)
            else:
                messages.success(request, _("Đã ghi nhận giao kết quả hồ sơ %(code)s.") % {"code": dossier.code})
                return redirect("postal:list")
        elif not context["may_deliver"]:
            form.add_error(None, lifecycle.refusal(request.user, context["dossier"], "return_result"))
        return self.render_to_response(context)

    def collect(self, request, code):
        dossier = get_object_or_404(self.entrusted(), code=code)
        try:
            lifecycle.postal_collect(dossier=dossier, actor=request.user)
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(request, _("Đã ghi nhận nhận hồ sơ %(code)s.") % {"code": dossier.code})
        return redirect("postal:dossier", code=dossier.code)

    def context(self, code: str, form: DeliveryForm) -> dict:
        dossier = get_object_or_404(self.entrusted().prefetch_related("documents"), code=code)
        return {
            "dossier": dossier,
            "form": form,
            "may_deliver": lifecycle.refusal(self.request.user, dossier, "return_result") is None,
            "may_collect": lifecycle.refusal(self.request.user, dossier, "postal_collect") is None,
        }
