from django.db import models
from django.utils.translation import gettext_lazy as _


class ProviderSession(models.Model):
    """A MotCua session opened by a sign-in at the national e-ID: the provider's back-channel
    logout names its own session (sid) or the person (sub), and this finds the MotCua
    sessions to end."""

    sid = models.CharField(_("phiên của VNeID"), max_length=255, blank=True, db_index=True)
    sub = models.CharField(_("định danh người dùng tại VNeID"), max_length=255, db_index=True)
    session_key = models.CharField(_("phiên MotCua"), max_length=40, unique=True)
    at = models.DateTimeField(_("đăng nhập lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phiên đăng nhập VNeID")
        verbose_name_plural = _("phiên đăng nhập VNeID")

    def __str__(self) -> str:
        return f"{self.sub} / {self.sid}"
