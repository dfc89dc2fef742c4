"""The province's other systems that sign their users in through MotCua, and the keys that
sign the ID tokens they receive."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from jwcrypto import jwk
from oauth2_provider.models import AbstractApplication

from motcua.signatures import keystore


class Client(AbstractApplication):
    """A system of the province registered by the province admin (django-oauth-toolkit's
    Application, swapped in by OAUTH2_PROVIDER_APPLICATION_MODEL).

    Every client uses the authorization code (with PKCE, OAUTH2_PROVIDER) and receives ID
    tokens signed RS256 with the keys of `SigningKey`: neither is the admin's to choose.
    `skip_authorization` is the "first-party" flag: the province's own systems ask no consent.
    """

    authorization_grant_type = models.CharField(
        _("cách cấp quyền"),
        max_length=44,
        choices=[(AbstractApplication.GRANT_AUTHORIZATION_CODE, _("Mã cấp quyền (authorization code + PKCE)"))],
        default=AbstractApplication.GRANT_AUTHORIZATION_CODE,
        editable=False,
    )
    algorithm = models.CharField(
        _("thuật toán ký ID token"),
        max_length=5,
        choices=[(AbstractApplication.RS256_ALGORITHM, "RS256")],
        default=AbstractApplication.RS256_ALGORITHM,
        editable=False,
    )
    skip_authorization = models.BooleanField(
        _("hệ thống của tỉnh (bỏ qua bước đồng ý)"),
        default=False,
        help_text=_("Hệ thống do tỉnh vận hành: người dùng không phải xác nhận chia sẻ thông tin khi đăng nhập."),
    )
    for_applicants = models.BooleanField(
        _("cho phép công dân, tổ chức đăng nhập"),
        default=False,
        help_text=_("Mặc định chỉ cán bộ, công chức đăng nhập được vào hệ thống này."),
    )

    class Meta:
        verbose_name = _("hệ thống dùng đăng nhập một lần")
        verbose_name_plural = _("hệ thống dùng đăng nhập một lần")

    def clean(self):
        # django-oauth-toolkit refuses RS256 unless OIDC_RSA_PRIVATE_KEY is set; here the keys
        # live in the database (SigningKey). The algorithm is always RS256 (not editable), so
        # an error on it can only be that one check: dropped, every other check stays.
        try:
            super().clean()
        except ValidationError as error:
            errors = error.update_error_dict({})
            errors.pop("algorithm", None)
            if errors:
                raise ValidationError(errors)

    @property
    def jwk_key(self):
        from motcua.sso import keys  # which imports these models

        return keys.active().jwk()


class SigningKey(models.Model):
    """An RSA key that signs ID tokens. The newest is the active one; the ones it replaced
    stay published in the JWKS for OIDC_KEY_RETENTION_DAYS after they were retired, so
    tokens they signed still verify, then `rotate_oidc_keys` deletes them."""

    kid = models.CharField(_("mã khóa (kid)"), max_length=64, unique=True)
    # The PEM private key, sealed by signatures.keystore (Fernet under SIGNING_KEY_SECRET).
    sealed_private_key = models.BinaryField(_("khóa bí mật (đã mã hóa)"), editable=False)
    public_jwk = models.JSONField(_("khóa công khai (JWK)"))
    created_at = models.DateTimeField(_("tạo lúc"))
    retired_at = models.DateTimeField(_("thôi dùng lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("khóa ký ID token")
        verbose_name_plural = _("khóa ký ID token")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.kid

    def jwk(self) -> jwk.JWK:
        return jwk.JWK.from_pem(keystore.unseal(self.sealed_private_key))
