from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorSetting(models.Model):
    """A province's setting for one indicator of the quality index (Quyết định 766): how many
    points it carries and the rate that earns them all. The province admin edits these in
    the administration; quality.INDICATORS holds the defaults (DOMAIN.md)."""

    code = models.CharField(_("mã chỉ số"), max_length=40, unique=True)
    weight = models.DecimalField(
        _("điểm tối đa"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    full_at = models.DecimalField(
        _("tỷ lệ đạt điểm tối đa (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
        help_text=_("Tỷ lệ thấp hơn được điểm theo tỷ lệ: điểm = điểm tối đa × tỷ lệ đạt / tỷ lệ này."),
    )

    class Meta:
        verbose_name = _("cấu hình chỉ số chất lượng")
        verbose_name_plural = _("cấu hình chỉ số chất lượng (QĐ 766)")
        ordering = ["code"]

    def __str__(self) -> str:
        from motcua.reports.quality import INDICATORS

        indicator = INDICATORS.get(self.code)
        return f"{indicator.number} {indicator.label}" if indicator else self.code
