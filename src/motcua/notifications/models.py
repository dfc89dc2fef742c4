from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.notifications.topics import TOPICS


class Channel(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    SMS = "sms", _("Tin nhắn SMS")
    ZALO = "zalo", _("Zalo")
    INAPP = "inapp", _("Thông báo trên Cổng")


# Channels that leave the platform, in the order a preference may list them.
OUTWARD_CHANNELS = (Channel.ZALO, Channel.SMS, Channel.EMAIL)


class MessageTemplate(models.Model):
    """The wording of one kind of message on one channel, editable by the province admin.

    Placeholders are written {ma_ho_so}; which ones a topic offers is in topics.TOPICS and
    is checked when the template is saved (templating.check). For Zalo the text mirrors the
    ZNS template registered with Zalo: its placeholders are the parameters sent with it."""

    topic = models.CharField(_("loại thông báo"), max_length=40, choices=[(t.key, t.label) for t in TOPICS.values()])
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices)
    subject = models.CharField(_("tiêu đề"), max_length=200, blank=True, help_text=_("Chỉ dùng cho thư điện tử."))
    body = models.TextField(_("nội dung"))
    zns_template_id = models.CharField(
        _("mã mẫu ZNS"), max_length=40, blank=True, help_text=_("Mã mẫu tin đã được Zalo duyệt (chỉ dùng cho kênh Zalo).")
    )
    is_active = models.BooleanField(_("đang dùng"), default=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("mẫu thông báo")
        verbose_name_plural = _("mẫu thông báo")
        ordering = ["topic", "channel"]
        constraints = [models.UniqueConstraint(fields=["topic", "channel"], name="message_template_unique")]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} – {self.get_channel_display()}"

    def clean(self):
        from motcua.notifications import templating

        templating.check_template(self)


class State(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    DELIVERED = "delivered", _("Đã đến người nhận")
    FAILED = "failed", _("Gửi không được")


class MessageQuerySet(models.QuerySet):
    def due(self, now):
        """Waiting to be sent now, or claimed by a worker whose lease ran out (it died)."""
        return self.filter(
            models.Q(state=State.PENDING, next_attempt_at__lte=now) | models.Q(state=State.SENDING, lease_until__lt=now)
        )


class Message(models.Model):
    """One message to one recipient on one channel: the outbox row a worker sends.

    `key` is the idempotency key: one event (or reminder, or inbound question) gives one key
    per recipient and channel, and the unique constraint makes a second write of the same
    message impossible. The key also travels to the provider (Message-ID, RequestId,
    tracking_id), so that a retry after a crash is recognised there too."""

    key = models.CharField(_("khóa"), max_length=200, unique=True)
    topic = models.CharField(_("loại thông báo"), max_length=40)
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản nhận"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
    )
    address = models.CharField(_("địa chỉ nhận"), max_length=254, blank=True)
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("hồ sơ"), null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    event = models.ForeignKey("dossiers.DossierEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="messages")
    subject = models.CharField(_("tiêu đề"), max_length=255, blank=True)
    body = models.TextField(_("nội dung"))
    # What the channel needs beyond the text: ZNS template id and parameters, the forms to
    # attach, the context to word a fallback message and the channels left to fall back on.
    data = models.JSONField(default=dict, blank=True)

    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    next_attempt_at = models.DateTimeField(_("gửi lúc"))
    lease_until = models.DateTimeField(null=True, blank=True)
    provider_id = models.CharField(_("mã của nhà cung cấp"), max_length=100, blank=True, db_index=True)
    error = models.TextField(_("lỗi"), blank=True)
    fallback_of = models.ForeignKey(
        "self", verbose_name=_("thay cho tin"), null=True, blank=True, on_delete=models.PROTECT, related_name="fallbacks"
    )
    created_at = models.DateTimeField(_("tạo lúc"))
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("đến lúc"), null=True, blank=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("tin nhắn")
        verbose_name_plural = _("tin nhắn")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"]),
            models.Index(fields=["user", "channel", "read_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.address or self.user}: {self.subject or self.body[:40]}"


class Preference(models.Model):
    """The channels an applicant (or official) wants messages on, in order: the first that
    works is used, the next ones are the fallback. In-app notices always come in addition."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference")
    channels = models.JSONField(_("kênh nhận thông báo"), default=list)

    class Meta:
        verbose_name = _("kênh nhận thông báo")
        verbose_name_plural = _("kênh nhận thông báo")

    def __str__(self) -> str:
        return f"{self.user}: {', '.join(self.channels)}"

    def clean(self):
        unknown = [c for c in self.channels if c not in OUTWARD_CHANNELS]
        if unknown or len(set(self.channels)) != len(self.channels):
            raise ValidationError(_("Danh sách kênh nhận thông báo không hợp lệ."))
