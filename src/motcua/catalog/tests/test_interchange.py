import copy
import json
import zipfile
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from motcua.accounts.models import Role
from motcua.agencies.models import Agency
from motcua.agencies.tests.factories import AgencyFactory
from motcua.catalog.interchange import export_catalog, export_xlsx, import_catalog, import_xlsx
from motcua.catalog.models import Fee, Field, Procedure, ProcedureVersion, ProcessStep, RequiredDocument
from motcua.catalog.tests.factories import FieldFactory, ProcedureVersionFactory
from motcua.tests.spreadsheets import HYPERLINK, assert_typed_text_stays_text

Kind = ProcessStep.Kind
Status = ProcedureVersion.Status
SAMPLE_CODES = ["1.000656", "1.000894", "1.001193"]


def clear_catalog() -> None:
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    Field.objects.all().delete()


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Field, Procedure, ProcedureVersion, RequiredDocument, ProcessStep))


def assert_reported(report, location: str, fragment: str) -> None:
    assert not report.ok
    assert any(where == location and fragment in what for where, what in report.errors), report.errors


def workbook_bytes(workbook: Workbook) -> BytesIO:
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def edited(content: bytes, *changes: tuple[str, int, str, object]) -> BytesIO:
    """`content` with each (sheet, row, header, value) written into the workbook."""
    workbook = load_workbook(BytesIO(content))
    for sheet_name, row, header, value in changes:
        sheet = workbook[sheet_name]
        column = [cell.value for cell in sheet[1]].index(header) + 1
        sheet.cell(row, column).value = value
    return workbook_bytes(workbook)


@pytest.fixture
def varied_catalog(db):
    """Procedures that use every kind of value the format carries."""
    district = AgencyFactory(level=Agency.Level.DISTRICT)
    commune = AgencyFactory()
    transfer_steps = [
        (Kind.RECEPTION, "Tiếp nhận", Role.RECEPTION, "mot-cua", "0.5"),
        (Kind.TRANSFER, "Chuyển UBND huyện", Role.HANDLER, "", "0"),
        (Kind.PROCESSING, "Thẩm định", Role.HANDLER, "dia-chinh", "20"),
        (Kind.APPROVAL, "Ký", Role.LEADER, "", "1.25"),
        (Kind.RETURN, "Trả kết quả", Role.RECEPTION, "mot-cua", "0.25"),
    ]
    ProcedureVersionFactory(
        procedure__code="2.002622.H56",
        procedure__owner=district,
        agencies=[district, commune],
        levels=[ProcedureVersion.Level.DISTRICT, ProcedureVersion.Level.COMMUNE],
        time_unit=ProcedureVersion.TimeUnit.CALENDAR_DAYS,
        legal_time=Decimal("30"),
        legal_basis="=Điều 5 Nghị định 43/2014/NĐ-CP",  # would turn into a formula in a careless workbook
        requirements="Có giấy tờ về quyền sử dụng đất.\nKhông có tranh chấp.",
        deliveries=[ProcedureVersion.Delivery.ONLINE],
        online_mode=ProcedureVersion.OnlineMode.COUNTER,
        form_schema={},
        steps=transfer_steps,
        fees=False,
    )
    ProcedureVersionFactory(procedure__code="1.004227", procedure__owner=commune, fees=120_000)


def test_the_sample_file_imports_and_exports_as_it_is(sample, sample_agencies):
    report = import_catalog(sample)

    assert report.ok, report.errors
    assert report.created == SAMPLE_CODES
    for record in sample["procedures"]:
        record["status"] = Status.PUBLISHED
    assert export_catalog() == sample


def test_json_round_trip_into_a_clean_catalog_reproduces_it(varied_catalog):
    exported = export_catalog()
    clear_catalog()

    report = import_catalog(json.loads(json.dumps(exported)))

    assert report.ok, report.errors
    assert report.created == ["1.004227", "2.002622.H56"]
    assert export_catalog() == exported
    assert set(ProcedureVersion.objects.values_list("number", "status")) == {(1, Status.PUBLISHED)}


def test_xlsx_round_trip_into_a_clean_catalog_reproduces_it(varied_catalog):
    exported = export_catalog()
    content = export_xlsx()
    clear_catalog()

    report = import_xlsx(BytesIO(content))

    assert report.ok, report.errors
    assert report.created == ["1.004227", "2.002622.H56"]
    assert export_catalog() == exported


@pytest.fixture
def typed_catalog(db) -> list[str]:
    """Procedures whose every value typed by a catalog editor is text a spreadsheet program
    would run, or read as something else, if it were stored as typed; returns those values."""
    first = ProcedureVersionFactory(
        procedure__code="1.000001",
        field__code="-ho-tich",
        field__name="#N/A",
        name=HYPERLINK,
        legal_basis="+1+1",
        requirements="\r=1+1\nKhông có tranh chấp.",
        result_description="@SUM(A1)",
        fees=False,
    )
    RequiredDocument.objects.filter(version=first, order=1).update(name="＝1+1")
    Fee.objects.create(version=first, name="=1+1", amount=8000, note="-2")
    ProcessStep.objects.filter(version=first, order=1).update(name="\t=1+1", division_code="-mot-cua")
    ProcedureVersionFactory(procedure__code="1.000002", name="- Cấp đổi giấy phép")
    return [
        "-ho-tich", "#N/A", HYPERLINK, "+1+1", "\r=1+1\nKhông có tranh chấp.", "@SUM(A1)", "＝1+1", "=1+1", "-2", "\t=1+1",
        "-mot-cua", "- Cấp đổi giấy phép",
    ]


def test_xlsx_keeps_typed_values_as_text_and_reads_them_back_unchanged(typed_catalog):
    exported = export_catalog()
    content = export_xlsx()

    assert_typed_text_stays_text(content, typed_catalog)
    clear_catalog()
    report = import_xlsx(BytesIO(content))

    assert report.ok, report.errors
    assert report.created == ["1.000001", "1.000002"]
    assert export_catalog() == exported


@pytest.mark.parametrize("through_xlsx", [False, True], ids=["json", "xlsx"])
def test_importing_the_same_catalog_twice_changes_nothing_the_second_time(sample, sample_agencies, through_xlsx):
    import_catalog(sample)
    versions = list(ProcedureVersion.objects.values_list("pk", "number", "status", "published_at"))

    report = import_xlsx(BytesIO(export_xlsx())) if through_xlsx else import_catalog(sample)

    assert report.ok, report.errors
    assert (report.created, report.new_version, report.unchanged) == ([], [], SAMPLE_CODES)
    assert list(ProcedureVersion.objects.values_list("pk", "number", "status", "published_at")) == versions


def test_changed_content_becomes_a_new_published_version_and_the_old_one_stays_intact(sample, sample_agencies):
    import_catalog(sample)
    first = ProcedureVersion.objects.get(procedure__code="1.001193")
    first.documents.filter(order=1).update(template="catalog/templates/to-khai-khai-sinh.docx")
    rows_of_first = {
        "documents": list(first.documents.values_list("pk", "name", "template")),
        "fees": list(first.fees.values_list("pk", "name", "amount")),
        "steps": list(first.steps.values_list("pk", "kind", "quota")),
    }
    births = sample["procedures"][2]
    births["name"] = "Đăng ký khai sinh (sửa đổi)"
    births["steps"][1]["quota"] = "0.5"
    births["steps"][2]["quota"] = "0"
    births["fees"].pop()

    report = import_catalog(sample)

    assert (report.created, report.new_version, report.unchanged) == ([], ["1.001193"], ["1.000656", "1.000894"])
    first.refresh_from_db()
    assert first.status == Status.SUPERSEDED and first.name == "Đăng ký khai sinh"
    assert rows_of_first == {
        "documents": list(first.documents.values_list("pk", "name", "template")),
        "fees": list(first.fees.values_list("pk", "name", "amount")),
        "steps": list(first.steps.values_list("pk", "kind", "quota")),
    }
    second = Procedure.objects.get(code="1.001193").current_version()
    assert (second.number, second.name, second.fees.count()) == (2, "Đăng ký khai sinh (sửa đổi)", 1)
    assert [step.quota for step in second.steps.all()] == [Decimal("0.25"), Decimal("0.5"), Decimal("0"), Decimal("0.25")]
    # Template files do not travel in the file: the document with the same name keeps its own.
    assert second.documents.get(order=1).template.name == "catalog/templates/to-khai-khai-sinh.docx"


def test_without_publishing_the_content_waits_in_the_draft(sample, sample_agencies):
    import_catalog(sample)
    sample["procedures"][0]["name"] = "Đăng ký khai tử (dự thảo)"

    first = import_catalog(sample, publish=False)
    again = import_catalog(sample, publish=False)

    assert first.new_version == ["1.000656"] and again.unchanged == SAMPLE_CODES
    procedure = Procedure.objects.get(code="1.000656")
    assert procedure.current_version().name == "Đăng ký khai tử"
    assert (procedure.draft_version().number, procedure.draft_version().name) == (2, "Đăng ký khai tử (dự thảo)")

    published = import_catalog(sample)

    assert published.new_version == ["1.000656"]
    assert procedure.current_version().number == 2 and procedure.draft_version() is None
    assert procedure.versions.count() == 2


def test_a_new_procedure_without_publishing_is_a_draft_and_exported_as_such(sample, sample_agencies):
    report = import_catalog(sample, publish=False)

    assert report.created == SAMPLE_CODES
    assert set(ProcedureVersion.objects.values_list("status", flat=True)) == {Status.DRAFT}
    assert {record["status"] for record in export_catalog()["procedures"]} == {Status.DRAFT}


def test_a_new_owner_is_recorded_without_a_new_version(sample, sample_agencies):
    import_catalog(sample)
    sample["procedures"][1]["owner"] = sample_agencies[1].code

    report = import_catalog(sample)

    assert report.owner_changed == ["1.000894"] and report.unchanged == SAMPLE_CODES
    assert Procedure.objects.get(code="1.000894").owner == sample_agencies[1]
    assert ProcedureVersion.objects.count() == 3


def test_fields_may_come_from_the_system_and_be_renamed_by_the_file(sample, sample_agencies):
    FieldFactory(code="ho-tich", name="Hộ tịch, chứng thực")
    without_fields = {**sample, "fields": []}

    assert import_catalog(without_fields).ok
    assert Field.objects.get(code="ho-tich").name == "Hộ tịch, chứng thực"

    report = import_catalog(sample)

    assert report.unchanged == SAMPLE_CODES
    assert Field.objects.get(code="ho-tich").name == "Hộ tịch"


def test_export_prefers_the_published_version_and_can_be_limited(db):
    published = ProcedureVersionFactory(name="Đang áp dụng")
    ProcedureVersionFactory(procedure=published.procedure, number=2, status=Status.DRAFT, name="Bản nháp")
    draft_only = ProcedureVersionFactory(status=Status.DRAFT, name="Chưa công bố")
    ProcedureVersionFactory()

    everything = export_catalog()
    chosen = export_catalog(Procedure.objects.filter(pk__in=[published.procedure_id, draft_only.procedure_id]))

    assert len(everything["procedures"]) == 3
    assert [(record["name"], record["status"]) for record in chosen["procedures"]] == [
        ("Đang áp dụng", Status.PUBLISHED),
        ("Chưa công bố", Status.DRAFT),
    ]
    assert [field["code"] for field in chosen["fields"]] == sorted({published.field.code, draft_only.field.code})


def test_export_takes_the_same_number_of_queries_however_large_the_catalog(db):
    def queries_to_export() -> int:
        with CaptureQueriesContext(connection) as queries:
            export_catalog()
        return len(queries)

    ProcedureVersionFactory.create_batch(2)
    few = queries_to_export()
    ProcedureVersionFactory.create_batch(8)

    assert queries_to_export() == few


# Every kind of mistake in a procedure of the sample (the third: 1.001193, legal time 1 day
# over four steps of 0.25), the place it is reported and a piece of its message.
BAD_PROCEDURES = {
    "code": (lambda p: p.update(code="1.0011"), "thủ tục 3 (1.0011)", "Mã thủ tục (code): Mã thủ tục “1.0011” không đúng dạng"),
    "unknown agency": (
        lambda p: p["agencies"].append("000.77.77.H56"),
        "thủ tục 3 (1.001193)",
        "Cơ quan thực hiện (agencies): không có cơ quan mã “000.77.77.H56”",
    ),
    "malformed agency": (lambda p: p.update(agencies=["H56"]), "thủ tục 3 (1.001193)", "Mã định danh “H56” không đúng dạng"),
    "unknown owner": (
        lambda p: p.update(owner="000.77.77.H56"),
        "thủ tục 3 (1.001193)",
        "Cơ quan quản lý (owner): không có cơ quan mã “000.77.77.H56”",
    ),
    "unknown field": (lambda p: p.update(field="dat-dai"), "thủ tục 3 (1.001193)", "lĩnh vực “dat-dai” không có trong tệp"),
    "level": (lambda p: p.update(levels=["tinh"]), "thủ tục 3 (1.001193)", "Cấp thực hiện (levels): “tinh” không hợp lệ"),
    "no level": (lambda p: p.update(levels=[]), "thủ tục 3 (1.001193)", "Cấp thực hiện phải gồm ít nhất một"),
    "time unit": (lambda p: p.update(time_unit="hours"), "thủ tục 3 (1.001193)", "Đơn vị thời hạn (time_unit): “hours” không hợp lệ"),
    "online mode": (lambda p: p.update(online_mode="level4"), "thủ tục 3 (1.001193)", "Mức độ trực tuyến (online_mode): “level4”"),
    "delivery": (lambda p: p.update(deliveries=["email"]), "thủ tục 3 (1.001193)", "Hình thức nhận kết quả (deliveries): “email”"),
    "legal time": (lambda p: p.update(legal_time="một ngày"), "thủ tục 3 (1.001193)", "Thời hạn giải quyết (legal_time): phải là số ngày"),
    "legal time precision": (lambda p: p.update(legal_time="0.125"), "thủ tục 3 (1.001193)", "Thời hạn giải quyết (legal_time)"),
    "missing name": (lambda p: p.pop("name"), "thủ tục 3 (1.001193)", "Tên thủ tục (name): bắt buộc phải có"),
    "blank name": (lambda p: p.update(name="  "), "thủ tục 3 (1.001193)", "Tên thủ tục (name): không được để trống"),
    "unknown key": (lambda p: p.update(legal_bases="Luật"), "thủ tục 3 (1.001193)", "Khóa không xác định: legal_bases"),
    "form schema": (
        lambda p: p["form_schema"]["fields"][2].pop("choices"),
        "thủ tục 3 (1.001193)",
        "Mẫu đơn trực tuyến (JSON) (form_schema): Trường “gioi_tinh” cần danh sách lựa chọn",
    ),
    "form schema as text": (lambda p: p.update(form_schema="{}"), "thủ tục 3 (1.001193)", "phải là một đối tượng JSON"),
    "documents not a list": (lambda p: p.update(documents={}), "thủ tục 3 (1.001193)", "“documents” phải là một danh sách"),
    "document count": (
        lambda p: p["documents"][0].update(originals=-1),
        "thủ tục 3 (1.001193), thành phần hồ sơ 1",
        "Số bản chính (originals): phải là số nguyên",
    ),
    "document flag": (
        lambda p: p["documents"][1].update(mandatory="yes"),
        "thủ tục 3 (1.001193), thành phần hồ sơ 2",
        "Bắt buộc (mandatory): phải là có hoặc không",
    ),
    "document without any copy": (
        lambda p: p["documents"][0].update(originals=0),
        "thủ tục 3 (1.001193)",
        "phải có ít nhất một bản chính hoặc bản sao",
    ),
    "fee amount": (
        lambda p: p["fees"][1].update(amount="tám nghìn"),
        "thủ tục 3 (1.001193), phí, lệ phí 2",
        "Số tiền (đồng) (amount): phải là số nguyên",
    ),
    "step kind": (lambda p: p["steps"][1].update(kind="sign"), "thủ tục 3 (1.001193), bước 2", "Loại bước (kind): “sign” không hợp lệ"),
    "step role": (lambda p: p["steps"][2].update(role="boss"), "thủ tục 3 (1.001193), bước 3", "Vai trò thực hiện (role): “boss”"),
    "step quota": (lambda p: p["steps"][0].update(quota=-1), "thủ tục 3 (1.001193), bước 1", "Thời gian (ngày) (quota): phải là số ngày"),
    "steps not adding up": (
        lambda p: p["steps"][1].update(quota="2"),
        "thủ tục 3 (1.001193)",
        "Tổng thời gian các bước (2.75 ngày) phải bằng thời hạn giải quyết (1 ngày làm việc).",
    ),
    "no approval": (
        lambda p: (p["steps"].pop(2), p["steps"][1].update(quota="0.5")),
        "thủ tục 3 (1.001193)",
        "Quy trình phải có bước ký duyệt.",
    ),
    "no steps": (lambda p: p.update(steps=[]), "thủ tục 3 (1.001193)", "Chưa khai báo quy trình nội bộ."),
    "transfer without level": (
        lambda p: p["steps"].insert(2, {"kind": "transfer", "name": "Liên thông", "role": "handler", "quota": "0"}),
        "thủ tục 3 (1.001193)",
        "3. Liên thông: Bước liên thông phải có cấp của cơ quan nhận.",
    ),
}


@pytest.mark.parametrize("mistake", BAD_PROCEDURES)
def test_each_mistake_is_reported_at_its_place_and_nothing_is_written(sample, sample_agencies, mistake):
    change, location, fragment = BAD_PROCEDURES[mistake]
    change(sample["procedures"][2])

    report = import_catalog(sample)

    assert_reported(report, location, fragment)
    assert all(where.startswith("thủ tục 3 ") for where, _ in report.errors), report.errors
    assert counts() == (0, 0, 0, 0, 0)


def test_every_mistake_in_the_file_is_listed(sample, sample_agencies):
    sample["procedures"][0]["levels"] = ["xa"]
    sample["procedures"][1]["steps"][0]["role"] = "boss"
    sample["procedures"][1]["fees"][0]["amount"] = -1

    report = import_catalog(sample)

    assert [where for where, _ in report.errors] == [
        "thủ tục 1 (1.000656)",
        "thủ tục 2 (1.000894), phí, lệ phí 1",
        "thủ tục 2 (1.000894), bước 1",
    ]
    assert report.created == [] and counts() == (0, 0, 0, 0, 0)
    assert report.summary().startswith("Có 3 lỗi, chưa ghi gì vào hệ thống:")


def test_a_file_with_any_mistake_leaves_the_catalog_as_it_was(sample, sample_agencies):
    import_catalog(sample)
    before, rows = export_catalog(), counts()
    sample["fields"][0]["name"] = "Hộ tịch (đổi tên)"
    sample["procedures"][0]["name"] = "Đăng ký khai tử (sửa đổi)"
    sample["procedures"][1]["owner"] = sample_agencies[1].code
    sample["procedures"][2]["steps"][0]["kind"] = "sign"

    report = import_catalog(sample)

    assert_reported(report, "thủ tục 3 (1.001193), bước 1", "Loại bước (kind)")
    assert export_catalog() == before and counts() == rows
    assert Procedure.objects.get(code="1.000894").owner == sample_agencies[0]


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(sample, sample_agencies):
    report = import_catalog(sample, dry_run=True)

    assert report.ok and report.created == SAMPLE_CODES
    assert "Chạy thử: chưa ghi gì vào hệ thống." in report.summary()
    assert counts() == (0, 0, 0, 0, 0)


def test_an_agency_that_was_merged_is_refused_naming_its_successor(sample, sample_agencies):
    owner, merged, successor = sample_agencies
    Agency.objects.filter(pk=merged.pk).update(is_active=False, merged_into=successor)

    report = import_catalog(sample)

    assert_reported(
        report,
        "thủ tục 1 (1.000656)",
        "Cơ quan thực hiện (agencies): cơ quan “000.01.31.H56” đã ngừng hoạt động (đã sáp nhập vào 000.02.31.H56).",
    )


def test_a_procedure_code_twice_in_the_file_is_refused(sample, sample_agencies):
    sample["procedures"].append(copy.deepcopy(sample["procedures"][0]))

    report = import_catalog(sample)

    assert report.errors == [("thủ tục 4 (1.000656)", "Mã thủ tục “1.000656” xuất hiện nhiều lần trong tệp.")]


def test_field_mistakes_are_reported_at_the_field(sample, sample_agencies):
    FieldFactory(code="dat-dai", name="Đất đai")
    sample["fields"] += [{"code": "dat-dai-2", "name": "Đất đai"}, {"code": "ho-tich", "name": "Hộ tịch"}, {"code": "Hộ tịch"}]

    report = import_catalog(sample)

    assert_reported(report, "lĩnh vực 2 (dat-dai-2)", "Tên lĩnh vực “Đất đai” đã dùng cho lĩnh vực khác.")
    assert_reported(report, "lĩnh vực 3 (ho-tich)", "Lĩnh vực “ho-tich” xuất hiện nhiều lần trong tệp.")
    assert_reported(report, "lĩnh vực 4 (Hộ tịch)", "Mã lĩnh vực (code): “Hộ tịch” chỉ được gồm")
    assert_reported(report, "lĩnh vực 4 (Hộ tịch)", "Tên lĩnh vực (name): bắt buộc phải có.")
    assert counts() == (1, 0, 0, 0, 0)


@pytest.mark.parametrize(
    "data, message",
    [
        ([], "Tệp không phải danh mục thủ tục"),
        ({"format": "something-else", "version": 1, "procedures": []}, "Tệp không phải danh mục thủ tục"),
        ({"format": "motcua-catalog", "version": 2, "procedures": []}, "Chưa hỗ trợ phiên bản định dạng “2”"),
        ({"format": "motcua-catalog", "version": 1, "procedures": {}}, "“procedures” phải là một danh sách."),
        ({"format": "motcua-catalog", "version": 1, "procedures": [], "exported_by": "x"}, "Khóa không xác định: exported_by."),
    ],
)
def test_a_file_that_is_not_a_catalog_is_refused_as_a_whole(db, data, message):
    report = import_catalog(data)

    assert_reported(report, "Tệp", message)


# XLSX ---------------------------------------------------------------------------------
# The sample workbook, sorted by code: 'Thủ tục' rows 2–4 are 1.000656, 1.000894, 1.001193;
# 'Quy trình' rows 2–5, 6–11, 12–15; 'Thành phần hồ sơ' rows 2–3, 4–5, 6–8; 'Phí, lệ phí' 2, 3, 4–5.


@pytest.fixture
def sample_workbook(sample, sample_agencies) -> bytes:
    import_catalog(sample)
    return export_xlsx()


def test_bad_rows_are_reported_with_their_sheet_and_row_and_nothing_is_written(sample_workbook):
    before, rows = export_catalog(), counts()

    report = import_xlsx(
        edited(
            sample_workbook,
            ("Thủ tục", 2, "Tên thủ tục", "Đăng ký khai tử (sửa đổi)"),
            ("Thủ tục", 3, "Cấp thực hiện", "tinh; commune"),
            ("Thủ tục", 4, "Mẫu đơn trực tuyến (JSON)", "{không phải JSON"),
            ("Quy trình", 13, "Loại bước", "sign"),
            ("Thành phần hồ sơ", 4, "Mã thủ tục", "9.999999"),
            ("Phí, lệ phí", 2, "Số tiền (đồng)", -5),
        )
    )

    assert_reported(report, "Trang 'Thủ tục', dòng 3", "Cấp thực hiện (levels): “tinh” không hợp lệ")
    assert_reported(report, "Trang 'Thủ tục', dòng 4", "Mẫu đơn trực tuyến (JSON) (form_schema): không đọc được JSON")
    assert_reported(report, "Trang 'Quy trình', dòng 13", "Loại bước (kind): “sign” không hợp lệ")
    assert_reported(report, "Trang 'Thành phần hồ sơ', dòng 4", "Mã thủ tục “9.999999” không có trong trang 'Thủ tục'.")
    assert_reported(report, "Trang 'Phí, lệ phí', dòng 2", "Số tiền (đồng) (amount): phải là số nguyên")
    assert len(report.errors) == 5
    assert export_catalog() == before and counts() == rows


def test_a_process_problem_points_at_the_procedure_row(sample_workbook):
    report = import_xlsx(edited(sample_workbook, ("Quy trình", 7, "Thời gian (ngày)", 3)))

    assert report.errors == [
        ("Trang 'Thủ tục', dòng 3", "Tổng thời gian các bước (7.5 ngày) phải bằng thời hạn giải quyết (5 ngày làm việc).")
    ]


def test_a_sheet_without_a_required_column_is_refused(sample_workbook):
    report = import_xlsx(edited(sample_workbook, ("Thủ tục", 1, "Tên thủ tục", "Tên")))

    assert report.errors == [("Trang 'Thủ tục'", "Thiếu cột: Tên thủ tục.")]


def test_a_workbook_without_the_procedure_sheet_is_refused(db):
    workbook = Workbook()
    workbook.active.title = "Sheet"

    report = import_xlsx(workbook_bytes(workbook))

    assert report.errors == [("Tệp", "Thiếu trang 'Thủ tục'.")]


def _zip_of_text() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "không phải bảng tính")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [b"", "Mã thủ tục;Tên thủ tục\n".encode(), _zip_of_text(), "truncated"],
    ids=["empty", "csv", "zip of text", "truncated"],
)
def test_a_file_that_is_not_a_workbook_gets_one_clear_message(sample_workbook, content):
    if content == "truncated":
        content = sample_workbook[: len(sample_workbook) // 2]
    rows = counts()

    report = import_xlsx(BytesIO(content))

    assert report.errors == [("Tệp", "Không đọc được tệp: đây không phải tệp Excel (.xlsx) hợp lệ hoặc tệp đã hỏng.")]
    assert counts() == rows


def test_a_workbook_typed_by_hand_imports_with_defaults(sample_agencies):
    FieldFactory(code="ho-tich", name="Hộ tịch")
    owner, first, second = sample_agencies
    workbook = Workbook()
    procedures = workbook.active
    procedures.title = "Thủ tục"
    # Headers in any order, English keys accepted; optional columns left out.
    procedures.append(["code", "Tên thủ tục", "Cơ quan quản lý", "field", "Cấp thực hiện", "Cơ quan thực hiện",
                       "Thời hạn giải quyết", "Hình thức nhận kết quả"])
    procedures.append([" 1.001193", "Đăng ký khai sinh", owner.code, "ho-tich", "commune",
                       f"{second.code} ;{first.code};", 1, "counter; online"])
    procedures.append([None] * 8)
    documents = workbook.create_sheet("Thành phần hồ sơ")
    documents.append(["Mã thủ tục", "Tên giấy tờ", "Số bản sao", "Bắt buộc"])
    documents.append(["1.001193", "Giấy chứng sinh", "1", "Không"])
    steps = workbook.create_sheet("Quy trình")
    steps.append(["Mã thủ tục", "Loại bước", "Tên bước", "Vai trò thực hiện", "Mã phòng ban", "Thời gian (ngày)"])
    for kind, role in [("reception", "reception"), ("approval", "leader"), ("return", "reception")]:
        steps.append(["1.001193", kind, kind, role, 12, 1 / 3 if kind == "approval" else 0.25])

    assert_reported(import_xlsx(workbook_bytes(workbook)), "Trang 'Quy trình', dòng 3", "Thời gian (ngày) (quota)")
    steps.cell(3, 6).value = 0.5

    report = import_xlsx(workbook_bytes(workbook))

    assert report.ok, report.errors
    version = Procedure.objects.get(code="1.001193").current_version()
    assert sorted(version.agencies.all(), key=lambda agency: agency.code) == [first, second]
    assert (version.time_unit, version.online_mode, version.deliveries) == ("working_days", "partial", ["counter", "online"])
    assert list(version.documents.values_list("name", "originals", "copies", "mandatory")) == [
        ("Giấy chứng sinh", 0, 1, False)
    ]
    assert list(version.steps.values_list("division_code", "quota")) == [
        ("12", Decimal("0.25")), ("12", Decimal("0.5")), ("12", Decimal("0.25"))
    ]
