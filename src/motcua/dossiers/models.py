from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency, Division
from motcua.catalog.models import ProcedureVersion, ProcessStep, RequiredDocument
from motcua.text import fold
from motcua.uploads import RandomName


class State(models.TextChoices):
    """Internal states of a dossier; lifecycle.NATIONAL_STATUS maps each to the national code."""

    SUBMITTED = "submitted", _("Mới đăng ký")
    RECEIVED = "received", _("Đã tiếp nhận")
    REFUSED = "refused", _("Từ chối tiếp nhận")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    TRANSFERRED = "transferred", _("Đang liên thông")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Chờ bổ sung hồ sơ")
    AWAITING_OBLIGATION = "awaiting_obligation", _("Chờ thực hiện nghĩa vụ tài chính")
    WITHDRAWN = "withdrawn", _("Đã rút hồ sơ")
    STOPPED = "stopped", _("Dừng xử lý")
    READY = "ready", _("Đã có kết quả, chờ trả")
    RETURNED = "returned", _("Đã trả kết quả")


class Channel(models.TextChoices):
    COUNTER = "counter", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POST = "post", _("Bưu chính")


class Timing(models.TextChoices):
    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Quá hạn")


class Dossier(models.Model):
    """One application by one applicant for one procedure version.

    Only the lifecycle module (dossiers.lifecycle) changes `state` and the clocks below;
    each change appends a DossierEvent in the same transaction.
    """

    code = models.CharField(_("mã hồ sơ"), max_length=40, unique=True)
    procedure_version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="dossiers"
    )
    state = models.CharField(_("trạng thái"), max_length=30, choices=State.choices, db_index=True)
    channel = models.CharField(_("hình thức nộp"), max_length=10, choices=Channel.choices)
    delivery = models.CharField(_("hình thức nhận kết quả"), max_length=10, choices=ProcedureVersion.Delivery.choices)

    # The account that filed the dossier online. A paper dossier has none: it belongs to the
    # account whose verified identifier is its applicant_id_number (accounts.permissions).
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản người nộp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    applicant_name = models.CharField(_("người nộp / tổ chức"), max_length=255)
    # The name folded for search (motcua.text.fold), kept by save() so every writer gets it.
    applicant_search_name = models.CharField(max_length=255, db_index=True, editable=False, default="")
    applicant_id_number = models.CharField(_("số định danh / mã số thuế"), max_length=14)
    applicant_address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    applicant_phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    representative = models.CharField(_("người được ủy quyền"), max_length=255, blank=True)
    # A dossier filed on the national public-service portal keeps the portal's code: the
    # portal knows it by that code (nationalportal.inbound).
    national_code = models.CharField(_("mã hồ sơ trên Cổng DVCQG"), max_length=40, blank=True, db_index=True)
    form_data = models.JSONField(_("tờ khai"), default=dict, blank=True)
    sets = models.PositiveSmallIntegerField(_("số bộ hồ sơ"), default=1)

    receiving_agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan tiếp nhận"), on_delete=models.PROTECT, related_name="received_dossiers"
    )
    current_agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan đang xử lý"), on_delete=models.PROTECT, related_name="current_dossiers"
    )
    involved_agencies = models.ManyToManyField(Agency, related_name="+", verbose_name=_("các cơ quan tham gia"))
    current_step = models.ForeignKey(
        ProcessStep, verbose_name=_("bước hiện tại"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The current step's kind, role and division, copied by set_step(): every work list asks
    # for them, and a published version's steps never change (catalog.admin freezes them).
    step_kind = models.CharField(max_length=20, choices=ProcessStep.Kind.choices, blank=True, editable=False)
    step_role = models.CharField(max_length=20, blank=True, editable=False)
    step_division_code = models.SlugField(max_length=40, blank=True, editable=False)
    division = models.ForeignKey(
        Division, verbose_name=_("phòng ban xử lý"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chuyên viên thụ lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_dossiers",
    )
    postal_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nhân viên bưu điện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="postal_dossiers",
    )

    submitted_at = models.DateTimeField(_("nộp lúc"))
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    clock_started_at = models.DateTimeField(_("bắt đầu tính thời hạn"), null=True, blank=True)
    promised_at = models.DateTimeField(_("hẹn trả kết quả"), null=True, blank=True)
    original_promised_at = models.DateTimeField(_("hẹn trả ban đầu"), null=True, blank=True)
    step_started_at = models.DateTimeField(_("bắt đầu bước"), null=True, blank=True)
    step_due_at = models.DateTimeField(_("hạn của bước"), null=True, blank=True)
    paused_at = models.DateTimeField(_("tạm dừng tính thời hạn từ"), null=True, blank=True)
    # Working time left on the promise and on the step when the clock stopped, in seconds.
    paused_remaining = models.BigIntegerField(null=True, blank=True)
    paused_step_remaining = models.BigIntegerField(null=True, blank=True)
    state_before_pause = models.CharField(max_length=30, choices=State.choices, blank=True)
    finished_at = models.DateTimeField(_("có kết quả lúc"), null=True, blank=True)
    returned_at = models.DateTimeField(_("trả kết quả lúc"), null=True, blank=True)
    timing = models.CharField(_("kết quả đúng hạn"), max_length=10, choices=Timing.choices, blank=True)

    fee_due = models.PositiveIntegerField(_("phí, lệ phí phải nộp (đồng)"), default=0)
    fee_paid = models.PositiveIntegerField(_("đã nộp (đồng)"), default=0)
    fee_paid_at = models.DateTimeField(_("nộp phí lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            # The work lists (dossiers.selectors): each branch of a list is an equality on the
            # first four, read in due order; a count or a page reads only the index.
            models.Index(
                "current_agency", "state", "step_kind", "step_role", Coalesce("step_due_at", "promised_at"), "id",
                include=["assignee", "step_division_code"], name="dossier_worklist",
            ),
            models.Index(fields=["receiving_agency", "received_at"]),
            models.Index(fields=["state", "promised_at"]),
            models.Index(fields=["applicant_id_number"]),
            # Reports: a period's dossiers are those received before its end and not
            # finished before its start (motcua.reports.figures).
            models.Index(fields=["finished_at"], name="dossier_finished_at"),
            models.Index(fields=["received_at"], name="dossier_received_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(channel=Channel.ONLINE) | models.Q(applicant__isnull=True), name="dossier_account_files_online"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        self.applicant_search_name = fold(self.applicant_name)
        if kwargs.get("update_fields") is not None and "applicant_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "applicant_search_name"}
        super().save(*args, **kwargs)

    def set_step(self, step: ProcessStep | None) -> None:
        """Enter `step` (None: no step any more), keeping its copied kind, role and division."""
        self.current_step = step
        self.step_kind, self.step_role, self.step_division_code = (
            (step.kind, step.role, step.division_code) if step else ("", "", "")
        )

    @property
    def national_status(self) -> int:
        from motcua.dossiers.lifecycle import NATIONAL_STATUS

        return NATIONAL_STATUS[self.state]

    @property
    def fee_outstanding(self) -> int:
        return max(self.fee_due - self.fee_paid, 0)


class DocumentKind(models.TextChoices):
    APPLICANT = "applicant", _("Giấy tờ của người nộp")
    DRAFT_RESULT = "draft_result", _("Dự thảo kết quả")
    FINAL_RESULT = "final_result", _("Kết quả giải quyết")


class DossierDocument(models.Model):
    """A paper or file in the dossier: the applicant's papers (against the procedure's list of
    required documents) and the draft and final results the officials upload."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    required_document = models.ForeignKey(RequiredDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    originals = models.PositiveSmallIntegerField(_("số bản chính"), default=0)
    copies = models.PositiveSmallIntegerField(_("số bản sao"), default=0)
    file = models.FileField(_("tệp đính kèm"), upload_to=RandomName("dossiers"), blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.APPLICANT)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("giấy tờ trong hồ sơ")
        verbose_name_plural = _("giấy tờ trong hồ sơ")
        ordering = ["dossier", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def download_name(self) -> str:
        """The file's name once downloaded: the dossier code and the document's number, with the
        extension of the stored file (the kind the upload checker read, for a file stored with a
        name of ours)."""
        return f"{self.dossier.code}-{self.pk}{PurePosixPath(self.file.name).suffix}"


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("Nhật ký hồ sơ không được sửa."))

    def delete(self):
        raise ValidationError(_("Nhật ký hồ sơ không được xóa."))


class DossierEvent(models.Model):
    """An immutable line of a dossier's history: one per transition (form 05 is read from these)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    sequence = models.PositiveIntegerField()
    action = models.CharField(_("thao tác"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("người thực hiện")
    )
    at = models.DateTimeField(_("thời điểm"))
    from_state = models.CharField(max_length=30, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=30, choices=State.choices)
    from_step = models.ForeignKey(ProcessStep, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_step = models.ForeignKey(ProcessStep, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    from_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("người nhận")
    )
    due_at = models.DateTimeField(_("hạn của bước"), null=True, blank=True)
    timing = models.CharField(_("kết quả"), max_length=10, choices=Timing.choices, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    # The hash chain over the dossier's events (motcua.dossiers.audit); set by lifecycle.record().
    previous_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    hash = models.CharField(max_length=64, blank=True, default="", editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký hồ sơ")
        verbose_name_plural = _("nhật ký hồ sơ")
        ordering = ["dossier", "sequence"]
        constraints = [models.UniqueConstraint(fields=["dossier", "sequence"], name="dossier_event_sequence_unique")]
        indexes = [
            # Reports date a withdrawal, a stop or a refusal by the event that entered that
            # final state: a few percent of the events, kept in a small index of their own.
            models.Index(
                fields=["dossier", "to_state", "at"],
                condition=models.Q(to_state__in=["withdrawn", "stopped", "refused"]),
                name="dossier_event_ending",
            ),
            # The quality index counts a month's handovers (events classified against a step).
            models.Index(fields=["at"], condition=~models.Q(timing=""), name="dossier_event_handover_at"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier.code} #{self.sequence} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("Nhật ký hồ sơ không được sửa."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Nhật ký hồ sơ không được xóa."))


class NoteQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("Ghi chú trao đổi không được sửa."))

    def delete(self):
        raise ValidationError(_("Ghi chú trao đổi không được xóa."))


class DossierNote(models.Model):
    """A note between officials about a dossier; like the events, never changed once written."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người viết"))
    at = models.DateTimeField(_("thời điểm"))
    text = models.TextField(_("nội dung"))

    objects = NoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("ghi chú trao đổi")
        verbose_name_plural = _("ghi chú trao đổi")
        ordering = ["dossier", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.dossier.code} – {self.author} – {self.at:%d/%m/%Y %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("Ghi chú trao đổi không được sửa."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Ghi chú trao đổi không được xóa."))


class CodeSequence(models.Model):
    """The last dossier number issued by one agency on one day."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "day"], name="code_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.agency.code} {self.day:%y%m%d}: {self.last_number}"
