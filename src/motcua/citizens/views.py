"""The applicant's own pages: sign-up and email verification, the profile, "my dossiers"
with the online answer to a supplement request, withdrawal, and result downloads."""

import mimetypes
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.hashers import make_password
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView, UpdateView

from motcua.accounts.models import User
from motcua.citizens import selectors, services
from motcua.citizens.forms import EmailChangeForm, PhoneCodeForm, ProfileForm, SignUpForm, SupplementForm, WithdrawForm
from motcua.dossiers import lifecycle, public
from motcua.dossiers.models import DocumentKind
from motcua.payments.services import payment_refusal
from motcua.portal import lookup
from motcua.portal import services as portal_services
from motcua.portal.models import LookupAttempt
from motcua.printforms import declaration
from motcua.printforms.forms import APPLICANT_FORMS, FormNotApplicable, issued_to_applicant


class ApplicantRequiredMixin(AccessMixin):
    """Signed in as a citizen or an organisation; officials have the back office instead."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.is_applicant:
            return redirect("after-login")
        return super().dispatch(request, *args, **kwargs)


def _send_verification(request, user: User) -> bool:
    return services.send_verification_email(user=user, base_url=request.build_absolute_uri("/"))


# Every account opened sends an email or an SMS: at most SIGN_UP_MAX_PER_ADDRESS an hour
# from one address, counted with the look-up's and sign-in's counter.
SIGN_UPS = LookupAttempt.Scope.SIGN_UP_CLIENT
SIGN_UP_WINDOW = timedelta(hours=1)
# Every request that could tell whether a number or an address has an account (sign-up,
# password reset, a new verification mail, an email change) counts, answered or not.
ACCOUNT_REQUESTS = LookupAttempt.Scope.ACCOUNT_REQUEST_CLIENT
ACCOUNT_REQUEST_WINDOW = timedelta(hours=1)


def too_many_account_requests(request) -> bool:
    """Count this request against its client address; True once ACCOUNT_REQUESTS_PER_ADDRESS
    were made within the hour (this one is then refused, not counted)."""
    client = lookup.client_key(request)
    limit = settings.ACCOUNT_REQUESTS_PER_ADDRESS
    if lookup.limit_reached(ACCOUNT_REQUESTS, client, limit=limit, within=ACCOUNT_REQUEST_WINDOW):
        return True
    lookup.count_failure(ACCOUNT_REQUESTS, client, within=ACCOUNT_REQUEST_WINDOW)
    return False


def too_many_requests_message() -> str:
    return _("Có quá nhiều yêu cầu về tài khoản từ địa chỉ mạng này. Vui lòng thử lại sau một giờ.")


class LimitedAccountRequests:
    """For a form view whose answer could tell a stranger about someone's account: past the
    limit the form is shown again with the message, and nothing is done."""

    def post(self, request, *args, **kwargs):
        if too_many_account_requests(request):
            form = self.get_form()
            form.is_valid()
            form.add_error(None, too_many_requests_message())
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


class SignUpView(LimitedAccountRequests, FormView):
    template_name = "citizens/sign_up.html"
    form_class = SignUpForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("after-login")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        client = lookup.client_key(self.request)
        if lookup.limit_reached(SIGN_UPS, client, limit=settings.SIGN_UP_MAX_PER_ADDRESS, within=SIGN_UP_WINDOW):
            form.add_error(None, _("Đã có quá nhiều tài khoản được đăng ký từ địa chỉ mạng này. Vui lòng thử lại sau một giờ."))
            return self.form_invalid(form)
        lookup.count_failure(SIGN_UPS, client, within=SIGN_UP_WINDOW)
        if services.email_in_use(data["email"]):
            # The same page as for a new account, after the same slow hashing, so that neither
            # the answer nor its time tells: only the address's owner learns, by mail.
            make_password(data["password1"])
            services.tell_owner_of_sign_up(email=data["email"], base_url=self.request.build_absolute_uri("/"))
            return render(self.request, "citizens/sign_up_done.html", {"email": data["email"]})
        # The account and its verification message are written together: no account is left
        # without the mail or SMS that activates it.
        with transaction.atomic():
            user = services.register(
                kind=data["kind"], full_name=data["full_name"], email=data["email"], password=data["password1"],
                national_id=data["national_id"], tax_code=data["tax_code"], phone=data["phone"],
            )
            if user.email:
                _send_verification(self.request, user)
            else:
                services.send_phone_code(user=user)
        if not user.email:
            self.request.session[PHONE_SESSION_KEY] = user.pk
            return redirect("citizens:verify-phone")
        return render(self.request, "citizens/sign_up_done.html", {"email": user.email})


PHONE_SESSION_KEY = "motcua_phone_verification_user"


class VerifyPhoneView(View):
    """The code sent by SMS to a new account registered with a phone only. The account being
    verified is the one this browser just signed up (kept in the session), never one named
    in the request."""

    template_name = "citizens/verify_phone.html"

    def _pending(self, request) -> User | None:
        pk = request.session.get(PHONE_SESSION_KEY)
        return User.objects.filter(pk=pk, is_active=False, kind__in=[User.Kind.CITIZEN, User.Kind.ORGANISATION]).first() if pk else None

    def _page(self, request, user, form, status=200, **extra):
        return render(request, self.template_name, {"form": form, "phone": user.phone[-3:], **extra}, status=status)

    def get(self, request):
        user = self._pending(request)
        if user is None:
            return redirect("citizens:sign-up")
        return self._page(request, user, PhoneCodeForm())

    def post(self, request):
        user = self._pending(request)
        if user is None:
            return redirect("citizens:sign-up")
        if "resend" in request.POST:
            sent = services.send_phone_code(user=user)
            return self._page(request, user, PhoneCodeForm(), resent=sent, limited=not sent)
        form = PhoneCodeForm(request.POST)
        if form.is_valid():
            try:
                services.verify_phone(user=user, code=form.cleaned_data["code"])
            except ValidationError as error:
                form.add_error("code", error)
            else:
                del request.session[PHONE_SESSION_KEY]
                return render(request, "citizens/verified.html")
        return self._page(request, user, form, status=400)


class VerifyEmailView(View):
    def get(self, request, token: str):
        try:
            services.verify_email(token=token)
        except ValidationError as error:
            return render(request, "citizens/verify_failed.html", {"reason": error.messages[0]}, status=400)
        return render(request, "citizens/verified.html")


class ResendVerificationView(View):
    template_name = "citizens/resend.html"

    def get(self, request):
        return render(request, self.template_name)

    def post(self, request):
        if too_many_account_requests(request):
            return render(request, self.template_name, {"error": too_many_requests_message()}, status=429)
        email = (request.POST.get("email") or "").strip()
        user = User.objects.filter(
            email__iexact=email, is_active=False, kind__in=[User.Kind.CITIZEN, User.Kind.ORGANISATION]
        ).first() if email else None
        if user is not None:
            _send_verification(request, user)
        # The same answer whether or not the address has an account waiting.
        return render(request, self.template_name, {"done": True})


class PasswordResetView(LimitedAccountRequests, auth_views.PasswordResetView):
    """Django's reset, which answers the same whether or not the address has an account,
    with every request counted against the client address."""


class ProfileView(ApplicantRequiredMixin, UpdateView):
    template_name = "citizens/profile.html"
    form_class = ProfileForm

    def get_object(self, queryset=None):
        return self.request.user

    def get_context_data(self, **kwargs):
        kwargs.setdefault("email_form", EmailChangeForm(user=self.request.user))
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Đã lưu thông tin cá nhân."))
        return HttpResponseRedirect(reverse("citizens:profile"))


class EmailChangeView(ProfileView):
    """The new address gets a link to confirm it; until then the account keeps the old one."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = EmailChangeForm(request.POST, user=request.user)
        status = 400
        if too_many_account_requests(request):
            form.is_valid()
            form.add_error(None, too_many_requests_message())
            status = 429
        elif form.is_valid():
            services.request_email_change(
                user=request.user, new_email=form.cleaned_data["email"], base_url=request.build_absolute_uri("/")
            )
            messages.success(
                request,
                _("Đã gửi liên kết xác nhận tới %(email)s. Thư điện tử của tài khoản đổi khi bạn mở liên kết đó.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("citizens:profile")
        context = self.get_context_data(form=ProfileForm(instance=self.object), email_form=form)
        return self.render_to_response(context, status=status)


class ConfirmEmailView(View):
    def get(self, request, token: str):
        try:
            services.confirm_email_change(token=token)
        except ValidationError as error:
            return render(request, "citizens/verify_failed.html", {"reason": error.messages[0]}, status=400)
        return render(request, "citizens/email_changed.html")


class MyDossiersView(ApplicantRequiredMixin, ListView):
    template_name = "citizens/dossiers.html"
    context_object_name = "dossiers"
    paginate_by = 20

    def get_queryset(self):
        return selectors.my_dossiers(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A finished dossier not yet rated offers its rating (the portal's, which trusts the owner).
        context["rows"] = [
            (
                dossier, public.PLAIN_STATUS[dossier.state], selectors.open_supplement_request(dossier),
                portal_services.rating_refusal(dossier) is None,
            )
            for dossier in context["dossiers"]
        ]
        return context


class DataAccessHistoryView(ApplicantRequiredMixin, ListView):
    """Lịch sử khai thác dữ liệu: who looked the person up, where, when and for what."""

    template_name = "citizens/data_access.html"
    context_object_name = "accesses"
    paginate_by = 30

    def get_queryset(self):
        return selectors.looked_up_me(self.request.user)


class DossierView(ApplicantRequiredMixin, TemplateView):
    template_name = "citizens/dossier.html"

    def get_context_data(self, **kwargs):
        return self.page_context(self.kwargs["code"])

    def page_context(self, code: str, *, supplement_form=None, withdraw_form=None) -> dict:
        user = self.request.user
        dossier = selectors.my_dossier(user, code)
        request = selectors.open_supplement_request(dossier)
        may_supplement = request is not None and lifecycle.refusal(user, dossier, "supplement") is None
        may_withdraw = lifecycle.refusal(user, dossier, "withdraw") is None
        if may_supplement and supplement_form is None:
            supplement_form = SupplementForm(items=request.items)
        return {
            "dossier": dossier,
            "status": public.PLAIN_STATUS[dossier.state],
            "timeline": public.timeline(dossier, with_reasons=True),
            "documents": selectors.public_documents(dossier),
            "issued_forms": issued_to_applicant(dossier),
            "result_kind": DocumentKind.FINAL_RESULT,
            "supplement_request": request,
            "supplement_form": supplement_form if may_supplement else None,
            "withdraw_form": (withdraw_form or WithdrawForm()) if may_withdraw else None,
            "may_pay_online": payment_refusal(user, dossier) is None,
            "has_declaration": declaration.has_declaration(dossier),
            "may_rate": portal_services.rating_refusal(dossier) is None,
        }


class SupplementView(DossierView):
    http_method_names = ["post"]

    def post(self, request, code: str):
        dossier = selectors.my_dossier(request.user, code)
        supplement_request = selectors.open_supplement_request(dossier)
        if supplement_request is None:
            messages.error(request, _("Hồ sơ không còn chờ bổ sung."))
            return redirect("citizens:dossier", code=code)
        form = SupplementForm(request.POST, request.FILES, items=supplement_request.items)
        if form.is_valid():
            papers = [services.SuppliedPaper(name=name, file=upload) for name, upload in form.cleaned_data["papers"]]
            try:
                services.answer_supplement(dossier=dossier, actor=request.user, papers=papers, note=form.cleaned_data["note"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Đã gửi giấy tờ bổ sung. Cơ quan tiếp tục giải quyết hồ sơ của bạn."))
                return redirect("citizens:dossier", code=code)
        return self.render_to_response(self.page_context(code, supplement_form=form), status=400)


class WithdrawView(DossierView):
    http_method_names = ["post"]

    def post(self, request, code: str):
        dossier = selectors.my_dossier(request.user, code)
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                lifecycle.withdraw(dossier=dossier, actor=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("citizens:dossier", code=code)
            messages.success(request, _("Đã rút hồ sơ %(code)s.") % {"code": code})
            return redirect("citizens:dossier", code=code)
        return self.render_to_response(self.page_context(code, withdraw_form=form), status=400)


class FormDownloadView(ApplicantRequiredMixin, View):
    """An official form the administration issued to the applicant (Mẫu 01–04), for the
    dossier's owner only: the same PDF the desk prints and the email carries."""

    def get(self, request, code: str, number: str):
        dossier = selectors.my_dossier(request.user, code)
        if number not in APPLICANT_FORMS:
            raise Http404(_("Không có biểu mẫu này."))
        _action, render, _title = APPLICANT_FORMS[number]
        try:
            content = render(dossier)
        except FormNotApplicable as reason:
            raise Http404(str(reason))
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(as_attachment=False, filename=f"mau-{number}-{code}.pdf")
        return response


class DeclarationDownloadView(ApplicantRequiredMixin, View):
    """The owner's own tờ khai, printed from what they declared: the same PDF the desk sees."""

    def get(self, request, code: str):
        dossier = selectors.my_dossier(request.user, code)
        try:
            content = declaration.declaration_pdf(dossier)
        except declaration.NoDeclaration as reason:
            raise Http404(str(reason))
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(as_attachment=False, filename=f"to-khai-{code}.pdf")
        return response


class DocumentDownloadView(ApplicantRequiredMixin, View):
    def get(self, request, code: str, document_id: int):
        document = selectors.downloadable_document(request.user, code, document_id)
        content_type = mimetypes.guess_type(document.file.name)[0] or "application/octet-stream"
        return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.download_name, content_type=content_type)
