import re
import uuid
from datetime import timedelta

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User, validate_national_id, validate_tax_code
from motcua.citizens.services import phone_verification_available
from motcua.uploads import check_document

PHONE = re.compile(r"(\+84|0)[0-9]{9,10}")


def _clean_phone(value: str) -> str:
    phone = (value or "").replace(" ", "").replace(".", "")
    if phone and not PHONE.fullmatch(phone):
        raise ValidationError(_("Số điện thoại không hợp lệ (ví dụ 0912345678)."))
    return phone


def _vietnamese(error: ValidationError) -> ValidationError:
    # Django's Vietnamese catalog lacks the plural message of the minimum length check.
    if error.code == "password_too_short":
        return ValidationError(
            _("Mật khẩu này quá ngắn: cần ít nhất %(min_length)d ký tự.") % error.params, code=error.code
        )
    return error


class SignUpForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Bạn đăng ký cho"),
        choices=[(User.Kind.CITIZEN, _("Cá nhân (công dân)")), (User.Kind.ORGANISATION, _("Tổ chức, doanh nghiệp"))],
        widget=forms.RadioSelect,
        initial=User.Kind.CITIZEN,
    )
    full_name = forms.CharField(label=_("Họ và tên / tên tổ chức"), max_length=255)
    national_id = forms.CharField(
        label=_("Số định danh cá nhân (12 chữ số)"), required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 12}),
    )
    tax_code = forms.CharField(
        label=_("Mã số thuế / mã số doanh nghiệp"), required=False,
        widget=forms.TextInput(attrs={"maxlength": 14}),
    )
    email = forms.EmailField(label=_("Thư điện tử"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(
        label=_("Số điện thoại"), max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"})
    )
    password1 = forms.CharField(label=_("Mật khẩu"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_phone(self):
        return _clean_phone(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        national_id = (data.get("national_id") or "").strip()
        tax_code = (data.get("tax_code") or "").strip()
        email = (data.get("email") or "").strip()
        # Whether the number or the address already has an account is never said here: a
        # claimed number may be claimed again (citizens.identity), and an address in use is
        # answered by a message to its owner (SignUpView).
        if kind == User.Kind.CITIZEN:
            data["tax_code"] = ""
            self._check_identifier("national_id", national_id, validate_national_id, _("Phải nhập số định danh cá nhân."))
        elif kind == User.Kind.ORGANISATION:
            data["national_id"] = ""
            self._check_identifier("tax_code", tax_code, validate_tax_code, _("Phải nhập mã số thuế của tổ chức."))
        if not email and "email" not in self.errors:
            if data.get("phone") and not phone_verification_available():
                self.add_error("email", _("Chưa gửi được tin nhắn xác minh số điện thoại. Vui lòng nhập thư điện tử để xác minh tài khoản."))
            elif not data.get("phone") and "phone" not in self.errors:
                self.add_error("email", _("Phải nhập thư điện tử hoặc số điện thoại di động để xác minh tài khoản."))
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("Hai mật khẩu không khớp nhau."))
        elif data.get("password1"):
            # Not saved: what the password must not resemble (the number, the name, the address).
            candidate = User(
                username=national_id or tax_code, full_name=data.get("full_name", ""), email=email,
                national_id=national_id, tax_code=tax_code,
            )
            try:
                validate_password(data["password1"], candidate)
            except ValidationError as error:
                self.add_error("password1", [_vietnamese(e) for e in error.error_list])
        return data

    def _check_identifier(self, field, value, validator, missing):
        if field in self.errors:
            return
        if not value:
            self.add_error(field, missing)
            return
        try:
            validator(value)
        except ValidationError as error:
            self.add_error(field, error)


class PhoneCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác minh (6 chữ số)"),
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not re.fullmatch(r"[0-9]{6}", code):
            raise ValidationError(_("Mã xác minh gồm đúng 6 chữ số."))
        return code


class ProfileForm(forms.ModelForm):
    """What the applicant keeps up to date themselves. The email address is changed apart
    (EmailChangeForm): it is where password resets go, so it takes the password and the new
    address's own confirmation."""

    class Meta:
        model = User
        fields = ["full_name", "birth_date", "address", "phone"]
        widgets = {
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "birth_date": forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        # What the national e-ID gave: disabled, so Django keeps the stored value whatever is posted.
        for name in set(self.instance.eid_fields) & set(self.fields):
            self.fields[name].disabled = True
            self.fields[name].help_text = _("Theo VNeID")

    def clean_phone(self):
        return _clean_phone(self.cleaned_data["phone"])


class EmailChangeForm(forms.Form):
    email = forms.EmailField(label=_("Thư điện tử mới"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(
        label=_("Mật khẩu hiện tại"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email.casefold() == (self.user.email or "").casefold():
            raise ValidationError(_("Đây đã là thư điện tử của tài khoản."))
        return email

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("Mật khẩu hiện tại không đúng."))
        return password


class SupplementForm(forms.Form):
    """One file per paper the agency asked for; the paper names come from the request, never
    from the browser."""

    note = forms.CharField(label=_("Ghi chú cho cơ quan (không bắt buộc)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, items: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for index, item in enumerate(items):
            self.fields[f"giay-to-{index}"] = forms.FileField(
                label=item, required=False, widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"})
            )

    def clean(self):
        data = super().clean()
        papers = []
        for index, item in enumerate(self.items):
            upload = data.get(f"giay-to-{index}")
            if not upload:
                continue
            try:
                papers.append((item, check_document(upload, item)))
            except ValidationError as error:
                self.add_error(f"giay-to-{index}", error)
        if not papers and not self.errors:
            raise ValidationError(_("Phải đính kèm ít nhất một giấy tờ bổ sung."))
        data["papers"] = papers
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Lý do rút hồ sơ"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


# At most this many reset mails per account and hour.
RESET_EMAILS_PER_HOUR = 3


class PasswordResetByMessageForm(PasswordResetForm):
    """Django's password reset, with the link sent by the notification sender (retried until
    the mail server takes it, its text never shown in the administration) instead of mailed
    from the request."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None):
        from motcua.notifications import dispatch
        from motcua.notifications.models import Channel, Message
        from motcua.notifications.topics import TOPICS

        user = context["user"]
        since = timezone.now() - timedelta(hours=1)
        if Message.objects.filter(user=user, topic="password_reset", created_at__gte=since).count() >= RESET_EMAILS_PER_HOUR:
            return  # the same answer on the page: nobody learns whether the address has an account
        path = reverse("citizens:password-reset-confirm", kwargs={"uidb64": context["uid"], "token": context["token"]})
        dispatch.send_direct(
            key=f"password_reset:{user.pk}:{uuid.uuid4().hex}",
            topic=TOPICS["password_reset"],
            channel=Channel.EMAIL,
            address=to_email,
            context={"ho_ten": user.full_name or user.username, "duong_dan": f"{context['protocol']}://{context['domain']}{path}"},
            user=user,
        )
