"""The catalog as an Excel workbook (layout in the package docstring).

Reading turns the sheets into the interchange dict and hands it to import_catalog, so
JSON and XLSX go through one validation path; writing lays out what export_catalog returns.
"""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path as FilePath
from typing import BinaryIO

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from motcua import spreadsheets
from motcua.catalog.interchange.columns import (
    CHILD_COLUMNS,
    FIELD_COLUMNS,
    FORMAT,
    PROCEDURE_COLUMN,
    PROCEDURE_COLUMNS,
    STATUS_COLUMN,
    VERSION,
    Choice,
    Column,
    Invalid,
)
from motcua.catalog.interchange.exporter import export_catalog
from motcua.catalog.interchange.importer import ImportReport, import_catalog
from motcua.catalog.interchange.validation import Path
from motcua.catalog.models import Procedure

FIELDS_SHEET = "Lĩnh vực"
PROCEDURES_SHEET = "Thủ tục"
CHILD_SHEETS = {"documents": "Thành phần hồ sơ", "fees": "Phí, lệ phí", "steps": "Quy trình"}
GUIDE_SHEET = "Hướng dẫn"

# Rows on the child sheets name their procedure under the same header as the procedure sheet.
PROCEDURE_LINK = replace(PROCEDURE_COLUMN["code"], key="procedure")

MANDATORY = next(column for column in CHILD_COLUMNS["documents"] if column.key == "mandatory")

YES, NO = "có", "không"
BOOLEAN_WORDS = {YES: True, NO: False, "true": True, "false": False, "1": True, "0": False}


# (key in the dict, sheet title, columns) for every sheet that carries data.
SHEET_LAYOUT = [
    ("fields", FIELDS_SHEET, FIELD_COLUMNS),
    ("procedures", PROCEDURES_SHEET, PROCEDURE_COLUMNS),
] + [(key, CHILD_SHEETS[key], (PROCEDURE_LINK, *columns)) for key, columns in CHILD_COLUMNS.items()]


# Writing ------------------------------------------------------------------------------


def _cell(column: Column, value):
    if column.cell == "list":
        return "; ".join(value)
    if column.cell == "json":
        return json.dumps(value, ensure_ascii=False) if value else None
    if column.cell == "boolean":
        return YES if value else NO
    if column.cell == "number" and isinstance(value, str):
        return Decimal(value)
    return value


def _write_sheet(sheet: Worksheet, columns: tuple[Column, ...], records: Iterable[dict]) -> None:
    spreadsheets.append(sheet, [column.header for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for record in records:
        spreadsheets.append(sheet, [_cell(column, record.get(column.key)) for column in columns])
    for position, column in enumerate(columns, start=1):
        dimension = sheet.column_dimensions[get_column_letter(position)]
        dimension.width = min(60, max(14, len(column.header) + 4))
        if column.cell == "text":
            # Keeps Excel from turning a code typed later, such as 1.001190, into a number.
            dimension.number_format = "@"
    sheet.freeze_panes = "A2"


def _write_guide(sheet: Worksheet) -> None:
    for line in [
        _("Mỗi thủ tục một dòng ở trang '%(sheet)s'.") % {"sheet": PROCEDURES_SHEET},
        _("Thành phần hồ sơ, phí và các bước quy trình: mỗi mục một dòng ở trang của nó, theo đúng thứ tự, "
          "nối với thủ tục bằng cột '%(column)s'.") % {"column": PROCEDURE_LINK.header},
        _("Cột nhiều giá trị (cấp, cơ quan thực hiện, hình thức nhận kết quả) cách nhau bằng dấu chấm phẩy (;)."),
        _("Số ngày dùng dấu chấm thập phân (0.5); cột '%(column)s' ghi có hoặc không; "
          "mẫu đơn trực tuyến ghi bằng JSON.")
        % {"column": MANDATORY.header},
        _("Cột '%(column)s' chỉ để xem; khi nhập, hệ thống bỏ qua.") % {"column": STATUS_COLUMN.header},
        "",
    ]:
        spreadsheets.append(sheet, [line])
    spreadsheets.append(sheet, [_("Cột"), _("Giá trị"), _("Ý nghĩa")])
    for _key, title, columns in SHEET_LAYOUT:
        for column in columns:
            if isinstance(column.clean, Choice):
                for value, label in column.clean.choices.choices:
                    spreadsheets.append(sheet, [f"{title} / {column.header}", value, str(label)])
    sheet.column_dimensions["A"].width = 45
    sheet.column_dimensions["B"].width = 16
    sheet.column_dimensions["C"].width = 40


def export_xlsx(procedures: Iterable[Procedure] | QuerySet | None = None) -> bytes:
    """The same content as export_catalog, as an .xlsx workbook."""
    data = export_catalog(procedures)
    workbook = spreadsheets.new_workbook()
    _write_sheet(workbook.create_sheet(FIELDS_SHEET), FIELD_COLUMNS, data["fields"])
    _write_sheet(workbook.create_sheet(PROCEDURES_SHEET), (*PROCEDURE_COLUMNS, STATUS_COLUMN), data["procedures"])
    for key, columns in CHILD_COLUMNS.items():
        rows = ({PROCEDURE_LINK.key: record["code"], **row} for record in data["procedures"] for row in record[key])
        _write_sheet(workbook.create_sheet(CHILD_SHEETS[key]), (PROCEDURE_LINK, *columns), rows)
    _write_guide(workbook.create_sheet(GUIDE_SHEET))
    return spreadsheets.to_bytes(workbook)


# Reading ------------------------------------------------------------------------------


def _row_location(sheet: str, row: int) -> str:
    return _("Trang '%(sheet)s', dòng %(row)d") % {"sheet": sheet, "row": row}


@dataclass
class _Conversion:
    """The dict read from a workbook, where each part of it came from, and what could not be read."""

    data: dict
    rows: dict[Path, tuple[str, int]] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)

    def locate(self, path: Path) -> str:
        # A problem with a procedure's process as a whole points at the procedure's own row.
        while path and path not in self.rows:
            path = path[:-2]
        return _row_location(*self.rows[path]) if path else _("Tệp")


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _value(column: Column, value):
    """A cell as the JSON format would carry it; the import checks it like any other value."""
    if column.cell == "list":
        return [part.strip() for part in str(value).split(";") if part.strip()]
    if column.cell == "json":
        try:
            return json.loads(value) if isinstance(value, str) else value
        except json.JSONDecodeError as error:
            raise Invalid(_("không đọc được JSON (ký tự thứ %(position)d)") % {"position": error.pos + 1})
    if column.cell == "boolean" and not isinstance(value, bool):
        return BOOLEAN_WORDS.get(str(value).strip().casefold(), value)
    if column.cell == "text" and isinstance(value, (int, float)) and not isinstance(value, bool):
        # A code typed into a number-formatted cell: 12 comes back as 12 or 12.0.
        return str(int(value)) if float(value).is_integer() else str(value)
    return value


def _positions(sheet: str, header: tuple, columns: tuple[Column, ...], problems: list) -> dict[str, int]:
    """Column index of each key, found by its Vietnamese header (or the English key)."""
    names = {name.casefold(): column.key for column in columns for name in (column.header, column.key)}
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        key = names.get(str(title).strip().casefold()) if title is not None else None
        if key:
            positions.setdefault(key, index)
    missing = [column.header for column in columns if column.required and column.key not in positions]
    if missing:
        problems.append(
            (_("Trang '%(sheet)s'") % {"sheet": sheet}, _("Thiếu cột: %(columns)s.") % {"columns": ", ".join(missing)})
        )
    return positions


def _records(
    sheet: str, rows: list[tuple], columns: tuple[Column, ...], positions: dict[str, int], problems: list
) -> Iterator[tuple[int, dict]]:
    """(row number, record) for each non-empty row; empty cells are left out so defaults apply."""
    for number, values in enumerate(rows[1:], start=2):
        if all(_blank(value) for value in values):
            continue
        record = {}
        for column in columns:
            index = positions.get(column.key)
            value = values[index] if index is not None and index < len(values) else None
            if _blank(value):
                continue
            try:
                record[column.key] = _value(column, value)
            except Invalid as error:
                problems.append((_row_location(sheet, number), f"{column.label}: {error}."))
        yield number, record


def _to_catalog(sheets: dict[str, list[tuple]]) -> _Conversion:
    conversion = _Conversion(data={"format": FORMAT, "version": VERSION, "fields": [], "procedures": []})
    data, problems = conversion.data, conversion.problems
    if not sheets.get(PROCEDURES_SHEET):
        problems.append((_("Tệp"), _("Thiếu trang '%(sheet)s'.") % {"sheet": PROCEDURES_SHEET}))
        return conversion
    # An absent or empty sheet simply has no rows; a sheet without a required column is unusable.
    layout = [
        (key, sheet, columns, sheets[sheet], _positions(sheet, sheets[sheet][0], columns, problems))
        for key, sheet, columns in SHEET_LAYOUT
        if sheets.get(sheet)
    ]
    if problems:
        return conversion
    for key, sheet, columns, rows, positions in layout:
        if key in CHILD_COLUMNS:
            continue
        for number, record in _records(sheet, rows, columns, positions, problems):
            conversion.rows[(key, len(data[key]))] = (sheet, number)
            data[key].append(record)
    index_of: dict[str, int] = {}
    for index, record in enumerate(data["procedures"]):
        index_of.setdefault(str(record.get("code", "")).strip(), index)
    for key, sheet, columns, rows, positions in layout:
        if key not in CHILD_COLUMNS:
            continue
        for number, record in _records(sheet, rows, columns, positions, problems):
            code = str(record.pop(PROCEDURE_LINK.key, "")).strip()
            if not code or code not in index_of:
                unknown = {"code": code, "sheet": PROCEDURES_SHEET}
                message = (
                    _("Mã thủ tục “%(code)s” không có trong trang '%(sheet)s'.") % unknown if code else _("Thiếu mã thủ tục.")
                )
                problems.append((_row_location(sheet, number), message))
                continue
            children = data["procedures"][index_of[code]].setdefault(key, [])
            conversion.rows[("procedures", index_of[code], key, len(children))] = (sheet, number)
            children.append(record)
    return conversion


def import_xlsx(file: str | FilePath | BinaryIO, *, publish: bool = True, dry_run: bool = False) -> ImportReport:
    """Import a catalog workbook through the same checks and writes as import_catalog."""
    try:
        sheets = spreadsheets.read_sheets(file)
    except Exception:  # noqa: BLE001
        # A damaged file fails inside openpyxl in many ways (zip, XML, missing parts); all mean the same to the user.
        message = _("Không đọc được tệp: đây không phải tệp Excel (.xlsx) hợp lệ hoặc tệp đã hỏng.")
        return ImportReport(errors=[(_("Tệp"), message)], dry_run=dry_run)
    conversion = _to_catalog(sheets)
    # Rows that could not be read still leave the rest to check; forcing a dry run writes nothing.
    report = import_catalog(
        conversion.data, publish=publish, dry_run=dry_run or bool(conversion.problems), locator=conversion.locate
    )
    if conversion.problems:
        return ImportReport(errors=conversion.problems + report.errors, dry_run=dry_run)
    return report
