import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier


def new_reference() -> str:
    """Unguessable, so that a reference in an address or a forged confirmation reveals or
    reaches nothing; letters and digits only, as bank gateways require of an order number."""
    return secrets.token_hex(16)


class Payment(models.Model):
    """One attempt to pay a dossier's outstanding fees online through a gateway.

    Its state is changed only by payments.services: on a verified server-to-server
    confirmation (a success also records the payment on the dossier, lifecycle), or to
    expired when it was left unfinished past the gateway's time limit.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Đang chờ thanh toán")
        SUCCEEDED = "succeeded", _("Đã thanh toán")
        FAILED = "failed", _("Thanh toán không thành công")
        CANCELLED = "cancelled", _("Đã hủy thanh toán")
        # Left unfinished (the applicant closed or left the bank's page) until the gateway's
        # time ran out; a confirmation of success arriving late is still recorded.
        EXPIRED = "expired", _("Chưa hoàn tất, đã hết hạn")

    dossier = models.ForeignKey(Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="payments")
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thanh toán"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.PositiveIntegerField(_("số tiền (đồng)"))
    gateway = models.CharField(_("cổng thanh toán"), max_length=30)
    reference = models.CharField(_("mã giao dịch"), max_length=40, unique=True, default=new_reference, editable=False)
    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices, default=State.PENDING, db_index=True)
    client_ip = models.GenericIPAddressField(_("địa chỉ IP người thanh toán"), null=True, blank=True)
    transaction_id = models.CharField(_("mã giao dịch của cổng thanh toán"), max_length=100, blank=True)
    confirmation = models.JSONField(_("xác nhận của cổng thanh toán"), default=dict, blank=True)
    paid_at = models.DateTimeField(_("thanh toán lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("khoản thanh toán trực tuyến")
        verbose_name_plural = _("khoản thanh toán trực tuyến")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.dossier.code} {self.reference}"
