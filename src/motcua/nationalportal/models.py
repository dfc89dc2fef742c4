from django.db import models
from django.utils.translation import gettext_lazy as _


class Service(models.TextChoices):
    DOSSIER = "DongBoHoSoMC", _("Đồng bộ hồ sơ")
    PROGRESS = "CapNhatTienDoHoSoMC", _("Cập nhật tiến độ xử lý")


class State(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Cổng đã nhận")
    REFUSED = "refused", _("Cổng từ chối")
    FAILED = "failed", _("Gửi không được")


# What blocks the later records of the same dossier: the portal must see them in order.
UNSENT = (State.PENDING, State.SENDING, State.REFUSED, State.FAILED)


class SyncQuerySet(models.QuerySet):
    def due(self, now):
        """Waiting to be sent now, or claimed by a worker whose lease ran out (it died)."""
        return self.filter(
            models.Q(state=State.PENDING, next_attempt_at__lte=now) | models.Q(state=State.SENDING, lease_until__lt=now)
        )

    def next_in_line(self):
        """Records with nothing of their dossier still unsent before them."""
        earlier_unsent = Sync.objects.filter(dossier=models.OuterRef("dossier"), pk__lt=models.OuterRef("pk"), state__in=UNSENT)
        return self.exclude(models.Exists(earlier_unsent))


class Sync(models.Model):
    """One call the national portal must receive about one dossier: the outbox row a worker
    sends (nationalportal.sync). Written by the transaction that records the dossier event,
    with the payload as the dossier stood at that event, so the portal sees each state in
    turn. `key` is the idempotency key (event and service): writing the same record twice is
    impossible, and a record is never sent again once the portal took it."""

    key = models.CharField(_("khóa"), max_length=100, unique=True)
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="national_portal_syncs"
    )
    event = models.ForeignKey(
        "dossiers.DossierEvent", verbose_name=_("sự kiện"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    service = models.CharField(_("dịch vụ"), max_length=30, choices=Service.choices)
    updating = models.BooleanField(_("cập nhật"), default=False, help_text=_("isUpdating: hồ sơ đã có trên Cổng."))
    payload = models.JSONField(_("dữ liệu gửi"))
    national_status = models.PositiveSmallIntegerField(_("trạng thái trên Cổng"))

    state = models.CharField(_("tình trạng"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    next_attempt_at = models.DateTimeField(_("gửi lúc"))
    lease_until = models.DateTimeField(null=True, blank=True)
    error_code = models.CharField(_("mã lỗi của Cổng"), max_length=20, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"))
    sent_at = models.DateTimeField(_("Cổng nhận lúc"), null=True, blank=True)

    objects = SyncQuerySet.as_manager()

    class Meta:
        verbose_name = _("bản ghi đồng bộ Cổng DVCQG")
        verbose_name_plural = _("nhật ký đồng bộ Cổng Dịch vụ công quốc gia")
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"]),
            models.Index(fields=["dossier", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.dossier.code} – {self.get_service_display()} ({self.get_state_display()})"


class NationalProcedure(models.Model):
    """A procedure as the national procedure database last described it (`LayDanhSachTTHC`,
    `LayThuTuc`). A province procedure whose code is not listed here cannot be synchronised."""

    code = models.CharField(_("mã thủ tục"), max_length=20, unique=True)
    name = models.CharField(_("tên thủ tục"), max_length=500)
    listed = models.BooleanField(_("có trong CSDL quốc gia"), default=True)
    record = models.JSONField(_("nội dung trên CSDL quốc gia"), default=dict, blank=True)
    checked_at = models.DateTimeField(_("đối chiếu lúc"))

    class Meta:
        verbose_name = _("thủ tục trên CSDL quốc gia")
        verbose_name_plural = _("thủ tục trên CSDL quốc gia về TTHC")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class Filing(models.Model):
    """A dossier filed on the national portal for one of this province's procedures, as the
    portal handed it over (nationalportal.inbound): taken in as a dossier, or refused with the
    reason, which the portal is told. One row per portal code, so nothing is taken twice."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Đã nhận vào hệ thống")
        REFUSED = "refused", _("Từ chối")

    portal_code = models.CharField(_("mã hồ sơ trên Cổng"), max_length=40, unique=True)
    outcome = models.CharField(_("kết quả"), max_length=10, choices=Outcome.choices)
    dossier = models.OneToOneField(
        "dossiers.Dossier", verbose_name=_("hồ sơ"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("lý do từ chối"), blank=True)
    record = models.JSONField(_("dữ liệu Cổng gửi"), default=dict)
    received_at = models.DateTimeField(_("nhận lúc"))
    # A refusal is told to the portal by the next fetch until the portal takes it.
    answered_at = models.DateTimeField(_("đã báo Cổng lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("hồ sơ nộp trên Cổng DVCQG")
        verbose_name_plural = _("hồ sơ nộp trên Cổng Dịch vụ công quốc gia")
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.portal_code} – {self.get_outcome_display()}"
