"""The dossier page: everything an official needs to know about one dossier, and the
actions the lifecycle lets this official take on it now."""

import mimetypes

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from motcua.accounts import permissions
from motcua.backoffice.access import OfficialRequiredMixin
from motcua.backoffice.views.action_forms import action_form, has_choices
from motcua.backoffice.views.clock import dossier_clock
from motcua.backoffice.views.worklists import urgency
from motcua.catalog.formschema import answers
from motcua.dossiers import lifecycle, public, services
from motcua.dossiers.models import Channel, DocumentKind, Dossier, DossierDocument
from motcua.nationalportal import selectors as national_portal
from motcua.printforms import declaration
from motcua.uploads import RESULTS, accepted_text

# The official forms that concern one dossier (Mẫu 06 is a register, printed per field).
PRINTED_FORMS = [
    (1, _("Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả"), lambda d, actions: d.received_at is not None),
    (2, _("Mẫu 02 – Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"), lambda d, actions: "request_supplement" in actions),
    (3, _("Mẫu 03 – Phiếu từ chối tiếp nhận giải quyết hồ sơ"), lambda d, actions: "refuse" in actions),
    (4, _("Mẫu 04 – Phiếu xin lỗi và hẹn lại ngày trả kết quả"), lambda d, actions: "extend" in actions),
    (5, _("Mẫu 05 – Phiếu kiểm soát quá trình giải quyết hồ sơ"), lambda d, actions: d.received_at is not None),
]

INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"}


def visible_dossier(user, code: str) -> Dossier:
    """The dossier with this code if the user may see it; 404 otherwise, so that a code the
    user may not see is indistinguishable from one that does not exist."""
    dossiers = permissions.visible_dossiers(user, Dossier.objects.all()).select_related(
        "procedure_version__procedure", "procedure_version__field", "current_step", "current_agency",
        "receiving_agency", "assignee", "division", "postal_agent",
    )
    return get_object_or_404(dossiers, code=code)


def printed_form_url(code: str, number: int) -> str:
    """The PDF of the printforms app (one URL name per form)."""
    try:
        return reverse(f"printforms:mau-{number:02d}", kwargs={"code": code})
    except NoReverseMatch:
        return f"{reverse('backoffice:home')}bieu-mau/{code}/mau-{number:02d}.pdf"


def dossier_context(request, dossier: Dossier, *, failed: tuple[str, object] | None = None) -> dict:
    """What the dossier page shows; `failed` is the action form that was just refused, shown
    again with what the user typed."""
    now = timezone.now()
    events = list(dossier.events.select_related("actor", "receiver", "from_step", "to_step", "to_agency").order_by("sequence"))
    actions = {event.action for event in events}
    forms = []
    for transition in lifecycle.available_transitions(request.user, dossier):
        form = failed[1] if failed and failed[0] == transition.name else action_form(transition.name, dossier)
        if not has_choices(form):
            continue
        forms.append({"transition": transition, "form": form, "open": bool(failed and failed[0] == transition.name)})
    documents = list(dossier.documents.all())
    version = dossier.procedure_version
    has_declaration = declaration.has_declaration(dossier)
    given = {d.required_document_id for d in documents}
    return {
        # What the applicant declared, as the filing review showed it to them, and the papers
        # that declaration stands for when it was filed online (none was uploaded for them).
        "has_declaration": has_declaration,
        "declaration": answers(version.form_schema, dossier.form_data) if has_declaration else [],
        "declaration_papers": [
            paper for paper in version.documents.filter(declaration=True) if paper.pk not in given
        ] if has_declaration and dossier.channel == Channel.ONLINE else [],
        "dossier": dossier,
        "version": version,
        "step_urgency": urgency(dossier.step_due_at, now),
        "promise_urgency": urgency(dossier.promised_at, now) if dossier.returned_at is None else "",
        "clock": dossier_clock(dossier, events, now),
        "events": [(event, public.action_label(event.action), event.data.get("items") or []) for event in events],
        "notes": dossier.notes.select_related("author").order_by("at", "pk"),
        "papers": [d for d in documents if d.kind == DocumentKind.APPLICANT],
        "results": [d for d in documents if d.kind != DocumentKind.APPLICANT],
        "actions": forms,
        "may_upload_result": services.result_upload_refusal(request.user, dossier) is None,
        "result_accepts": accepted_text(RESULTS),
        "result_kinds": [(k, DocumentKind(k).label) for k in (DocumentKind.DRAFT_RESULT, DocumentKind.FINAL_RESULT)],
        "portal_sync": national_portal.dossier_sync(dossier),
        "printed_forms": [
            (label, printed_form_url(dossier.code, number)) for number, label, shown in PRINTED_FORMS if shown(dossier, actions)
        ],
    }


class DossierView(OfficialRequiredMixin, TemplateView):
    template_name = "backoffice/dossier/page.html"

    def get_context_data(self, **kwargs):
        dossier = visible_dossier(self.request.user, kwargs["code"])
        return {**super().get_context_data(**kwargs), **dossier_context(self.request, dossier)}


class DocumentFileView(OfficialRequiredMixin, View):
    """A dossier's file, only for those who may see the dossier: PDFs and pictures open in
    the browser, anything else is downloaded."""

    def get(self, request, code: str, pk: int):
        dossier = visible_dossier(request.user, code)
        document = get_object_or_404(DossierDocument, dossier=dossier, pk=pk)
        if not document.file:
            raise Http404
        content_type = mimetypes.guess_type(document.file.name)[0] or "application/octet-stream"
        inline = content_type in INLINE_TYPES
        response = FileResponse(
            document.file.open("rb"), as_attachment=not inline, filename=document.download_name, content_type=content_type
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
