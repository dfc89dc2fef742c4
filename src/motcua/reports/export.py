"""The periodic report as officials file it: a spreadsheet with merged two-level headers and
the column numbers under them, and the same table on A4 landscape as PDF. Both are always in
Vietnamese, whatever language the screen is in: they are official papers."""

from django.utils import timezone, translation
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from motcua import spreadsheets
from motcua.printforms import formatting as fmt
from motcua.printforms import layout
from motcua.printforms.layout import Document, Styles, text
from motcua.reports.figures import FIGURES
from motcua.reports.selectors import GROUPINGS, Report

FIRST_FIGURE_COLUMN = 3  # after STT and the row's name


def header_groups() -> list[tuple[str, int, int]]:
    """(group label, first column, last column) for the merged top header row."""
    groups: list[tuple[str, int, int]] = []
    for index, figure in enumerate(FIGURES, start=FIRST_FIGURE_COLUMN):
        if groups and groups[-1][0] == str(figure.group):
            groups[-1] = (groups[-1][0], groups[-1][1], index)
        else:
            groups.append((str(figure.group), index, index))
    return groups


def filename(report: Report) -> str:
    scope = report.agency.code if report.agency else "tong-hop"
    return f"tinh-hinh-giai-quyet-tthc-{scope}-{report.period.key.replace('..', '-')}-{report.grouping}"


def _lines(report: Report) -> list[list]:
    lines = [[index, row.label, *(row.values[f.key] for f in FIGURES)] for index, row in enumerate(report.rows, start=1)]
    lines.append(["", "Tổng cộng", *(report.total[f.key] for f in FIGURES)])
    return lines


def report_xlsx(report: Report) -> bytes:
    with translation.override("vi"):
        return _xlsx(report)


def _xlsx(report: Report) -> bytes:
    workbook = spreadsheets.new_workbook()
    sheet = workbook.create_sheet("Tình hình giải quyết TTHC")
    last_column = FIRST_FIGURE_COLUMN + len(FIGURES) - 1
    bold, thin = Font(bold=True), Side(style="thin")
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)

    spreadsheets.append(sheet, [report.title.upper()])
    spreadsheets.append(sheet, [f"{report.scope_label} – {report.period.label}"])
    spreadsheets.append(sheet, [f"Số liệu tính đến {fmt.short_moment(report.as_of)}"])
    for row in (1, 2, 3):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_column)
        sheet.cell(row=row, column=1).alignment = centred
    sheet["A1"].font = Font(bold=True, size=14)

    top, sub, numbers = 5, 6, 7
    spreadsheets.put(sheet, top, 1, "STT")
    spreadsheets.put(sheet, top, 2, str(GROUPINGS[report.grouping]))
    for column in (1, 2):
        sheet.merge_cells(start_row=top, start_column=column, end_row=sub, end_column=column)
    for label, first, last in header_groups():
        spreadsheets.put(sheet, top, first, label)
        if last > first:
            sheet.merge_cells(start_row=top, start_column=first, end_row=top, end_column=last)
    for column, figure in enumerate(FIGURES, start=FIRST_FIGURE_COLUMN):
        spreadsheets.put(sheet, sub, column, str(figure.label))
    for column in range(1, last_column + 1):
        spreadsheets.put(sheet, numbers, column, f"({column})")
    for line in _lines(report):
        spreadsheets.append(sheet, line)
    for row in sheet.iter_rows(min_row=top, max_row=sheet.max_row, max_col=last_column):
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            if cell.row <= numbers:
                cell.font, cell.alignment = bold, centred
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 42
    for column in range(FIRST_FIGURE_COLUMN, last_column + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 11
    sheet.row_dimensions[sub].height = 32
    sheet.freeze_panes = sheet.cell(row=numbers + 1, column=FIRST_FIGURE_COLUMN)
    return spreadsheets.to_bytes(workbook)


def report_pdf(report: Report) -> bytes:
    with translation.override("vi"):
        return _pdf(report)


def _pdf(report: Report) -> bytes:
    document = Document(pagesize=layout.A4_LANDSCAPE, title=report.title, subject=report.period.label)
    styles, cell = Styles(9), Styles(7)
    agency = report.agency or (report.scope[0] if len(report.scope) == 1 else None)
    story = [
        layout.header(
            styles, document.frame_width, agency_lines=[agency.name if agency else ""], number="",
            dated=fmt.dated_at("", timezone.now()).lstrip(", "),
        ),
        Spacer(1, 3 * mm),
        text(report.title.upper(), styles.title),
        text(f"{report.scope_label} – {report.period.label}", styles.centre),
        text(f"Số liệu tính đến {fmt.short_moment(report.as_of)}", styles.centre),
        Spacer(1, 3 * mm),
    ]
    top = [text("STT", cell.small_heading), text(str(GROUPINGS[report.grouping]), cell.small_heading)]
    top += [""] * len(FIGURES)
    spans = [("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1))]
    for label, first, last in header_groups():
        top[first - 1] = text(label, cell.small_heading)
        spans.append(("SPAN", (first - 1, 0), (last - 1, 0)))
    sub = ["", "", *(text(str(f.label), cell.small_heading) for f in FIGURES)]
    numbers = [text(f"({n})", cell.small_centre) for n in range(1, len(FIGURES) + 3)]
    rows = [top, sub, numbers]
    for line in _lines(report):
        rows.append([text(line[0], cell.small_centre), text(line[1], cell.small), *(text(v, cell.small_centre) for v in line[2:])])
    figure_width = (document.frame_width - 8 * mm - 52 * mm) / len(FIGURES)
    table = layout.grid(rows, [8 * mm, 52 * mm, *[figure_width] * len(FIGURES)], header_rows=3)
    table.setStyle(spans)
    story.append(table)
    return document.render(story)
