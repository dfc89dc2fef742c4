"""What officials do to a dossier from the back office: each lifecycle transition, bulk
handover, notes and result uploads. Every write goes through the lifecycle or a service;
a refusal comes back on the dossier page in Vietnamese with nothing changed."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from motcua.backoffice.access import OfficialRequiredMixin
from motcua.backoffice.views.action_forms import action_form
from motcua.backoffice.views.dossier import dossier_context, visible_dossier
from motcua.backoffice.views.worklists import BULK_HAND_OVER, is_htmx
from motcua.dossiers import lifecycle, services
from motcua.dossiers.models import DocumentKind, Dossier


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def refused_page(request, dossier: Dossier, message: str, *, status: int, failed=None) -> TemplateResponse:
    messages.error(request, message)
    return TemplateResponse(request, "backoffice/dossier/page.html", dossier_context(request, dossier, failed=failed), status=status)


class TransitionView(OfficialRequiredMixin, View):
    """POST one action form: the lifecycle function of the same name does the work."""

    def post(self, request, code: str, action: str):
        dossier = visible_dossier(request.user, code)
        if action not in lifecycle.TRANSITIONS:
            raise Http404
        reason = lifecycle.refusal(request.user, dossier, action)
        if reason:
            return refused_page(request, dossier, reason, status=403)
        form = action_form(action, dossier, request.POST)
        if not form.is_valid():
            return refused_page(request, dossier, _("Vui lòng kiểm tra lại thông tin đã nhập."), status=400, failed=(action, form))
        try:
            getattr(lifecycle, action)(dossier=dossier, actor=request.user, **form.arguments())
        except lifecycle.Refused as error:
            return refused_page(request, dossier, error_text(error), status=403, failed=(action, form))
        except ValidationError as error:
            return refused_page(request, dossier, error_text(error), status=400, failed=(action, form))
        messages.success(
            request, _("Đã thực hiện “%(action)s” với hồ sơ %(code)s.") % {"action": lifecycle.TRANSITIONS[action].label, "code": code}
        )
        return redirect("backoffice:dossier", code=code)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Ghi chú cho cán bộ khác"),
        max_length=services.NOTE_MAX_LENGTH,
        error_messages={"required": gettext_lazy("Ghi chú không được để trống.")},
    )


class NoteView(OfficialRequiredMixin, View):
    """Append a note; with htmx the notes section alone comes back."""

    def post(self, request, code: str):
        dossier = visible_dossier(request.user, code)
        form = NoteForm(request.POST)
        error = None
        if form.is_valid():
            try:
                services.add_note(dossier=dossier, actor=request.user, text=form.cleaned_data["text"])
            except ValidationError as refused:
                error = error_text(refused)
        else:
            error = " ".join(form.errors["text"])
        if is_htmx(request):
            context = {"dossier": dossier, "notes": dossier.notes.select_related("author").order_by("at", "pk"), "note_error": error}
            return TemplateResponse(request, "backoffice/dossier/notes.html", context, status=400 if error else 200)
        if error:
            return refused_page(request, dossier, error, status=400)
        messages.success(request, _("Đã thêm ghi chú."))
        return redirect("backoffice:dossier", code=code)


class ResultUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Loại"), choices=[(k, DocumentKind(k).label) for k in (DocumentKind.DRAFT_RESULT, DocumentKind.FINAL_RESULT)]
    )
    name = forms.CharField(label=gettext_lazy("Tên văn bản"), max_length=500, required=False)
    file = forms.FileField(label=gettext_lazy("Tệp"))


class ResultUploadView(OfficialRequiredMixin, View):
    def post(self, request, code: str):
        dossier = visible_dossier(request.user, code)
        reason = services.result_upload_refusal(request.user, dossier)
        if reason:
            return refused_page(request, dossier, reason, status=403)
        form = ResultUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return refused_page(request, dossier, " ".join(e for errors in form.errors.values() for e in errors), status=400)
        try:
            document = services.upload_result(dossier=dossier, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            return refused_page(request, dossier, error_text(error), status=400)
        messages.success(request, _("Đã tải lên “%(name)s”.") % {"name": document.name})
        return redirect("backoffice:dossier", code=code)


class BulkHandOverView(OfficialRequiredMixin, View):
    """Hand several received dossiers over at once, each through lifecycle.hand_over on its
    own: one refused dossier does not hold back the others, and each outcome is reported."""

    def post(self, request):
        codes = list(dict.fromkeys(request.POST.getlist("dossiers")))
        note = request.POST.get("note", "")
        if not codes:
            messages.error(request, _("Chưa chọn hồ sơ nào để chuyển xử lý."))
            return redirect("backoffice:worklist", slug=BULK_HAND_OVER)
        done, failed = [], []
        for code in codes:
            try:
                dossier = visible_dossier(request.user, code)
                lifecycle.hand_over(dossier=dossier, actor=request.user, note=note)
            except Http404:
                failed.append(_("%(code)s: không tìm thấy hồ sơ.") % {"code": code[:60]})
            except ValidationError as error:
                failed.append(f"{code}: {error_text(error)}")
            else:
                done.append(code)
        if done:
            messages.success(request, _("Đã chuyển xử lý %(count)d hồ sơ: %(codes)s.") % {"count": len(done), "codes": ", ".join(done)})
        for failure in failed:
            messages.error(request, _("Không chuyển được %(failure)s") % {"failure": failure})
        return redirect("backoffice:worklist", slug=BULK_HAND_OVER)
