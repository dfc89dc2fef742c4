"""Receiving a paper dossier at the counter (tiếp nhận trực tiếp).

One page, filled from top to bottom with the keyboard: the procedure (a few letters,
accents optional), the applicant (their ID number fills in what is known), the online
form's fields, the papers received with their scans, the delivery method, the promised
return time; confirming calls dossiers.services.receive_at_counter, which checks
everything again and writes nothing when anything is wrong.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from motcua.accounts import permissions
from motcua.accounts.models import Role
from motcua.agencies import choices
from motcua.backoffice.access import OfficialRequiredMixin
from motcua.backoffice.forms import form_fields, initial_rows, read_receipt, shown_fields
from motcua.backoffice.reception import (
    TooManyLookups,
    look_up_applicant,
    look_up_population,
    procedures_at,
    promised_return,
    reception_agencies,
    search_procedures,
)
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.population import services as population
from motcua.text import is_number


class ReceptionRequiredMixin(OfficialRequiredMixin):
    """Reception officers only; the agency they receive for is one where they hold that role."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.agency_ids(request.user, Role.RECEPTION):
            raise PermissionDenied(_("Trang này dành cho cán bộ tiếp nhận hồ sơ."))
        return super().dispatch(request, *args, **kwargs)

    def agency(self):
        """The agency named in the request (404 unless the user receives there), or the only
        one they receive for; None when they must choose."""
        agencies = reception_agencies(self.request.user)
        chosen = self.request.POST.get("co_quan") or self.request.GET.get("co_quan")
        if chosen:
            if not is_number(chosen):
                raise Http404
            return get_object_or_404(agencies, pk=chosen)
        return agencies.first() if agencies.count() == 1 else None

    def applicant_lookup(self, values: dict) -> dict:
        """Look the applicant up by the ID number typed, fill the fields left empty, and say
        what happened (the template's `known`, `looked_up`, `too_many`)."""
        try:
            known = look_up_applicant(officer=self.request.user, agency=self.agency(), id_number=values.get("applicant_id_number", ""))
        except TooManyLookups:
            return {"known": None, "looked_up": True, "too_many": settings.APPLICANT_LOOKUPS_PER_HOUR}
        if known is not None:
            known.fill(values)
        return {"known": known, "looked_up": True}

    def population_lookup(self, values: dict, agency, version: ProcedureVersion) -> dict:
        """Ask the population database for the applicant of the ID number typed, for the
        procedure being received; what it knows replaces the name and address (marked as
        such), and why it cannot tell is said so that the officer types them."""
        try:
            lookup = look_up_population(officer=self.request.user, agency=agency, version=version, id_number=values.get("applicant_id_number", ""))
        except TooManyLookups:
            return {"looked_up": True, "too_many": settings.APPLICANT_LOOKUPS_PER_HOUR}
        if lookup.person is not None:
            values["applicant_name"] = lookup.person.full_name
            values["applicant_address"] = lookup.person.permanent_address
        return {"population": lookup}

    def version_at(self, agency, pk: str | None) -> ProcedureVersion:
        """A published procedure `agency` carries out, or 404 (for the page's helpers)."""
        if not is_number(pk or "") or agency is None:
            raise Http404
        return get_object_or_404(procedures_at(agency), pk=pk)


def dossier_url(dossier: Dossier) -> str:
    """The dossier page when the back office has one, otherwise this desk's receipt summary."""
    try:
        return reverse("backoffice:dossier", args=[dossier.code])
    except NoReverseMatch:
        return reverse("backoffice:reception-receipt", args=[dossier.code])


def form_01_url(dossier: Dossier) -> str:
    """Mẫu 01, the receipt and appointment slip, printed by the printforms app."""
    try:
        return reverse("printforms:mau-01", args=[dossier.code])
    except NoReverseMatch:
        return f"/mot-cua/bieu-mau/{dossier.code}/mau-01.pdf"


class CounterReceiptView(ReceptionRequiredMixin, TemplateView):
    template_name = "backoffice/reception/new.html"

    def get(self, request, *args, **kwargs):
        agency = self.agency()
        if agency is None:
            agencies = reception_agencies(request.user)
            return self.render_to_response({"agencies": agencies, "groups": choices.grouped(agencies)})
        context = {"agency": agency, "query": request.GET.get("q", "").strip()}
        chosen = request.GET.get("thu_tuc")
        if chosen:
            version, error = self._chosen(agency, chosen)
            if error:
                context["errors"] = {"general": [error]}
            else:
                context.update(self._blank(version))
        if context["query"] and "version" not in context:
            context["suggestions"] = search_procedures(agency, context["query"])
        return self.render_to_response(context)

    def post(self, request, *args, **kwargs):
        agency = self.agency()
        if agency is None:
            raise Http404
        version, error = self._chosen(agency, request.POST.get("thu_tuc"))
        if error:
            return self.render_to_response({"agency": agency, "errors": {"general": [error]}})
        entered = read_receipt(version, request.POST, request.FILES)
        # The population database look-ups made for this receipt so far, named again in the
        # page until the dossier exists and they can name it.
        looked_up_ids = [int(pk) for pk in request.POST.getlist("population_access")[:10] if is_number(pk) and len(pk) < 19]
        if request.POST.get("tra_cuu"):
            return self._looked_up(version, agency, entered, {**self.applicant_lookup(entered.values), "population_access": looked_up_ids})
        if request.POST.get("tra_cuu_dan_cu"):
            return self._looked_up(
                version, agency, entered, {**self.population_lookup(entered.values, agency, version), "population_access": looked_up_ids}
            )
        if not entered.errors:
            try:
                dossier = services.receive_at_counter(
                    actor=request.user,
                    procedure_version=version,
                    agency=agency,
                    applicant=entered.applicant,
                    form_data=entered.form_values,
                    documents=entered.documents,
                    delivery=entered.values["delivery"],
                )
            except ValidationError as refused:
                entered.add_errors(refused, {spec["name"] for spec in form_fields(version)})
            else:
                population.attach_dossier(actor=request.user, access_ids=looked_up_ids, dossier=dossier)
                messages.success(request, _("Đã tiếp nhận hồ sơ %(code)s.") % {"code": dossier.code})
                return redirect(dossier_url(dossier))
        return self.render_to_response(
            {
                **self._blank(version),
                "agency": agency,
                "values": entered.values,
                "fields": shown_fields(version, entered.form_values, entered.errors),
                "rows": entered.rows,
                "errors": entered.errors,
                "population_access": looked_up_ids,
            }
        )

    def _looked_up(self, version, agency, entered, looked_up: dict) -> TemplateResponse:
        """Without JavaScript the lookup buttons post the whole form: fill in the applicant
        and show everything typed so far again, receiving nothing."""
        return self.render_to_response(
            {
                **self._blank(version),
                "agency": agency,
                "values": entered.values,
                "fields": shown_fields(version, entered.form_values),
                "rows": entered.rows,
                **looked_up,
            }
        )

    def _chosen(self, agency, pk: str | None) -> tuple[ProcedureVersion | None, str | None]:
        """The procedure picked, or why it cannot be received here."""
        version = ProcedureVersion.objects.filter(pk=pk).first() if is_number(pk or "") else None
        if version is None:
            return None, _("Không tìm thấy thủ tục đã chọn; hãy tìm lại theo mã hoặc tên thủ tục.")
        if version.status != ProcedureVersion.Status.PUBLISHED:
            return None, _("Thủ tục này hiện không còn áp dụng; vui lòng chọn phiên bản đang áp dụng.")
        if not procedures_at(agency).filter(pk=version.pk).exists():
            return None, _("%(agency)s không thực hiện thủ tục này.") % {"agency": agency.name}
        return version, None

    def _blank(self, version: ProcedureVersion) -> dict:
        return {
            "version": version,
            "values": {"delivery": version.deliveries[0] if len(version.deliveries) == 1 else ""},
            "fields": shown_fields(version, {}),
            "rows": initial_rows(version),
            "deliveries": [(value, ProcedureVersion.Delivery(value).label) for value in version.deliveries],
            "promised_at": promised_return(version, timezone.now()),
            "errors": {},
            "population_enabled": population.is_enabled(),
        }


class ProcedureSuggestionsView(ReceptionRequiredMixin, TemplateView):
    """htmx: the procedures matching what has been typed so far."""

    template_name = "backoffice/reception/_suggestions.html"

    def get(self, request, *args, **kwargs):
        agency = self.agency()
        if agency is None:
            raise Http404
        query = request.GET.get("q", "").strip()
        return self.render_to_response({"agency": agency, "query": query, "suggestions": search_procedures(agency, query)})


class ApplicantLookupView(ReceptionRequiredMixin, TemplateView):
    """htmx: the applicant's details filled in from their ID number or tax code."""

    template_name = "backoffice/reception/_applicant.html"

    def get(self, request, *args, **kwargs):
        values = {key: request.GET.get(key, "").strip() for key in request.GET}
        looked_up = self.applicant_lookup(values)
        return self.render_to_response({"values": values, "agency": self.agency(), "errors": {}, **looked_up})


class PopulationLookupView(ReceptionRequiredMixin, TemplateView):
    """htmx: the applicant's name and address from the national population database, for the
    procedure chosen (a look-up needs its purpose: without a procedure, 404)."""

    template_name = "backoffice/reception/_applicant.html"

    def get(self, request, *args, **kwargs):
        agency = self.agency()
        version = self.version_at(agency, request.GET.get("thu_tuc"))
        values = {key: request.GET.get(key, "").strip() for key in request.GET}
        looked_up = self.population_lookup(values, agency, version)
        return self.render_to_response(
            {"values": values, "agency": agency, "version": version, "population_enabled": True, "errors": {}, **looked_up}
        )


class PromiseView(ReceptionRequiredMixin, TemplateView):
    """htmx: the promised return time if the dossier were received now."""

    template_name = "backoffice/reception/_promise.html"

    def get(self, request, *args, **kwargs):
        agency = self.agency()
        version = self.version_at(agency, request.GET.get("thu_tuc"))
        return self.render_to_response({"agency": agency, "version": version, "promised_at": promised_return(version, timezone.now())})


class ReceiptSummaryView(ReceptionRequiredMixin, TemplateView):
    """What was just received, with the link to print Mẫu 01."""

    template_name = "backoffice/reception/receipt.html"

    def get(self, request, code, *args, **kwargs):
        dossier = get_object_or_404(
            Dossier.objects.select_related("procedure_version__procedure", "receiving_agency").prefetch_related("documents"),
            code=code,
            receiving_agency__in=permissions.agency_ids(request.user, Role.RECEPTION),
        )
        return self.render_to_response({"dossier": dossier, "form_01_url": form_01_url(dossier), "dossier_url": dossier_url(dossier)})
