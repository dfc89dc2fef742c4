"""Signing credentials (an official's certificate or an agency's seal) and the record of
every signature the platform made.

A private key is never stored in clear: a PKCS#12 file's key is kept encrypted with the
platform's key-encryption secret (keystore.py), and a hardware token is only referenced by
module, token and key label, its PIN encrypted the same way. The PKCS#12 password itself
is used once to open the file and then forgotten.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.uploads import RandomName


class Backend(models.TextChoices):
    PKCS12 = "pkcs12", _("Tệp PKCS#12 (khóa lưu mã hóa trên máy chủ)")
    PKCS11 = "pkcs11", _("Thiết bị ký PKCS#11 (USB token, HSM)")


class SigningCredential(models.Model):
    """A certificate and the means to sign with it: an official's own (`user` set) or the
    agency's seal (`user` empty), always used on behalf of `agency`."""

    agency = models.ForeignKey("agencies.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="signing_credentials")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signing_credentials",
        help_text=_("Để trống nếu đây là chứng thư số của cơ quan (con dấu)."),
    )
    title = models.CharField(_("chức vụ ghi trên chữ ký"), max_length=200, blank=True)
    backend = models.CharField(_("cách ký"), max_length=10, choices=Backend.choices, default=Backend.PKCS12)
    certificate_pem = models.TextField(_("chứng thư số"))
    chain_pem = models.TextField(_("chuỗi chứng thư"), blank=True)
    encrypted_key = models.BinaryField(_("khóa bí mật (đã mã hóa)"), blank=True, default=b"", editable=False)
    pkcs11_module = models.CharField(_("thư viện PKCS#11"), max_length=500, blank=True)
    pkcs11_token_label = models.CharField(_("nhãn thiết bị"), max_length=200, blank=True)
    pkcs11_key_label = models.CharField(_("nhãn khóa"), max_length=200, blank=True)
    encrypted_pin = models.BinaryField(_("mã PIN (đã mã hóa)"), blank=True, default=b"", editable=False)
    subject = models.CharField(_("chủ thể"), max_length=500, editable=False)
    issuer = models.CharField(_("tổ chức cấp"), max_length=500, editable=False)
    serial_number = models.CharField(_("số hiệu"), max_length=100, editable=False)
    fingerprint = models.CharField(_("dấu vân tay SHA-256"), max_length=64, editable=False, db_index=True)
    not_before = models.DateTimeField(_("hiệu lực từ"), editable=False)
    not_after = models.DateTimeField(_("hiệu lực đến"), editable=False)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chứng thư số")
        verbose_name_plural = _("chứng thư số")
        ordering = ["agency", "user", "-not_after"]

    def __str__(self) -> str:
        owner = str(self.user) if self.user_id else _("Con dấu %(agency)s") % {"agency": self.agency.short_name}
        return f"{owner} – {self.subject} ({self.not_after:%d/%m/%Y})"

    @property
    def is_seal(self) -> bool:
        return self.user_id is None

    @property
    def signer_name(self) -> str:
        return str(self.user) if self.user_id else self.agency.name

    def clean(self) -> None:
        if self.user_id and not self.user.is_official:
            raise ValidationError({"user": _("Chỉ cán bộ, công chức mới có chứng thư số ký văn bản.")})


class Purpose(models.TextChoices):
    RESULT = "result", _("Kết quả giải quyết")
    RECEIPT = "receipt", _("Giấy tiếp nhận hồ sơ (Mẫu 01)")


def _token() -> str:
    return secrets.token_urlsafe(16)


class DocumentSignature(models.Model):
    """One signature the platform made: which file, by whom, with which certificate, and the
    SHA-256 of the signed file, against which anyone can check a copy (/xac-thuc/<token>/)."""

    token = models.CharField(max_length=40, unique=True, default=_token, editable=False)
    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="signatures")
    document = models.ForeignKey(
        "dossiers.DossierDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="signatures",
        help_text=_("Văn bản kết quả đã ký (để trống với Mẫu 01)."),
    )
    purpose = models.CharField(_("văn bản"), max_length=10, choices=Purpose.choices)
    signed_file = models.FileField(_("tệp đã ký"), upload_to=RandomName("signed"))
    credential = models.ForeignKey(SigningCredential, on_delete=models.PROTECT, related_name="signatures")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người ký"))
    signer_name = models.CharField(_("tên trên chữ ký"), max_length=255)
    certificate_fingerprint = models.CharField(_("dấu vân tay chứng thư"), max_length=64)
    signed_at = models.DateTimeField(_("thời điểm ký"))
    sha256 = models.CharField(_("SHA-256 của tệp đã ký"), max_length=64, db_index=True)
    original_sha256 = models.CharField(_("SHA-256 của tệp trước khi ký"), max_length=64)
    timestamped = models.BooleanField(_("có dấu thời gian"), default=False)

    class Meta:
        verbose_name = _("văn bản đã ký số")
        verbose_name_plural = _("văn bản đã ký số")
        ordering = ["-signed_at"]

    def __str__(self) -> str:
        return f"{self.dossier.code} – {self.get_purpose_display()} – {self.signer_name}"
