"""What the national portal is told about a dossier, in its own field names (DOMAIN.md,
"National portal link"): the dossier record of `DongBoHoSoMC` and the progress line of
`CapNhatTienDoHoSoMC`. Both are read from the database inside the transaction that records
the event, so they describe the dossier exactly as that event left it."""

from datetime import datetime
from zoneinfo import ZoneInfo

from motcua.accounts.models import Role
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.lifecycle import NATIONAL_STATUS
from motcua.dossiers.models import Channel, DocumentKind, Dossier, DossierEvent
from motcua.dossiers.public import action_label

# The portal reads every time as Vietnamese local time, whatever the server's own zone.
PORTAL_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
PORTAL_TIME_FORMAT = "%Y%m%d%H%M%S"

APPLICANT_PERSON, APPLICANT_ORGANISATION = "1", "2"
# HinhThuc: how the applicant gets the result: in person (at the desk or online) or by post.
DELIVERY_IN_PERSON, DELIVERY_BY_POST = "0", "1"


def portal_code(dossier: Dossier) -> str:
    """The code the portal knows the dossier by: its own for a dossier filed there."""
    return dossier.national_code or dossier.code


def portal_time(moment: datetime | None) -> str:
    return moment.astimezone(PORTAL_ZONE).strftime(PORTAL_TIME_FORMAT) if moment else ""


def national_status(state: str) -> int:
    return NATIONAL_STATUS[state]


SUPPLEMENT_ACTIONS = ("request_supplement", "supplement")


def supplements(dossier: Dossier, event: DossierEvent, previous: list[dict] | None) -> list[dict]:
    """Each request for more papers, with its answer once the applicant gave it: the list of
    the dossier's previous record with `event` applied, or read from the history when there
    is no previous record."""
    if previous is None:
        found: list[dict] = []
        for past in dossier.events.filter(action__in=SUPPLEMENT_ACTIONS).select_related("actor").order_by("sequence"):
            _apply(found, past)
        return found
    found = [dict(request) for request in previous]
    if event.action in SUPPLEMENT_ACTIONS:
        _apply(found, event)
    return found


def _apply(requests: list[dict], event: DossierEvent) -> None:
    if event.action == "request_supplement":
        requests.append(
            {
                "HoSoBoSungId": str(event.sequence),
                "NguoiYeuCauBoSung": _person(event),
                "NoiDungBoSung": event.note,
                "NgayBoSung": portal_time(event.at),
                "NguoiTiepNhanBoSung": "",
                "NgayTiepNhanBoSung": "",
                "TrangThaiBoSung": "0",
            }
        )
    elif requests:
        requests[-1].update(NguoiTiepNhanBoSung=_person(event), NgayTiepNhanBoSung=portal_time(event.at), TrangThaiBoSung="1")


def _person(event: DossierEvent) -> str:
    return str(event.actor) if event.actor_id else "Hệ thống"


def dossier_record(dossier: Dossier, *, supplements: list[dict], note: str = "") -> dict:
    version = dossier.procedure_version
    documents = list(dossier.documents.all())
    fees = []
    if dossier.fee_due:
        fees.append(
            {
                "TenPhiLePhi": "Phí, lệ phí",
                "MaPhiLePhi": version.procedure.code,
                "HinhThucThu": "Trực tuyến" if dossier.channel == Channel.ONLINE else "Tại bộ phận một cửa",
                "Gia": dossier.fee_due,
                "DaNop": dossier.fee_paid,
                "NgayNop": portal_time(dossier.fee_paid_at),
                "LoaiPhiLePhi": "1",
            }
        )
    return {
        "MaHoSo": portal_code(dossier),
        "MaTTHC": version.procedure.code,
        "TenTTHC": version.name,
        "MaLinhVuc": version.field.code,
        "TenLinhVuc": version.field.name,
        "ChuHoSo": dossier.applicant_name,
        "LoaiDoiTuong": APPLICANT_PERSON if len(dossier.applicant_id_number) == 12 else APPLICANT_ORGANISATION,
        "MaDoiTuong": dossier.applicant_id_number,
        "Email": dossier.applicant_email,
        "SoDienThoai": dossier.applicant_phone,
        "TrichYeuHoSo": version.name,
        "NgayTiepNhan": portal_time(dossier.received_at or dossier.submitted_at),
        "NgayHenTra": portal_time(dossier.promised_at),
        "TrangThaiHoSo": str(national_status(dossier.state)),
        "NgayTra": portal_time(dossier.returned_at),
        "HinhThuc": DELIVERY_BY_POST if dossier.delivery == ProcedureVersion.Delivery.POST else DELIVERY_IN_PERSON,
        "NgayKetThucXuLy": portal_time(dossier.finished_at),
        "DonViXuLy": dossier.current_agency.name,
        "MaDonViXuLy": dossier.current_agency.code,
        "GhiChu": note,
        "TaiLieuNop": [
            {"TepDinhKemId": str(document.pk), "TenTepDinhKem": document.name, "IsDeleted": False}
            for document in documents
            if document.kind == DocumentKind.APPLICANT
        ],
        "DanhSachLePhi": fees,
        "DanhSachHoSoBoSung": supplements,
        "DanhSachGiayToKetQua": [
            {"GiayToId": str(document.pk), "TenGiayTo": document.name}
            for document in documents
            if document.kind == DocumentKind.FINAL_RESULT
        ],
    }


def progress_record(event: DossierEvent) -> dict:
    dossier = event.dossier
    step = event.to_step
    division = dossier.division
    return {
        "MaHoSo": portal_code(dossier),
        "NguoiXuLy": _person(event),
        "ChucDanh": str(Role(step.role).label) if step and step.role in Role.values else "",
        "ThoiDiemXuLy": portal_time(event.at),
        "PhongBanXuLy": division.name if division else (event.to_agency.name if event.to_agency_id else ""),
        "NoiDungXuLy": f"{action_label(event.action)}{': ' + event.note if event.note else ''}",
        "TrangThai": str(national_status(event.to_state)),
        "NgayBatDau": portal_time(dossier.clock_started_at),
        "NgayKetThucTheoQuyDinh": portal_time(dossier.promised_at),
    }

