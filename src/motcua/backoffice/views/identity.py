"""Checking an applicant's identity at the counter (xác minh danh tính).

The person brings their original card (or, for an organisation, its registration) and tells
the officer the email or phone of their account. The officer finds the account by the number
*and* that contact, so the page never lists who else claims the number; sees the account's
name to compare with the card; and confirms, naming the document compared. The account's
number becomes verified (citizens.identity.verify): paper dossiers received under it now
show in the person's "my dossiers", and any other account claiming it loses the claim.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from motcua.accounts.models import ID_NUMBER, IdentityVerification, PersonalDataAccess
from motcua.backoffice.reception import may_look_up, reception_agencies, record_access
from motcua.backoffice.views.reception import ReceptionRequiredMixin
from motcua.citizens import identity


class FindAccountForm(forms.Form):
    identifier = forms.CharField(
        label=gettext_lazy("Số định danh cá nhân (12 số) hoặc mã số thuế ghi trên giấy tờ gốc"), max_length=14,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    contact = forms.CharField(
        label=gettext_lazy("Thư điện tử hoặc số điện thoại của tài khoản (người dân cho biết)"), max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_identifier(self):
        identifier = self.cleaned_data["identifier"].strip()
        if not ID_NUMBER.fullmatch(identifier):
            raise ValidationError(_("Số định danh cá nhân (12 chữ số) hoặc mã số thuế (10 chữ số) không hợp lệ."))
        return identifier


DOCUMENT_KINDS = [
    ("", gettext_lazy("– Chọn loại giấy tờ –")),
    ("the_can_cuoc", gettext_lazy("Thẻ căn cước")),
    ("the_cccd", gettext_lazy("Thẻ căn cước công dân")),
    ("ho_chieu", gettext_lazy("Hộ chiếu")),
    ("dang_ky_doanh_nghiep", gettext_lazy("Giấy chứng nhận đăng ký doanh nghiệp")),
    ("khac", gettext_lazy("Giấy tờ khác")),
]


class VerifyAccountForm(FindAccountForm):
    document_kind = forms.ChoiceField(label=gettext_lazy("Giấy tờ gốc đã đối chiếu"), choices=DOCUMENT_KINDS)
    document_details = forms.CharField(
        label=gettext_lazy("Số giấy tờ, ngày cấp, nơi cấp"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    compared = forms.BooleanField(
        label=gettext_lazy("Tôi đã đối chiếu giấy tờ gốc với người có mặt tại quầy: họ tên, ảnh và số trùng khớp với tài khoản."),
    )

    def document(self) -> str:
        kind = dict(DOCUMENT_KINDS)[self.cleaned_data["document_kind"]]
        return f"{kind}: {self.cleaned_data['document_details'].strip()}"


class IdentityCheckView(ReceptionRequiredMixin, TemplateView):
    template_name = "backoffice/identity/check.html"

    def get(self, request, *args, **kwargs):
        agency = self.agency()
        if agency is None:
            return self.render_to_response({"agencies": reception_agencies(request.user)})
        initial = {"identifier": request.GET.get("so", "")[:14]}
        return self.render_to_response({"agency": agency, "find_form": FindAccountForm(initial=initial)})

    def post(self, request, *args, **kwargs):
        agency = self.agency()
        if agency is None:
            raise Http404
        if "xac_minh" in request.POST:
            return self._verify(agency)
        return self._find(agency)

    def _find(self, agency):
        form = FindAccountForm(self.request.POST)
        if not form.is_valid():
            return self.render_to_response({"agency": agency, "find_form": form}, status=400)
        if not may_look_up(self.request.user):
            form.add_error(None, _("Bạn đã tra cứu nhiều người trong một giờ qua, mức tối đa cho mỗi cán bộ. Vui lòng thử lại sau."))
            return self.render_to_response({"agency": agency, "find_form": form}, status=429)
        account = identity.claimant(form.cleaned_data["identifier"], form.cleaned_data["contact"])
        record_access(
            officer=self.request.user, agency=agency, subject=form.cleaned_data["identifier"],
            purpose=PersonalDataAccess.Purpose.IDENTITY_CHECK, found="account" if account else "",
        )
        context = {"agency": agency, "find_form": form, "searched": True, "account": account}
        if account is not None:
            context["verify_form"] = VerifyAccountForm(initial=form.cleaned_data)
        return self.render_to_response(context)

    def _verify(self, agency):
        find_form, form = FindAccountForm(self.request.POST), VerifyAccountForm(self.request.POST)
        searched = find_form.is_valid()
        account = identity.claimant(find_form.cleaned_data["identifier"], find_form.cleaned_data["contact"]) if searched else None
        if account is not None and form.is_valid():
            try:
                identity.verify(
                    account=account, method=IdentityVerification.Method.COUNTER, official=self.request.user,
                    agency=agency, document=form.document(),
                )
            except ValidationError as refused:
                form.add_error(None, refused)
            else:
                messages.success(
                    self.request,
                    _("Đã xác minh danh tính tài khoản của %(name)s (%(identifier)s).")
                    % {"name": account, "identifier": find_form.cleaned_data["identifier"]},
                )
                return redirect(f"{self.request.path}?co_quan={agency.pk}")
        context = {"agency": agency, "find_form": find_form, "searched": searched, "account": account, "verify_form": form}
        return self.render_to_response(context, status=400)
