"""Mẫu 06: the register of one agency, one field and one period, as PDF and spreadsheet."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook

from motcua.accounts.models import Role
from motcua.agencies.models import Agency
from motcua.catalog.models import Field, ProcedureVersion
from motcua.catalog.tests.factories import ProcedureVersionFactory
from motcua.printforms import forms
from motcua.printforms.register import BadQuery, NotYourAgency, Register, register_xlsx
from motcua.printforms.tests.conftest import MONDAY_MORNING, pdf_pages, pdf_text, vn
from motcua.tests.spreadsheets import HYPERLINK, assert_typed_text_stays_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def march(world):
    """Three dossiers in the field in March, one in April, one of another field in March."""
    in_march = [world.receive(at=MONDAY_MORNING + timedelta(days=offset)) for offset in (0, 1, 2)]
    april = world.receive(at=vn(2026, 4, 1, 9, 0))
    other_field = ProcedureVersionFactory(procedure__owner=world.commune, agencies=[world.commune])
    elsewhere = world.receive(version=other_field, at=MONDAY_MORNING)
    return {"in_march": in_march, "april": april, "other_field": elsewhere}


def query(world, **changes):
    return {"agency": world.commune.code, "field": world.version.field.code, "from": "2026-03-01", "to": "2026-03-31", **changes}


def test_the_register_holds_the_fields_dossiers_received_in_the_period(world, march):
    register = Register.from_query(world.staff[Role.HANDLER], query(world))
    assert [d.code for d in register.dossiers] == [d.code for d in march["in_march"]]


def test_the_last_day_counts_until_midnight_in_vietnam(world):
    late_evening = world.receive(at=vn(2026, 3, 31, 16, 30))
    register = Register.from_query(world.staff[Role.HANDLER], query(world, to="2026-03-31"))
    assert late_evening in register.dossiers
    next_month = Register.from_query(world.staff[Role.HANDLER], query(world, **{"from": "2026-04-01", "to": "2026-04-30"}))
    assert late_evening not in next_month.dossiers


def test_dates_may_also_be_written_the_vietnamese_way(world, march):
    register = Register.from_query(world.staff[Role.HANDLER], query(world, **{"from": "01/03/2026", "to": "31/03/2026"}))
    assert (register.start, register.end) == (date(2026, 3, 1), date(2026, 3, 31))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"agency": ""}, "Thiếu mã cơ quan"),
        ({"field": ""}, "Thiếu mã lĩnh vực"),
        ({"from": ""}, "Thiếu ngày bắt đầu"),
        ({"to": "31-02-2026"}, "không phải một ngày hợp lệ"),
        ({"from": "2026-04-01"}, "Ngày kết thúc phải từ ngày bắt đầu trở đi"),
        ({"from": "2025-01-01"}, "tối đa một năm"),
        ({"field": "khong-co"}, "Không có lĩnh vực mã"),
    ],
)
def test_bad_queries_are_refused_with_a_reason(world, changes, message):
    with pytest.raises(BadQuery, match=message):
        Register.from_query(world.staff[Role.HANDLER], query(world, **changes))


def test_only_agencies_where_the_official_holds_a_role(world):
    with pytest.raises(NotYourAgency):
        Register.from_query(world.stranger[Role.LEADER], query(world))
    with pytest.raises(NotYourAgency):
        Register.from_query(world.staff[Role.LEADER], query(world, agency="999.99.99.H56"))


def test_the_spreadsheet_has_one_row_per_dossier_of_the_period(world, march):
    register = Register.from_query(world.staff[Role.RECEPTION], query(world))
    sheet = load_workbook(BytesIO(register_xlsx(register))).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows.index(tuple(Register.COLUMNS))
    lines = [row for row in rows[header + 1 :] if any(row)]
    assert [line[1] for line in lines] == [d.code for d in march["in_march"]]
    first = lines[0]
    assert first[0] == 1
    assert first[2] == world.version.name
    assert first[4].startswith("Trần Thị Lan")
    assert first[5] == "UBND phường Phú Cường"
    assert first[6].strftime("%d/%m/%Y %H:%M") == "02/03/2026 08:00"  # Vietnamese wall-clock time
    assert first[9] == "Trực tiếp tại bộ phận một cửa"


def test_what_people_typed_is_written_as_text_never_as_a_formula(world):
    """Applicants, officials and catalog editors typed the names in the register: a spreadsheet
    program must show them as typed, not run them (=HYPERLINK would send a click elsewhere)."""
    hyperlink, plus, at_sign, full_width, error_value = HYPERLINK, "+1+1", "@SUM(A1)", "＝1+1", "#N/A"
    Agency.objects.filter(pk=world.commune.pk).update(name=error_value)
    Field.objects.filter(pk=world.version.field_id).update(name=full_width)
    ProcedureVersion.objects.filter(pk=world.version.pk).update(name=at_sign)
    world.receive(applicant=world.applicant(name=hyperlink, address=plus, phone="+84912345678"))
    world.receive(applicant=world.applicant(name=plus, address="", phone=""))

    content = register_xlsx(Register.from_query(world.staff[Role.RECEPTION], query(world)))

    assert_typed_text_stays_text(content, [hyperlink, plus, at_sign, full_width, error_value])
    sheet = load_workbook(BytesIO(content)).active
    assert sheet["A2"].value.startswith(f"{error_value} – Lĩnh vực: {full_width} – ")
    first, second = ([cell.value for cell in row] for row in sheet.iter_rows(min_row=5, max_col=6))
    assert first[2:] == [at_sign, 1, f"{hyperlink}, {plus}, +84912345678", error_value]
    assert second[4] == plus
    # What the program counts stays a number.
    assert (first[0], second[0]) == (1, 2) and sheet["D5"].data_type == "n"


def test_characters_a_spreadsheet_cannot_hold_do_not_stop_the_register(world):
    """A control character pasted into a name has no place in a workbook's XML: it is shown as
    the replacement character, and the register is still written for everyone else's dossiers."""
    world.receive(applicant=world.applicant(name="Trần\x0bThị\x01 Lan"))

    sheet = load_workbook(BytesIO(register_xlsx(Register.from_query(world.staff[Role.RECEPTION], query(world))))).active

    assert sheet["E5"].value.startswith("Trần\ufffdThị\ufffd Lan, ")


def test_the_pdf_register_is_a4_landscape_and_lists_the_dossiers(world, march):
    register = Register.from_query(world.staff[Role.RECEPTION], query(world))
    content = forms.register_pdf(register)
    width, height = pdf_pages(content)[0].get_size()
    assert (round(width), round(height)) == (842, 595)
    text = pdf_text(content)
    assert "SỔ THEO DÕI HỒ SƠ" in text
    assert f"Lĩnh vực: {world.version.field.name}" in text
    assert "từ ngày 01/03/2026 đến ngày 31/03/2026" in text
    for dossier in march["in_march"]:
        assert dossier.code in text
    assert march["april"].code not in text and march["other_field"].code not in text


def test_an_empty_period_says_so(world):
    register = Register.from_query(world.staff[Role.RECEPTION], query(world))
    assert "Không có hồ sơ nào trong thời gian này." in pdf_text(forms.register_pdf(register))


def test_a_long_register_runs_onto_numbered_pages_repeating_the_header(world):
    for minute in range(30):
        world.receive(at=vn(2026, 3, 2, 8, minute))
    register = Register.from_query(world.staff[Role.RECEPTION], query(world))
    pages = pdf_pages(forms.register_pdf(register))
    assert len(pages) >= 2
    second = " ".join(pages[1].get_textpage().get_text_range().split())
    assert "Mã hồ sơ" in second and "Trang 2" in second
    assert sum(" ".join(p.get_textpage().get_text_range().split()).count("000.01.01.H56-260302-") for p in pages) == 30
