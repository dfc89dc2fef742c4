from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DayOverride(models.Model):
    """A day the government swaps (nghỉ bù / làm bù) or adds off, on top of the public holidays."""

    class Kind(models.TextChoices):
        DAY_OFF = "off", _("Ngày nghỉ")
        WORKING_DAY = "working", _("Ngày làm việc bù")

    day = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    reason = models.CharField(_("lý do / căn cứ"), max_length=255)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("người nhập")
    )

    class Meta:
        verbose_name = _("ngày nghỉ / làm bù")
        verbose_name_plural = _("ngày nghỉ / làm bù")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} – {self.get_kind_display()}"
