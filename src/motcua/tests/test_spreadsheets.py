"""Every workbook the project writes keeps what people typed as text (motcua/spreadsheets.py).

The helper first, then the whole site: no module but the helper creates or opens a workbook,
every function that creates one is run here, and each is run on a world where every text
column people fill in (agencies, catalog, dossiers) holds text a spreadsheet program would
run: no formula and no error value in any file holds any of it.
"""

import ast
from datetime import datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from openpyxl import load_workbook

from motcua import spreadsheets
from motcua.accounts.models import Role
from motcua.agencies.models import Agency
from motcua.catalog.interchange import export_xlsx
from motcua.catalog.models import Field
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.tests.conftest import MONDAY_MORNING, World
from motcua.printforms.register import Register, register_xlsx
from motcua.reports.export import report_xlsx
from motcua.reports.selectors import GROUPINGS, count_rows, report_for
from motcua.tests.spreadsheets import HOSTILE, assert_typed_text_stays_text, xml_cells

PACKAGE = Path(spreadsheets.__file__).parent


def written(values) -> bytes:
    workbook = spreadsheets.new_workbook()
    spreadsheets.append(workbook.create_sheet("Trang"), values)
    return spreadsheets.to_bytes(workbook)


# The helper ------------------------------------------------------------------------------


def test_text_is_written_as_text_whatever_it_starts_with():
    assert_typed_text_stays_text(written(HOSTILE), HOSTILE)


def test_a_single_cell_is_written_as_text_too():
    workbook = spreadsheets.new_workbook()
    sheet = workbook.create_sheet("Trang")

    spreadsheets.put(sheet, 3, 2, "=1+1")

    assert_typed_text_stays_text(spreadsheets.to_bytes(workbook), ["=1+1"])


def test_numbers_dates_and_empty_cells_keep_their_types():
    content = written([7, Decimal("0.25"), datetime(2026, 3, 2, 8, 0), None, "Trần Thị Lan"])

    row = next(load_workbook(BytesIO(content)).active.iter_rows(values_only=True))
    assert row == (7, 0.25, datetime(2026, 3, 2, 8, 0), None, "Trần Thị Lan")
    assert {cell.where: cell.kind for cell in xml_cells(content)} == {
        "sheet1.xml!A1": "n", "sheet1.xml!B1": "n", "sheet1.xml!C1": "n", "sheet1.xml!E1": "inlineStr"
    }


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("=1+1", True), ("+1+1", True), ("-2", True), ("@SUM(A1)", True), ("＝1+1", True), ("\t=1+1", True), (" -2", True),
        ("Trần Thị Lan", False), ("1.001190", False), ("#N/A", False), ("", False),
    ],
)
def test_text_a_spreadsheet_would_take_for_a_formula_when_edited_carries_excels_text_mark(text, marked):
    """The mark (quotePrefix) is what Excel records for text typed after an apostrophe: the
    value stays as typed, and editing the cell does not turn it into a formula."""
    cell = load_workbook(BytesIO(written([text]))).active["A1"]
    assert (cell.value or "", bool(cell.quotePrefix)) == (text, marked)


def test_reading_gives_each_sheets_rows_with_text_as_typed():
    assert spreadsheets.read_sheets(BytesIO(written(["=1+1", 2]))) == {"Trang": [("=1+1", 2)]}


# The site --------------------------------------------------------------------------------


def project_modules() -> dict[str, ast.Module]:
    """The project's modules by dotted name, tests left out."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent)
        if {"tests", "tests_browser"} & set(relative.parts):
            continue
        found[".".join(relative.with_suffix("").parts)] = ast.parse(path.read_text(encoding="utf-8"))
    return found


# Formatting and the type of a sheet; anything else from openpyxl makes or fills workbooks.
HARMLESS = ("openpyxl.styles", "openpyxl.utils", "openpyxl.worksheet.worksheet")


def test_no_module_but_spreadsheets_creates_or_opens_a_workbook():
    imports = {}
    for module, tree in project_modules().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imports.setdefault(module, []).extend(alias.name for alias in node.names if alias.name.startswith("openpyxl"))
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openpyxl"):
                if not node.module.startswith(HARMLESS):
                    imports.setdefault(module, []).append(node.module)
    assert {module: names for module, names in imports.items() if names and module != "motcua.spreadsheets"} == {}


def workbook_makers() -> set[str]:
    """Every function that calls spreadsheets.new_workbook, by its dotted name."""
    makers = set()
    for module, tree in project_modules().items():
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                calls = (node.func for node in ast.walk(function) if isinstance(node, ast.Call))
                if any(isinstance(call, ast.Attribute) and call.attr == "new_workbook" for call in calls):
                    makers.add(f"{module}.{function.name}")
    return makers - {"motcua.spreadsheets.new_workbook"}


def _register(world: World) -> list[bytes]:
    agency, field = Agency.objects.get(pk=world.commune.pk), Field.objects.get(pk=world.version.field_id)
    params = {"agency": agency.code, "field": field.code, "from": "2026-03-01", "to": "2026-03-31"}
    return [register_xlsx(Register.from_query(world.staff[Role.RECEPTION], params))]


def _report(world: World) -> list[bytes]:
    leader = world.district_staff[Role.LEADER]
    return [report_xlsx(count_rows(report_for(leader, {"ky": "2026-03", "theo": grouping}))) for grouping in GROUPINGS]


# What to run for each function that creates a workbook: the files it ends up in.
EXPORTS = {
    "motcua.printforms.register.register_xlsx": _register,
    "motcua.reports.export._xlsx": _report,
    "motcua.catalog.interchange.xlsx.export_xlsx": lambda world: [export_xlsx()],
}


def test_every_function_that_creates_a_workbook_is_run_here():
    assert workbook_makers() == set(EXPORTS), "a new export: write its cells with motcua.spreadsheets and add it to EXPORTS"


def typed_columns() -> list[tuple[type[models.Model], models.Field]]:
    """Every text column, free text or code, but those holding one of the program's choices."""
    return [
        (model, field)
        for label in ("agencies", "catalog", "dossiers")
        for model in apps.get_app_config(label).get_models()
        if model is not DossierEvent  # the history is never rewritten (a trigger refuses it)
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and not field.choices
    ]


@pytest.fixture
def typed_world(db) -> tuple[World, list[str]]:
    """The dossiers' world with dossiers in March 2026, then every typed column of every row
    overwritten with a formula of its own (what openpyxl, written to directly, stores as one;
    the other ways text can go wrong are the helper's tests above); returns the world and those texts."""
    world = World()
    world.receive()
    world.receive(version=world.transfer_version, at=MONDAY_MORNING.replace(day=3))
    texts = []
    for model, field in typed_columns():
        for pk in model.objects.values_list("pk", flat=True):
            text = f"=SUM({len(texts)})"  # short enough for every column, and no text holds another
            model.objects.filter(pk=pk).update(**{field.attname: text})
            texts.append(text)
    return world, texts


@pytest.mark.parametrize("maker", sorted(EXPORTS))
def test_no_export_stores_typed_text_as_a_formula(typed_world, maker):
    world, texts = typed_world
    for content in EXPORTS[maker](world):
        shown = " ".join(cell.text for cell in xml_cells(content))
        typed = [text for text in texts if text in shown]
        assert typed, "the export shows nothing typed"
        assert_typed_text_stays_text(content, typed)
