import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Role
from motcua.agencies.models import Agency
from motcua.catalog.formschema import validate_schema
from motcua.eid import levels as eid_levels
from motcua.text import fold
from motcua.uploads import RandomName

# National procedure database codes: 1.001193, 2.002622.H56
PROCEDURE_CODE = re.compile(r"^[0-9]\.[0-9]{6}(\.[A-Z0-9]{2,4})?$")


def validate_procedure_code(value: str) -> None:
    if not PROCEDURE_CODE.match(value):
        raise ValidationError(
            _("Mã thủ tục “%(value)s” không đúng dạng 1.001193 hoặc 2.002622.H56."), params={"value": value}, code="procedure_code"
        )


class Field(models.Model):
    """Lĩnh vực: the sector a procedure belongs to (Hộ tịch, Đất đai, Xây dựng …)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=255, unique=True)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """The lasting identity of a procedure; what it says lives in its versions."""

    code = models.CharField(_("mã thủ tục"), max_length=20, unique=True, validators=[validate_procedure_code])
    owner = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan quản lý danh mục"),
        on_delete=models.PROTECT,
        related_name="owned_procedures",
        help_text=_("Quản trị của cơ quan này (và cấp trên) được sửa thủ tục."),
    )
    # Filing online needs a sign-in at the national e-ID at this level or above (filing.views).
    # The database's own default lets code that predates the column (and migrations run back
    # to before it) keep writing procedures.
    eid_level_required = models.CharField(
        _("mức VNeID tối thiểu để nộp trực tuyến"), max_length=50, blank=True, default="", db_default="",
        choices=eid_levels.CHOICES,
        help_text=_("Để trống: không yêu cầu đăng nhập bằng VNeID."),
    )

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["code"]

    def __str__(self) -> str:
        current = self.current_version()
        return f"{self.code} – {current.name}" if current else self.code

    def current_version(self) -> "ProcedureVersion | None":
        return self.versions.filter(status=ProcedureVersion.Status.PUBLISHED).first()

    def draft_version(self) -> "ProcedureVersion | None":
        return self.versions.filter(status=ProcedureVersion.Status.DRAFT).first()


class ProcedureVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        PUBLISHED = "published", _("Đang áp dụng")
        SUPERSEDED = "superseded", _("Hết hiệu lực")

    class TimeUnit(models.TextChoices):
        WORKING_DAYS = "working_days", _("ngày làm việc")
        CALENDAR_DAYS = "calendar_days", _("ngày")

    class OnlineMode(models.TextChoices):
        FULL = "full", _("Trực tuyến toàn trình")
        PARTIAL = "partial", _("Trực tuyến một phần")
        COUNTER = "counter", _("Chỉ nộp trực tiếp")

    class Delivery(models.TextChoices):
        COUNTER = "counter", _("Trực tiếp tại bộ phận một cửa")
        POST = "post", _("Qua dịch vụ bưu chính")
        ONLINE = "online", _("Trực tuyến")

    class Level(models.TextChoices):
        PROVINCE = "province", _("Cấp tỉnh")
        DISTRICT = "district", _("Cấp huyện")
        COMMUNE = "commune", _("Cấp xã")

    procedure = models.ForeignKey(Procedure, verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    name = models.CharField(_("tên thủ tục"), max_length=500)
    # The name folded for search (motcua.text.fold), kept by save() so every writer gets it.
    search_name = models.CharField(max_length=500, editable=False, default="")
    field = models.ForeignKey(Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="procedure_versions")
    levels = models.JSONField(_("cấp thực hiện"), default=list, blank=True, help_text=_("Danh sách cấp: province, district, commune."))
    agencies = models.ManyToManyField(Agency, verbose_name=_("cơ quan thực hiện"), related_name="procedure_versions", blank=True)
    legal_time = models.DecimalField(
        _("thời hạn giải quyết"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    time_unit = models.CharField(_("đơn vị thời hạn"), max_length=20, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAYS)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    requirements = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    result_description = models.CharField(_("kết quả thực hiện"), max_length=500, blank=True)
    deliveries = models.JSONField(_("hình thức nhận kết quả"), default=list, blank=True)
    online_mode = models.CharField(_("mức độ trực tuyến"), max_length=20, choices=OnlineMode.choices, default=OnlineMode.PARTIAL)
    form_schema = models.JSONField(_("mẫu đơn trực tuyến"), default=dict, blank=True, validators=[validate_schema])
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        ordering = ["procedure__code", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="procedure_version_number_unique"),
            models.UniqueConstraint(
                fields=["procedure"], condition=models.Q(status="published"), name="one_published_version"
            ),
            models.UniqueConstraint(fields=["procedure"], condition=models.Q(status="draft"), name="one_draft_version"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number} – {self.name}"

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name"}
        super().save(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    def clean(self) -> None:
        errors = {}
        unknown = set(self.levels or []) - set(self.Level.values)
        if unknown or not self.levels:
            errors["levels"] = _("Cấp thực hiện phải gồm ít nhất một trong: tỉnh, huyện, xã.")
        unknown = set(self.deliveries or []) - set(self.Delivery.values)
        if unknown or not self.deliveries:
            errors["deliveries"] = _("Hình thức nhận kết quả phải gồm ít nhất một trong: trực tiếp, bưu chính, trực tuyến.")
        if errors:
            raise ValidationError(errors)

    @property
    def charges_fees(self) -> bool:
        """Whether any fee of this version may cost something; what a dossier owes depends on
        what it declares (motcua.catalog.fees.statement)."""
        return any(fee.amount or fee.later_page_amount for fee in self.fees.all())

    @property
    def has_online_form(self) -> bool:
        return bool((self.form_schema or {}).get("fields"))

    def papers_to_attach(self):
        """The papers an online applicant attaches: all of them, except the declaration
        itself when the procedure has an online form, since what they type there is it."""
        papers = self.documents.all()
        return papers.exclude(declaration=True) if self.has_online_form else papers


class RequiredDocument(models.Model):
    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="documents")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    originals = models.PositiveSmallIntegerField(_("số bản chính"), default=0)
    copies = models.PositiveSmallIntegerField(_("số bản sao"), default=0)
    template = models.FileField(_("mẫu đơn, tờ khai"), upload_to=RandomName("catalog/templates"), blank=True)
    mandatory = models.BooleanField(_("bắt buộc"), default=True)
    declaration = models.BooleanField(
        _("là tờ khai, đơn theo mẫu"),
        default=False,
        help_text=_(
            "Đánh dấu giấy tờ chính là tờ khai (đơn đề nghị) của thủ tục. Khi thủ tục có mẫu đơn trực tuyến, "
            "người nộp trực tuyến không phải tải lên giấy này: tờ khai được in từ nội dung họ đã khai."
        ),
    )

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["version", "order", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.originals == 0 and self.copies == 0:
            raise ValidationError(_("Giấy tờ “%(name)s” phải có ít nhất một bản chính hoặc bản sao.") % {"name": self.name})


class Fee(models.Model):
    """One fee of a procedure and the rule that gives its amount from what the applicant
    declares on the online form (motcua.catalog.fees computes it): per case, per page, per
    copy, or per page of each copy; the pages and copies are numbers the applicant enters in
    the form fields named here."""

    class Unit(models.TextChoices):
        CASE = "case", _("mỗi hồ sơ")
        PAGE = "page", _("mỗi trang")
        COPY = "copy", _("mỗi bản")
        PAGE_COPY = "page_copy", _("mỗi trang của mỗi bản")

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="fees")
    name = models.CharField(_("khoản phí, lệ phí"), max_length=255)
    amount = models.PositiveIntegerField(_("số tiền (đồng)"), help_text=_("Mức thu cho một đơn vị tính."))
    unit = models.CharField(_("đơn vị tính"), max_length=20, choices=Unit.choices, default=Unit.CASE)
    pages_field = models.CharField(
        _("trường số trang"), max_length=63, blank=True,
        help_text=_("Tên trường số trong mẫu đơn trực tuyến nơi người nộp khai số trang (tính theo trang)."),
    )
    copies_field = models.CharField(
        _("trường số bản"), max_length=63, blank=True,
        help_text=_("Tên trường số trong mẫu đơn trực tuyến nơi người nộp khai số bản (tính theo bản)."),
    )
    later_pages_from = models.PositiveSmallIntegerField(
        _("giảm từ trang thứ"), null=True, blank=True,
        help_text=_("Tính theo trang: từ trang này trở đi thu mức của trang sau (để trống nếu mọi trang cùng mức)."),
    )
    later_page_amount = models.PositiveIntegerField(_("mức thu trang sau (đồng)"), null=True, blank=True)
    max_per_copy = models.PositiveIntegerField(
        _("tối đa mỗi bản (đồng)"), null=True, blank=True, help_text=_("Tính theo trang: mức thu tối đa cho một bản.")
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")
        ordering = ["version", "pk"]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount:,} đ".replace(",", ".")

    @property
    def per_page(self) -> bool:
        return self.unit in {self.Unit.PAGE, self.Unit.PAGE_COPY}

    @property
    def per_copy(self) -> bool:
        return self.unit in {self.Unit.COPY, self.Unit.PAGE_COPY}

    def clean(self) -> None:
        from motcua.catalog.fees import rule_problems

        problems = rule_problems(self, getattr(self, "version", None))
        if problems:
            raise ValidationError(problems)


class ProcessStep(models.Model):
    """One step of the internal process (quy trình nội bộ). Quotas add up to the legal time."""

    class Kind(models.TextChoices):
        RECEPTION = "reception", _("Tiếp nhận hồ sơ")
        ASSIGNMENT = "assignment", _("Phân công thụ lý")
        PROCESSING = "processing", _("Thụ lý, thẩm định")
        REVIEW = "review", _("Xét duyệt")
        APPROVAL = "approval", _("Ký duyệt")
        TRANSFER = "transfer", _("Liên thông sang cơ quan khác")
        RETURN = "return", _("Trả kết quả")

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    kind = models.CharField(_("loại bước"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("tên bước"), max_length=255)
    role = models.CharField(_("vai trò thực hiện"), max_length=20, choices=Role.choices)
    division_code = models.SlugField(
        _("mã phòng ban"), max_length=40, blank=True, help_text=_("Phòng ban thực hiện, theo mã phòng ban của cơ quan.")
    )
    quota = models.DecimalField(
        _("thời gian (ngày)"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    transfer_level = models.CharField(
        _("liên thông tới cấp"),
        max_length=20,
        choices=ProcedureVersion.Level.choices,
        blank=True,
        help_text=_("Chỉ với bước liên thông: cấp của cơ quan nhận."),
    )

    class Meta:
        verbose_name = _("bước quy trình")
        verbose_name_plural = _("quy trình nội bộ")
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "order"], name="process_step_order_unique")]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    def clean(self) -> None:
        if self.kind == self.Kind.TRANSFER and not self.transfer_level:
            raise ValidationError({"transfer_level": _("Bước liên thông phải có cấp của cơ quan nhận.")})
        if self.kind != self.Kind.TRANSFER and self.transfer_level:
            raise ValidationError({"transfer_level": _("Chỉ bước liên thông mới có cấp cơ quan nhận.")})
