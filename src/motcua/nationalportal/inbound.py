"""Dossiers citizens file on the national portal for this province's procedures.

The portal keeps them until the province answers; MotCua fetches them on a schedule
(`LayDanhSachHoSoMoi`, from the sync worker) with the same session as everything else, so
the province opens no address to the internet for it. Each is checked: the procedure is
published here and may be filed online, the receiving agency carries it out, the applicant's
details and the form are valid, and every paper is fetched from the portal (from the
portal's own address only) and checked by its content like any upload. A dossier that passes
enters the lifecycle as an online submission (status 1) under the portal's code, and from
then on the dossier's own sync tells the portal what happens to it. One that does not is
refused with the reason, and the portal is told so (its status 3, the reason as GhiChu); a
refusal the portal did not take is told again at the next fetch. A portal code is taken
once: its Filing row says what became of it.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.agencies.models import Agency
from motcua.catalog.models import Procedure
from motcua.dossiers import services
from motcua.nationalportal import payloads
from motcua.nationalportal.client import PortalClient, PortalRefused, PortalUnavailable
from motcua.nationalportal.models import Filing, Service
from motcua.uploads import check_document

logger = logging.getLogger(__name__)

DELIVERIES = {"1": "counter", "2": "online", "3": "post"}
REFUSED_STATUS = "3"


def _text(record: dict, key: str, limit: int = 255) -> str:
    value = record.get(key)
    return str(value).strip()[:limit] if isinstance(value, (str, int)) else ""


def _moment(value: str) -> datetime:
    try:
        return datetime.strptime(value, payloads.PORTAL_TIME_FORMAT).replace(tzinfo=payloads.PORTAL_ZONE)
    except (TypeError, ValueError):
        raise ValidationError("Thời điểm nộp (NgayNop) không đúng dạng yyyyMMddHHmmss.")


def _papers(record: dict, client: PortalClient, version) -> list[services.DocumentInput]:
    """Each paper fetched from the portal and checked by its content, against the procedure's list."""
    required = {document.name: document for document in version.documents.all()}
    limit = settings.UPLOAD_MAX_MEGABYTES * 1024 * 1024
    papers = record.get("TaiLieuNop") or []
    if not isinstance(papers, list):
        raise ValidationError("Danh sách giấy tờ (TaiLieuNop) không đọc được.")
    documents = []
    for paper in papers:
        if not isinstance(paper, dict):
            raise ValidationError("Danh sách giấy tờ (TaiLieuNop) không đọc được.")
        name = _text(paper, "TenGiayTo", 500) or _text(paper, "TenTepDinhKem", 500)
        try:
            content = client.download(_text(paper, "DuongDanTaiTepTin", 2000), limit)
        except PortalRefused as refusal:
            raise ValidationError(f"Giấy tờ “{name}”: {refusal.message}")
        upload = ContentFile(content, name=_text(paper, "TenTepDinhKem", 200) or "giay-to")
        check_document(upload, name)
        document = required.get(name)
        documents.append(services.DocumentInput(required_document=document, originals=1, file=upload, name="" if document else name))
    return documents


def _take(record: dict, client: PortalClient) -> Filing:
    code = _text(record, "MaHoSo", 40)
    try:
        procedure = Procedure.objects.filter(code=_text(record, "MaTTHC", 20)).first()
        version = procedure.current_version() if procedure else None
        if version is None:
            raise ValidationError(f"Thủ tục {_text(record, 'MaTTHC')} không có trong danh mục đang áp dụng của tỉnh.")
        agency = Agency.objects.filter(code=_text(record, "MaDonViTiepNhan", 20)).first()
        if agency is None:
            raise ValidationError(f"Không có cơ quan tiếp nhận mã {_text(record, 'MaDonViTiepNhan')}.")
        form = record.get("DuLieuToKhai") or {}
        if not isinstance(form, dict):
            raise ValidationError("Tờ khai (DuLieuToKhai) không đọc được.")
        applicant = services.ApplicantInfo(
            name=_text(record, "ChuHoSo"),
            id_number=_text(record, "MaDoiTuong", 14),
            address=_text(record, "DiaChi"),
            phone=_text(record, "SoDienThoai", 20),
            email=_text(record, "Email", 254),
        )
        documents = _papers(record, client, version)
        with transaction.atomic():
            dossier = services.submit_from_national_portal(
                national_code=code,
                procedure_version=version,
                agency=agency,
                applicant=applicant,
                form_data=form,
                documents=documents,
                delivery=DELIVERIES.get(_text(record, "HinhThucNhanKetQua"), ""),
                at=_moment(_text(record, "NgayNop")),
            )
            return Filing.objects.create(
                portal_code=code, outcome=Filing.Outcome.ACCEPTED, dossier=dossier, record=_kept(record), received_at=timezone.now()
            )
    except ValidationError as error:
        reason = " ".join(error.messages)
    return Filing.objects.create(
        portal_code=code, outcome=Filing.Outcome.REFUSED, reason=reason, record=_kept(record), received_at=timezone.now()
    )


def _kept(record: dict) -> dict:
    """What is kept of the record: everything but the papers' contents (fetched, not sent)."""
    return {key: value for key, value in record.items() if key != "TaiLieuNop"} | {
        "TaiLieuNop": [
            {key: paper.get(key) for key in ("TenGiayTo", "TenTepDinhKem")} for paper in record.get("TaiLieuNop") or [] if isinstance(paper, dict)
        ]
    }


def _answer(filing: Filing, client: PortalClient) -> None:
    """Tell the portal a filing was refused, and why."""
    record = filing.record
    now = timezone.now()
    client.call(
        Service.DOSSIER,
        isUpdating=False,
        data=[
            {
                "MaHoSo": filing.portal_code,
                "MaTTHC": _text(record, "MaTTHC", 20) or "?",
                "TenTTHC": _text(record, "TenTTHC", 500) or _text(record, "MaTTHC", 20) or "?",
                "ChuHoSo": _text(record, "ChuHoSo") or "?",
                "LoaiDoiTuong": _text(record, "LoaiDoiTuong") or payloads.APPLICANT_PERSON,
                "MaDoiTuong": _text(record, "MaDoiTuong", 14),
                "NgayTiepNhan": payloads.portal_time(now),
                "TrangThaiHoSo": REFUSED_STATUS,
                "NgayKetThucXuLy": payloads.portal_time(now),
                "DonViXuLy": _text(record, "MaDonViTiepNhan", 20) or "?",
                "GhiChu": filing.reason,
            }
        ],
    )
    filing.answered_at = now
    filing.save(update_fields=["answered_at"])


def fetch(client: PortalClient | None = None) -> list[Filing]:
    """Answer the refusals not answered yet, then take what was filed since; the new Filings."""
    client = client or PortalClient.from_settings()
    for filing in Filing.objects.filter(outcome=Filing.Outcome.REFUSED, answered_at__isnull=True):
        try:
            _answer(filing, client)
        except (PortalRefused, PortalUnavailable) as error:
            logger.warning("The refusal of %s was not taken by the portal: %s", filing.portal_code, error)
    answer = client.call("LayDanhSachHoSoMoi")
    records = answer.get("result")
    if not isinstance(records, list):
        raise PortalUnavailable("The portal's list of filed dossiers is not a list")
    taken = []
    records = {_text(record, "MaHoSo", 40): record for record in records if isinstance(record, dict)}
    records.pop("", None)
    known = set(Filing.objects.filter(portal_code__in=records).values_list("portal_code", flat=True))
    for code, record in records.items():
        if code in known:
            continue
        try:
            filing = _take(record, client)
        except IntegrityError:
            continue  # another worker took it meanwhile
        except PortalUnavailable as error:
            logger.warning("Filed dossier %s left for the next fetch: %s", code, error)
            continue
        taken.append(filing)
        if filing.outcome == Filing.Outcome.REFUSED:
            try:
                _answer(filing, client)
            except (PortalRefused, PortalUnavailable) as error:
                logger.warning("The refusal of %s was not taken by the portal: %s", filing.portal_code, error)
    return taken
