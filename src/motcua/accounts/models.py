import re

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def validate_national_id(value: str) -> None:
    if not re.fullmatch(r"[0-9]{12}", value):
        raise ValidationError(_("Số định danh cá nhân phải gồm đúng 12 chữ số."), code="national_id")


def validate_tax_code(value: str) -> None:
    if not re.fullmatch(r"[0-9]{10}(-[0-9]{3})?", value):
        raise ValidationError(_("Mã số thuế/mã số doanh nghiệp phải gồm 10 chữ số (chi nhánh: 10 chữ số-3 chữ số)."), code="tax_code")


class User(AbstractUser):
    class Kind(models.TextChoices):
        OFFICIAL = "official", _("Cán bộ, công chức")
        POSTAL = "postal", _("Nhân viên bưu điện")
        CITIZEN = "citizen", _("Công dân")
        ORGANISATION = "organisation", _("Tổ chức, doanh nghiệp")

    kind = models.CharField(_("loại tài khoản"), max_length=20, choices=Kind.choices, default=Kind.CITIZEN)
    full_name = models.CharField(_("họ và tên / tên tổ chức"), max_length=255, blank=True)
    national_id = models.CharField(
        _("số định danh cá nhân"), max_length=12, blank=True, validators=[validate_national_id]
    )
    tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True, validators=[validate_tax_code])
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")
        constraints = [
            models.UniqueConstraint(
                fields=["national_id"], condition=~models.Q(national_id=""), name="national_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def is_official(self) -> bool:
        return self.kind == self.Kind.OFFICIAL

    @property
    def is_applicant(self) -> bool:
        return self.kind in {self.Kind.CITIZEN, self.Kind.ORGANISATION}


class Role(models.TextChoices):
    RECEPTION = "reception", _("Cán bộ tiếp nhận")
    HANDLER = "handler", _("Chuyên viên thụ lý")
    DIVISION_HEAD = "division_head", _("Lãnh đạo phòng")
    LEADER = "leader", _("Lãnh đạo cơ quan")
    CLERK = "clerk", _("Văn thư")
    AGENCY_ADMIN = "agency_admin", _("Quản trị cơ quan")


class RoleAssignment(models.Model):
    """An official's role at one agency (optionally within one division)."""

    user = models.ForeignKey(User, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="roles")
    agency = models.ForeignKey("agencies.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="role_assignments")
    division = models.ForeignKey(
        "agencies.Division", verbose_name=_("phòng ban"), null=True, blank=True, on_delete=models.PROTECT, related_name="role_assignments"
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "division", "role"], name="role_assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.agency.short_name}"

    def clean(self) -> None:
        if self.user_id and self.user.kind != User.Kind.OFFICIAL:
            raise ValidationError(_("Chỉ tài khoản cán bộ, công chức mới được phân vai trò tại cơ quan."))
        if self.division_id and self.agency_id and self.division.agency_id != self.agency_id:
            raise ValidationError({"division": _("Phòng ban không thuộc cơ quan đã chọn.")})
