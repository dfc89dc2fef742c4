import re

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# A national ID (12 digits) or a tax code (10 digits, a branch's with 3 more): who an applicant is.
ID_NUMBER = re.compile(r"[0-9]{12}|[0-9]{10}(-[0-9]{3})?")


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
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    # The profile fields the national e-ID filled (eid.services): shown "Theo VNeID", not
    # editable by the applicant, kept in the wizard as the e-ID gave them.
    eid_fields = models.JSONField(_("thông tin theo VNeID"), default=list, blank=True, editable=False)
    # The national ID or tax code above is only what the applicant claims until someone
    # checks it; this names that check (citizens.identity.verify). Claims are not unique
    # (an impostor's claim must not keep the owner out); verified identifiers are.
    identity_verification = models.ForeignKey(
        "IdentityVerification",
        verbose_name=_("xác minh danh tính"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")
        # Claims are looked up by their number (sign-in, the counter, a verification's
        # takeover) among millions of residents: the unique constraints cover verified ones only.
        indexes = [models.Index(fields=["national_id"]), models.Index(fields=["tax_code"])]
        constraints = [
            models.UniqueConstraint(
                fields=["national_id"],
                condition=~models.Q(national_id="") & models.Q(identity_verification__isnull=False),
                name="verified_national_id_unique",
            ),
            models.UniqueConstraint(
                fields=["tax_code"],
                condition=~models.Q(tax_code="") & models.Q(identity_verification__isnull=False),
                name="verified_tax_code_unique",
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

    @property
    def identifier(self) -> str:
        """The national ID (citizens) or tax code (organisations) the account claims."""
        if self.kind == self.Kind.ORGANISATION:
            return self.tax_code
        return self.national_id if self.kind == self.Kind.CITIZEN else ""

    @property
    def verified_identifier(self) -> str:
        """The identifier once checked, else "": what links paper dossiers to the account."""
        return self.identifier if self.identity_verification_id is not None else ""


class IdentityVerification(models.Model):
    """One check that an account's holder is the person or organisation whose national ID or
    tax code it claims: an official comparing the original card with the person at the
    counter, or the national e-ID's sign-in (which vouches for the identifier itself, at an
    assurance level). Kept for good: the account points at the one in force."""

    class Method(models.TextChoices):
        COUNTER = "counter", _("Đối chiếu giấy tờ gốc tại bộ phận một cửa")
        NATIONAL_EID = "national_eid", _("Đăng nhập bằng định danh điện tử quốc gia (VNeID)")

    account = models.ForeignKey(
        User, verbose_name=_("tài khoản"), on_delete=models.PROTECT, related_name="identity_verifications"
    )
    identifier = models.CharField(_("số định danh / mã số thuế đã xác minh"), max_length=14)
    method = models.CharField(_("cách xác minh"), max_length=20, choices=Method.choices)
    at = models.DateTimeField(_("xác minh lúc"))
    official = models.ForeignKey(
        User, verbose_name=_("cán bộ xác minh"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("tại cơ quan"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    document = models.CharField(_("giấy tờ đã đối chiếu"), max_length=255, blank=True)
    # What the identity provider said it checked (the ID token's acr), for the e-ID.
    assurance_level = models.CharField(_("mức độ bảo đảm"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("xác minh danh tính")
        verbose_name_plural = _("xác minh danh tính")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.identifier} – {self.get_method_display()} – {self.at:%d/%m/%Y %H:%M}"


class PersonalDataAccess(models.Model):
    """Someone read a person's details by their identifier: who, whom, when, where, why and
    from which source. Written with the read, so an auditor (and the person, on their
    "Lịch sử khai thác dữ liệu" page) can answer "who looked me up"."""

    class Purpose(models.TextChoices):
        COUNTER_RECEIPT = "counter_receipt", _("Điền thông tin người nộp khi tiếp nhận tại quầy")
        IDENTITY_CHECK = "identity_check", _("Xác minh danh tính tài khoản tại quầy")
        ONLINE_FILING = "online_filing", _("Điền sẵn thông tin người nộp khi nộp hồ sơ trực tuyến")

    class Source(models.TextChoices):
        MOTCUA = "motcua", _("Tài khoản và hồ sơ trên hệ thống")
        POPULATION = "population", _("Cơ sở dữ liệu quốc gia về dân cư")

    # Empty when the person looked themself up, filing online with their verified national ID.
    official = models.ForeignKey(User, verbose_name=_("cán bộ"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("tại cơ quan"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("số định danh / mã số thuế được tra"), max_length=14)
    purpose = models.CharField(_("mục đích"), max_length=20, choices=Purpose.choices)
    found = models.CharField(_("kết quả"), max_length=100, blank=True)
    at = models.DateTimeField(_("thời điểm"))
    source = models.CharField(_("nguồn dữ liệu"), max_length=20, choices=Source.choices, default=Source.MOTCUA)
    procedure = models.ForeignKey(
        "catalog.Procedure", verbose_name=_("thủ tục"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Known once the dossier the look-up was made for is received or submitted.
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("hồ sơ"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("lượt tra cứu thông tin cá nhân")
        verbose_name_plural = _("nhật ký tra cứu thông tin cá nhân")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["official", "at"]), models.Index(fields=["subject", "at"])]

    def __str__(self) -> str:
        who = self.official or _("chính người dân")
        return f"{who} → {self.subject} {self.at:%d/%m/%Y %H:%M}"


APPLICANT_KINDS = (User.Kind.CITIZEN, User.Kind.ORGANISATION)


def identifier_field(identifier: str) -> str:
    """The account field an identifier is kept in: 12 digits are a national ID, the rest tax codes."""
    return "national_id" if len(identifier) == 12 else "tax_code"


def verified_owner(identifier: str) -> User | None:
    """The active applicant account whose verified identifier this is, if any."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    return User.objects.filter(
        kind__in=APPLICANT_KINDS, is_active=True, identity_verification__isnull=False, **{identifier_field(identifier): identifier}
    ).first()


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


class SecondFactorReset(models.Model):
    """An admin removed the second factors of an official who lost theirs (accounts.two_factor):
    who, whose, when and why. Kept for good, so that a reset never goes unexplained."""

    official = models.ForeignKey(User, verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="second_factor_resets")
    reset_by = models.ForeignKey(User, verbose_name=_("người đặt lại"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("thời điểm"))
    reason = models.TextField(_("lý do"))
    removed = models.TextField(_("các yếu tố đã gỡ"), blank=True)

    class Meta:
        verbose_name = _("lượt đặt lại xác thực hai yếu tố")
        verbose_name_plural = _("nhật ký đặt lại xác thực hai yếu tố")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.official} – {self.at:%d/%m/%Y %H:%M}"
