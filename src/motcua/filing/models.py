from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.uploads import RandomName


class Draft(models.Model):
    """An online filing in progress, saved at every step so the applicant can leave and
    carry on later, on any device. `step` is the furthest step reached; `data` holds what
    each step collected (see motcua.filing.wizard)."""

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nộp"), on_delete=models.CASCADE, related_name="filing_drafts"
    )
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion", verbose_name=_("phiên bản thủ tục"), on_delete=models.CASCADE, related_name="+"
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("nơi nộp"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    step = models.PositiveSmallIntegerField(_("bước"), default=1)
    data = models.JSONField(_("dữ liệu đã nhập"), default=dict, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("bản nháp hồ sơ")
        verbose_name_plural = _("bản nháp hồ sơ")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"{self.applicant} – {self.procedure_version}"

    @property
    def is_outdated(self) -> bool:
        return self.procedure_version.status != self.procedure_version.Status.PUBLISHED


class StoredDocument(models.Model):
    """Kho dữ liệu: a paper the applicant has uploaded, or a result they received, kept for
    reuse. One file per owner and content (sha256), however often it is offered."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chủ sở hữu"), on_delete=models.CASCADE, related_name="stored_documents"
    )
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    file = models.FileField(_("tệp"), upload_to=RandomName("kho-du-lieu"))
    kind = models.CharField(_("định dạng"), max_length=10)
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    source_dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("từ hồ sơ"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("giấy tờ trong kho dữ liệu")
        verbose_name_plural = _("kho dữ liệu")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["owner", "sha256"], name="stored_document_once_per_owner")]

    def __str__(self) -> str:
        return self.name
