"""Certificates in the administration: an agency admin uploads the PKCS#12 file of an
official or of the agency's seal with its password (used once to open the file, kept
nowhere), or registers a key held on a PKCS#11 token / HSM by its labels and PIN (kept
encrypted). Keys and PINs are never shown again."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.accounts import permissions
from motcua.accounts.models import User
from motcua.admin_site import ScopedModelAdmin, site
from motcua.signatures import credentials, keystore
from motcua.signatures.certificates import load_pem_list
from motcua.signatures.models import Backend, SigningCredential
from motcua.uploads import check_size


class CredentialForm(forms.ModelForm):
    pkcs12_file = forms.FileField(label=_("Tệp PKCS#12 (.p12, .pfx)"), required=False)
    password = forms.CharField(
        label=_("Mật khẩu tệp PKCS#12"), required=False, strip=False, widget=forms.PasswordInput(render_value=False),
        help_text=_("Chỉ dùng một lần để mở tệp; hệ thống không lưu mật khẩu."),
    )
    certificate = forms.CharField(label=_("Chứng thư số (PEM) của khóa trên thiết bị"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    chain = forms.CharField(label=_("Chuỗi chứng thư (PEM)"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    pin = forms.CharField(
        label=_("Mã PIN thiết bị"), required=False, strip=False, widget=forms.PasswordInput(render_value=False),
        help_text=_("Lưu dưới dạng mã hóa; để trống nếu không đổi."),
    )

    class Meta:
        model = SigningCredential
        fields = ["agency", "user", "title", "backend", "pkcs11_module", "pkcs11_token_label", "pkcs11_key_label", "is_active"]

    def clean_pkcs12_file(self):
        # Read whole in clean() and never stored (its key is kept, encrypted): only its size to check first.
        upload = self.cleaned_data["pkcs12_file"]
        if upload:
            check_size(upload, upload.name[:100])
        return upload

    def clean(self):
        data = super().clean()
        adding = self.instance.pk is None
        if data.get("backend") == Backend.PKCS12:
            upload = data.get("pkcs12_file")
            if upload:
                self.pkcs12 = upload.read()
                credentials.read_pkcs12(self.pkcs12, data.get("password") or "")
            elif adding and not self.has_error("pkcs12_file"):
                raise ValidationError({"pkcs12_file": _("Phải chọn tệp PKCS#12.")})
        else:
            if adding and not load_pem_list(data.get("certificate") or ""):
                raise ValidationError({"certificate": _("Phải nhập chứng thư số (PEM) của khóa trên thiết bị.")})
            if not data.get("pkcs11_token_label") or not data.get("pkcs11_key_label"):
                raise ValidationError(_("Phải nhập nhãn thiết bị và nhãn khóa."))
        return data


class SigningCredentialAdmin(ScopedModelAdmin):
    form = CredentialForm
    choice_scopes = {"agency": "pk"}
    list_display = ["__str__", "agency", "user", "backend", "not_after", "is_active"]
    list_filter = ["backend", "is_active"]
    search_fields = ["subject", "user__full_name", "user__username", "agency__name"]
    list_select_related = ["agency", "user"]
    readonly_fields = ["subject", "issuer", "serial_number", "fingerprint", "not_before", "not_after"]
    actions = None

    def get_fieldsets(self, request, obj=None):
        return [
            (None, {"fields": ["agency", "user", "title", "is_active"]}),
            (_("Tệp PKCS#12"), {"fields": ["backend", "pkcs12_file", "password"]}),
            (_("Thiết bị PKCS#11 (USB token, HSM)"), {"fields": ["pkcs11_module", "pkcs11_token_label", "pkcs11_key_label", "certificate", "chain", "pin"]}),
            *([(_("Chứng thư"), {"fields": self.readonly_fields})] if obj else []),
        ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = permissions.administered_users(request.user, User.objects.filter(kind=User.Kind.OFFICIAL))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if obj.backend == Backend.PKCS12:
            if getattr(form, "pkcs12", None):
                credentials.import_pkcs12(content=form.pkcs12, password=data.get("password") or "", agency=obj.agency, credential=obj)
            else:
                obj.save()
            return
        if data.get("pin"):
            obj.encrypted_pin = keystore.seal(data["pin"].encode())
        if data.get("certificate"):
            for name, value in credentials.describe(load_pem_list(data["certificate"])[0], load_pem_list(data.get("chain") or "")).items():
                setattr(obj, name, value)
        obj.encrypted_key = b""
        obj.save()


site.register(SigningCredential, SigningCredentialAdmin)
