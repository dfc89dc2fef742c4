"""The public verification page and API (/xac-thuc/), and the back-office buttons that sign.

Verification needs no account: upload a PDF (or scan the QR code printed in a signature
stamp, which opens the page of that signature) and read whether it is intact, who signed
it, when, and whether it is the file the platform issued. Bad input gets a Vietnamese
message and a 400, too many checks from one address a message and a 429, never a server
error.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from motcua.backoffice.access import OfficialRequiredMixin
from motcua.backoffice.views.dossier import visible_dossier
from motcua.dossiers.models import DossierDocument
from motcua.portal import lookup
from motcua.portal.models import LookupAttempt
from motcua.signatures import services, verification
from motcua.signatures.models import DocumentSignature, SigningCredential


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp PDF đã ký số"),
        error_messages={"required": gettext_lazy("Hãy chọn tệp PDF đã ký số."), "empty": gettext_lazy("Tệp rỗng: hãy chọn tệp PDF đã ký.")},
    )


# Checking a file verifies each of its signatures, which costs CPU, and anyone may ask: at
# most SIGNATURE_CHECKS_PER_HOUR checks an hour per client address (per user when signed in,
# so that officials behind one address do not share a count), counted with the look-up's
# counter.
CHECKS = LookupAttempt.Scope.SIGNATURE_CHECK
CHECK_WINDOW = timedelta(hours=1)


def _checker(request) -> str:
    return f"user:{request.user.pk}" if request.user.is_authenticated else lookup.client_key(request)


def _check_upload(request, issued: DocumentSignature | None):
    """(report, None, 200) or (None, Vietnamese error, status) for the file posted as `file`."""
    checker = _checker(request)
    if lookup.limit_reached(CHECKS, checker, limit=settings.SIGNATURE_CHECKS_PER_HOUR, within=CHECK_WINDOW):
        return None, _("Đã kiểm tra quá nhiều tệp từ địa chỉ này trong một giờ. Vui lòng thử lại sau."), 429
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return None, " ".join(e for errors in form.errors.values() for e in errors), 400
    upload = form.cleaned_data["file"]
    lookup.count_failure(CHECKS, checker, within=CHECK_WINDOW)
    try:
        verification.check_size(upload.size)
        return services.check_file(content=upload.read(), actor=request.user, issued=issued), None, 200
    except verification.Unreadable as error:
        return None, str(error), 400


class VerifyView(View):
    template_name = "signatures/verify.html"

    def _issued(self, token: str | None) -> DocumentSignature | None:
        if token is None:
            return None
        return get_object_or_404(DocumentSignature.objects.select_related("dossier", "credential"), token=token)

    def get(self, request, token: str | None = None):
        return render(request, self.template_name, {"issued": self._issued(token), "form": UploadForm()})

    def post(self, request, token: str | None = None):
        issued = self._issued(token)
        report, error, status = _check_upload(request, issued)
        context = {"issued": issued, "form": UploadForm(), "report": report, "error": error}
        return render(request, self.template_name, context, status=status)


@method_decorator(csrf_exempt, name="dispatch")  # a public API for programs: no session, no cookie
class VerifyApiView(View):
    """POST a PDF as the multipart field `file` (and optionally `token`, from the QR code);
    the answer is JSON: intact, trusted, matches_issued, the dossier and each signature."""

    def post(self, request):
        token = request.POST.get("token") or None
        issued = DocumentSignature.objects.filter(token=token).select_related("dossier").first() if token else None
        if token and issued is None:
            return JsonResponse({"error": _("Không có văn bản đã ký nào ứng với mã này.")}, status=404)
        report, error, status = _check_upload(request, issued)
        if error:
            return JsonResponse({"error": error}, status=status)
        return JsonResponse(report.as_json())

    def get(self, request):
        return JsonResponse({"error": _("Gửi tệp PDF bằng phương thức POST, trường “file”.")}, status=405)


# --- back office --------------------------------------------------------------------------


def _credential(request) -> SigningCredential:
    try:
        return SigningCredential.objects.select_related("agency", "user").get(pk=int(request.POST.get("credential", "")))
    except (ValueError, SigningCredential.DoesNotExist):
        raise Http404


def _signed(request, code: str, sign) -> "redirect":
    try:
        record = sign()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã ký số: %(name)s.") % {"name": record.get_purpose_display()})
    return redirect("backoffice:dossier", code=code)


class SignResultView(OfficialRequiredMixin, View):
    def post(self, request, code: str, pk: int):
        dossier = visible_dossier(request.user, code)
        document = get_object_or_404(DossierDocument, dossier=dossier, pk=pk)
        credential = _credential(request)
        return _signed(
            request, code,
            lambda: services.sign_result(dossier=dossier, document=document, actor=request.user, credential=credential),
        )


class SignReceiptView(OfficialRequiredMixin, View):
    def post(self, request, code: str):
        dossier = visible_dossier(request.user, code)
        credential = _credential(request)
        return _signed(request, code, lambda: services.sign_receipt(dossier=dossier, actor=request.user, credential=credential))


class SignedFileView(OfficialRequiredMixin, View):
    """A signed file of a dossier the official may see (the signed receipt has no other home)."""

    def get(self, request, code: str, token: str):
        dossier = visible_dossier(request.user, code)
        record = get_object_or_404(DocumentSignature, dossier=dossier, token=token)
        response = FileResponse(record.signed_file.open("rb"), content_type="application/pdf", filename=f"{record.purpose}-{code}.pdf")
        return response
