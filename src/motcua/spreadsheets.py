"""Excel workbooks (.xlsx) in and out: the only place one is made or opened, so that text stays text.

openpyxl stores a str that begins with "=" as a formula and one such as "#N/A" as an error
value, and a spreadsheet program runs the formula when an official opens the file: an
applicant named =HYPERLINK("http://…","Bấm vào đây") becomes a link, =WEBSERVICE(…) sends the
sheet away. Names, addresses, procedure names, codes, notes: whatever a person typed reaches
our spreadsheets. So every str written here becomes a text cell (t="inlineStr"), whatever it
starts with, and reads exactly as typed; numbers, dates and empty cells keep their types, so
counts and totals stay numbers. No export holds a formula of its own yet; one that needs it
would set that cell's value through openpyxl, from the program's text alone.

Exporters take a workbook from `new_workbook`, write rows with `append` and single cells with
`put` (openpyxl's own Worksheet.append and cell(value=…) are the unsafe way), style the cells
with openpyxl.styles as they like, and get the file from `to_bytes`; importers read with
`read_sheets`. motcua/tests/test_spreadsheets.py fails on a module that makes or opens a
workbook without this one, on a new export it does not run, and on any export that stores
typed text as anything but text.
"""

import unicodedata
from collections.abc import Iterable
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet.worksheet import Worksheet

# What starts a formula when text is typed into a cell: Excel and LibreOffice also read "+",
# "-" and "@" so, and an input method may type the full-width forms (＝ ＋ － ＠).
FORMULA_STARTS = frozenset("=+-@")


def new_workbook() -> Workbook:
    """A workbook without sheets: each export adds its own, by name (create_sheet)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def _write(cell: Cell, value) -> Cell:
    if not isinstance(value, str):
        cell.value = value
        return cell
    # XML 1.0 cannot carry control characters other than tab and line breaks: openpyxl would
    # refuse one pasted into a name and fail the whole export. The replacement character
    # shows where it was.
    cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    cell.data_type = "s"  # openpyxl made "=…" a formula and "#N/A" an error
    if unicodedata.normalize("NFKC", value.lstrip()[:1]) in FORMULA_STARTS:
        # Excel's mark for text typed after an apostrophe: not part of the value and not shown
        # in the cell, it keeps the text from becoming a formula when an official edits the cell.
        cell.quotePrefix = True
    return cell


def append(sheet: Worksheet, values: Iterable) -> None:
    """Write `values` as the next row of `sheet`, from column A; every str as text."""
    sheet.append([_write(Cell(sheet), value) for value in values])


def put(sheet: Worksheet, row: int, column: int, value) -> Cell:
    """Write `value` into one cell of `sheet` (a str as text) and return the cell, to style it."""
    return _write(sheet.cell(row=row, column=column), value)


def to_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_sheets(file: str | Path | BinaryIO) -> dict[str, list[tuple]]:
    """Each sheet's title and its rows of values. A formula counts by the value the program
    that saved the file computed, never by its text: what was typed as text is read as text."""
    workbook = load_workbook(file, read_only=True, data_only=True)
    try:
        return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}
    finally:
        workbook.close()
