"""Mẫu 06, Sổ theo dõi hồ sơ: which register is asked for, its lines, and its spreadsheet.

The register is kept per agency, field and period; an official may print it only for an
agency where they hold a role. The PDF is drawn in forms.register_pdf from the same lines.
"""

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, datetime, timedelta

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font

from motcua import spreadsheets
from motcua.accounts import permissions
from motcua.agencies.models import Agency
from motcua.catalog.models import Field
from motcua.printforms import formatting as fmt
from motcua.printforms.selectors import register_dossiers

# A register longer than a year is a report, not a register; it would also tie up a worker.
LONGEST_PERIOD = timedelta(days=366)


class BadQuery(Exception):
    """The register's query parameters are wrong; the message says how, in Vietnamese."""


class NotYourAgency(Exception):
    """The official holds no role at the agency whose register was asked for."""


def _day(params, name: str, label: str) -> date:
    value = (params.get(name) or "").strip()
    if not value:
        raise BadQuery(_("Thiếu %(label)s (tham số “%(name)s”, dạng YYYY-MM-DD).") % {"label": label, "name": name})
    for parse in (date.fromisoformat, lambda v: datetime.strptime(v, "%d/%m/%Y").date()):
        try:
            return parse(value)
        except ValueError:
            continue
    raise BadQuery(
        _("%(label)s “%(value)s” không phải một ngày hợp lệ (dạng YYYY-MM-DD hoặc DD/MM/YYYY).") % {"label": label.capitalize(), "value": value}
    )


def _applicant_cell(dossier) -> str:
    return ", ".join(part for part in [dossier.applicant_name, dossier.applicant_address, dossier.applicant_phone] if part)


@dataclass
class Register:
    agency: Agency
    field: Field
    start: date
    end: date
    dossiers: list = dataclass_field(default_factory=list)

    COLUMNS = (
        "STT",
        "Mã hồ sơ",
        "Tên thủ tục hành chính",
        "Số bộ",
        "Tổ chức, cá nhân (địa chỉ, điện thoại)",
        "Cơ quan chủ trì giải quyết",
        "Nhận hồ sơ",
        "Hẹn trả kết quả",
        "Trả kết quả",
        "Hình thức nhận kết quả",
    )

    @classmethod
    def from_query(cls, user, params) -> "Register":
        """The register that `params` (agency, field, from, to) ask for, if `user` may see it."""
        agency_code = (params.get("agency") or "").strip()
        field_code = (params.get("field") or "").strip()
        if not agency_code:
            raise BadQuery(_("Thiếu mã cơ quan (tham số “agency”)."))
        if not field_code:
            raise BadQuery(_("Thiếu mã lĩnh vực (tham số “field”)."))
        start = _day(params, "from", _("ngày bắt đầu"))
        end = _day(params, "to", _("ngày kết thúc"))
        if end < start:
            raise BadQuery(_("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
        if end - start >= LONGEST_PERIOD:
            raise BadQuery(_("Mỗi lần chỉ in sổ theo dõi cho tối đa một năm."))
        agency = Agency.objects.filter(code=agency_code).first()
        if agency is None or agency.pk not in permissions.agency_ids(user):
            raise NotYourAgency(
                _("Bạn không có vai trò tại cơ quan “%(code)s” nên không xem được sổ theo dõi hồ sơ của cơ quan này.")
                % {"code": agency_code}
            )
        found = Field.objects.filter(code=field_code).first()
        if found is None:
            raise BadQuery(_("Không có lĩnh vực mã “%(code)s”.") % {"code": field_code})
        register = cls(agency=agency, field=found, start=start, end=end)
        register.dossiers = list(register.query())
        return register

    def query(self) -> QuerySet:
        return register_dossiers(agency=self.agency, field=self.field, start=self.start, end=self.end)

    @property
    def period(self) -> str:
        return f"từ ngày {fmt.day(self.start)} đến ngày {fmt.day(self.end)}"

    def lines(self) -> list[list[str]]:
        """The register's columns after STT, as text, one list per dossier."""
        return [
            [
                dossier.code,
                dossier.procedure_version.name,
                str(dossier.sets),
                _applicant_cell(dossier),
                dossier.receiving_agency.name,
                fmt.short_moment(dossier.received_at),
                fmt.short_moment(dossier.promised_at),
                fmt.short_moment(dossier.returned_at),
                dossier.get_delivery_display(),
            ]
            for dossier in self.dossiers
        ]

    @property
    def filename(self) -> str:
        return f"so-theo-doi-{self.agency.code}-{self.field.code}-{self.start:%Y%m%d}-{self.end:%Y%m%d}"


def _excel_time(value: datetime | None):
    # Excel has no time zones: the register shows Vietnamese wall-clock time.
    return fmt.local(value).replace(tzinfo=None) if value else None


def register_xlsx(register: Register) -> bytes:
    """Mẫu 06 as a spreadsheet: a title block, one header row, then one row per dossier."""
    workbook = spreadsheets.new_workbook()
    sheet = workbook.create_sheet("Sổ theo dõi hồ sơ")
    spreadsheets.append(sheet, ["SỔ THEO DÕI HỒ SƠ"])
    spreadsheets.append(sheet, [f"{register.agency.name} – Lĩnh vực: {register.field.name} – {register.period}"])
    spreadsheets.append(sheet, [])
    spreadsheets.append(sheet, Register.COLUMNS)
    header_row = sheet.max_row
    for index, dossier in enumerate(register.dossiers, start=1):
        spreadsheets.append(
            sheet,
            [
                index,
                dossier.code,
                dossier.procedure_version.name,
                dossier.sets,
                _applicant_cell(dossier),
                dossier.receiving_agency.name,
                _excel_time(dossier.received_at),
                _excel_time(dossier.promised_at),
                _excel_time(dossier.returned_at),
                dossier.get_delivery_display(),
            ]
        )
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=header_row + 1, min_col=7, max_col=9):
        for cell in row:
            cell.number_format = "dd/mm/yyyy hh:mm"
    for column, width in zip("ABCDEFGHIJ", (6, 28, 40, 7, 40, 28, 17, 17, 17, 24), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    return spreadsheets.to_bytes(workbook)
