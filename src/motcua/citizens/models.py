from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PhoneCode(models.Model):
    """A six-digit code sent by SMS to prove that a new account's phone is its owner's.

    Only a keyed hash of the code is kept (services.code_hash); the code itself exists in
    the SMS text until the gateway takes it (notification topics marked secret are erased
    once sent)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="phone_codes")
    phone = models.CharField(_("điện thoại"), max_length=20)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mã xác minh điện thoại")
        verbose_name_plural = _("mã xác minh điện thoại")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} {self.phone} {self.created_at:%d/%m/%Y %H:%M}"
