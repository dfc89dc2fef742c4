"""Printing the official forms from the back office: officials only, and only what they may see.

Which dossiers an official sees, and at which agencies they hold a role, is asked of
accounts.permissions; these views decide nothing on their own.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from motcua.accounts import permissions
from motcua.backoffice.access import OfficialRequiredMixin
from motcua.dossiers.models import Dossier
from motcua.printforms import declaration, forms
from motcua.printforms.register import BadQuery, NotYourAgency, Register, register_xlsx

DOSSIER_FORMS = {
    "mau-01": forms.receipt,
    "mau-02": forms.supplement_request,
    "mau-03": forms.refusal,
    "mau-04": forms.apology,
    "mau-05": forms.process_control,
}

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(content: bytes, content_type: str, filename: str, *, inline: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=not inline, filename=filename)
    return response


def _unavailable(request, heading: str, message: str, status: int) -> HttpResponse:
    return render(request, "printforms/unavailable.html", {"heading": heading, "message": message}, status=status)


class DossierFormView(OfficialRequiredMixin, View):
    """One of forms 01–05 of a dossier the official may see, shown in the browser."""

    slug = ""

    def get(self, request, code: str):
        dossier = get_object_or_404(
            permissions.visible_dossiers(request.user, Dossier.objects.select_related("procedure_version__field")),
            code=code,
        )
        try:
            pdf = DOSSIER_FORMS[self.slug](dossier)
        except forms.FormNotApplicable as reason:
            return _unavailable(request, _("Không có biểu mẫu này"), str(reason), 404)
        return _file(pdf, PDF, f"{self.slug}-{dossier.code}.pdf", inline=True)


class RegisterView(OfficialRequiredMixin, View):
    """Form 06 for an agency where the official holds a role, as PDF or spreadsheet."""

    as_spreadsheet = False

    def get(self, request):
        try:
            register = Register.from_query(request.user, request.GET)
        except BadQuery as error:
            return _unavailable(request, _("Yêu cầu không hợp lệ"), str(error), 400)
        except NotYourAgency as error:
            return _unavailable(request, _("Không có quyền truy cập"), str(error), 403)
        if self.as_spreadsheet:
            return _file(register_xlsx(register), XLSX, f"{register.filename}.xlsx", inline=False)
        return _file(forms.register_pdf(register), PDF, f"{register.filename}.pdf", inline=True)


class DeclarationView(OfficialRequiredMixin, View):
    """The applicant's tờ khai, printed from what they declared, for whoever may see the dossier."""

    def get(self, request, code: str):
        dossier = get_object_or_404(
            permissions.visible_dossiers(request.user, Dossier.objects.select_related("procedure_version", "receiving_agency")),
            code=code,
        )
        try:
            pdf = declaration.declaration_pdf(dossier)
        except declaration.NoDeclaration as reason:
            return _unavailable(request, _("Không có tờ khai"), str(reason), 404)
        return _file(pdf, PDF, f"to-khai-{dossier.code}.pdf", inline=True)
