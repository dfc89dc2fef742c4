import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Mã định danh: dot-separated groups ending in the province/ministry group, e.g.
# 000.00.00.H56 (a province) or 000.17.22.H56 (a unit under it).
AGENCY_CODE = re.compile(r"^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$")


def validate_agency_code(value: str) -> None:
    if not AGENCY_CODE.match(value):
        raise ValidationError(
            _("Mã định danh “%(value)s” không đúng dạng 000.00.00.H56."), params={"value": value}, code="agency_code"
        )


class Agency(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Cấp tỉnh")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        DISTRICT = "district", _("Cấp huyện")
        COMMUNE = "commune", _("Cấp xã")
        OTHER = "other", _("Đơn vị khác")

    code = models.CharField(_("mã định danh"), max_length=20, unique=True, validators=[validate_agency_code])
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=50)
    level = models.CharField(_("cấp"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("cơ quan cấp trên"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("đã sáp nhập vào"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id and self.pk and self.parent_id in {a.pk for a in self.descendants(include_self=True)}:
            raise ValidationError({"parent": _("Không thể đặt cơ quan dưới chính nó hoặc đơn vị cấp dưới của nó.")})

    def ancestors(self) -> list["Agency"]:
        chain, node, seen = [], self.parent, {self.pk}
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain

    def descendants(self, include_self: bool = False) -> list["Agency"]:
        """All units below this one. A province has a few hundred: one query, walked in memory."""
        children: dict[int | None, list[Agency]] = {}
        for agency in Agency.objects.only("id", "parent_id", "code", "name", "short_name", "level"):
            children.setdefault(agency.parent_id, []).append(agency)
        found, frontier = ([self] if include_self else []), [self.pk]
        while frontier:
            below = [child for pk in frontier for child in children.get(pk, [])]
            found.extend(below)
            frontier = [child.pk for child in below]
        return found

    def successor(self) -> "Agency":
        """The agency that carries this one's work today, following mergers."""
        agency, seen = self, set()
        while agency.merged_into_id and agency.pk not in seen:
            seen.add(agency.pk)
            agency = agency.merged_into
        return agency


class Division(models.Model):
    """Phòng ban inside an agency; process steps name a division by its code."""

    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="divisions")
    code = models.SlugField(_("mã"), max_length=40)
    name = models.CharField(_("tên"), max_length=255)
    is_one_stop_desk = models.BooleanField(
        _("là bộ phận một cửa"), default=False, help_text=_("Bộ phận tiếp nhận và trả kết quả của cơ quan.")
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("phòng ban")
        verbose_name_plural = _("phòng ban")
        ordering = ["agency__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="division_code_unique_in_agency"),
            models.UniqueConstraint(
                fields=["agency"], condition=models.Q(is_one_stop_desk=True), name="one_desk_per_agency"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.agency.short_name}"


class AgencyChange(models.Model):
    """What happened to an agency over the years: never edited, never deleted."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Thành lập")
        RENAMED = "renamed", _("Đổi tên")
        MOVED = "moved", _("Chuyển cấp trên")
        MERGED = "merged", _("Sáp nhập")
        ABSORBED = "absorbed", _("Tiếp nhận đơn vị sáp nhập")

    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(_("loại thay đổi"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("người thực hiện"))
    before = models.JSONField(_("trước"), default=dict, blank=True)
    after = models.JSONField(_("sau"), default=dict, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("lịch sử cơ quan")
        verbose_name_plural = _("lịch sử cơ quan")
        ordering = ["agency", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.agency.short_name}: {self.get_kind_display()} ({self.at:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValidationError(_("Lịch sử cơ quan không được sửa."))
        super().save(*args, **kwargs)
