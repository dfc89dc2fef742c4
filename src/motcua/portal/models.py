from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier


class LookupAttempt(models.Model):
    """A failed attempt to guess something, counted against a key: a public look-up against
    the code from its source, the source and the code (portal.lookup), a sign-in against the
    user name from its source, the client address and the user name (accounts.signin); and
    every account opened, against the client (citizens.views: each one sends an email or an
    SMS), every request about an account that could tell a stranger whether it exists
    (sign-up, password reset…, against the client; citizens.views), and every signed file
    checked, against the client or the signed-in user (signatures.views: each costs the
    verification of its signatures).

    Only failures are stored: enough of them within the window on one key and the look-up
    or sign-in is refused until the window has passed (to the sources that key covers).
    """

    class Scope(models.TextChoices):
        CLIENT = "client", _("địa chỉ truy cập")
        CODE = "code", _("mã hồ sơ")
        CODE_FROM_SOURCE = "code_src", _("mã hồ sơ từ một nguồn")
        SIGN_IN_CLIENT = "signin_ip", _("địa chỉ đăng nhập")
        SIGN_IN_NAME = "signin", _("tên đăng nhập")
        SIGN_IN_NAME_FROM_SOURCE = "signin_src", _("tên đăng nhập từ một nguồn")
        SIGN_UP_CLIENT = "signup_ip", _("địa chỉ đăng ký tài khoản")
        SIGNATURE_CHECK = "verify", _("kiểm tra chữ ký số")
        ACCOUNT_REQUEST_CLIENT = "account_ip", _("địa chỉ gửi yêu cầu về tài khoản")

    scope = models.CharField(_("theo"), max_length=10, choices=Scope.choices)
    key = models.CharField(_("khóa"), max_length=64)
    at = models.DateTimeField(_("thời điểm"))

    class Meta:
        verbose_name = _("lần tra cứu không thành công")
        verbose_name_plural = _("lần tra cứu không thành công")
        indexes = [models.Index(fields=["scope", "key", "at"])]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key} {self.at:%d/%m/%Y %H:%M}"


class Rating(models.Model):
    """The applicant's rating of the service once the result has been returned (one per dossier)."""

    class Level(models.TextChoices):
        SATISFIED = "satisfied", _("Hài lòng")
        ACCEPTABLE = "acceptable", _("Chấp nhận được")
        UNSATISFIED = "unsatisfied", _("Không hài lòng")

    dossier = models.OneToOneField(Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="rating")
    level = models.CharField(_("mức độ hài lòng"), max_length=20, choices=Level.choices)
    comment = models.TextField(_("góp ý"), blank=True)
    at = models.DateTimeField(_("đánh giá lúc"))
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản đánh giá"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Trống khi người đánh giá dùng mã hồ sơ và số kiểm tra thay vì đăng nhập."),
    )

    class Meta:
        verbose_name = _("đánh giá sự hài lòng")
        verbose_name_plural = _("đánh giá sự hài lòng")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["level", "at"])]

    def __str__(self) -> str:
        return f"{self.dossier.code}: {self.get_level_display()}"
