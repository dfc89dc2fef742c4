import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from motcua.catalog.interchange import export_catalog, import_catalog
from motcua.catalog.models import Field, Procedure, ProcedureVersion

SAMPLE_PATH = Path(__file__).parents[1] / "samples" / "catalog-sample.json"


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def clear_catalog() -> None:
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    Field.objects.all().delete()


@pytest.fixture
def sample_file(tmp_path, sample):
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(sample, ensure_ascii=False), encoding="utf-8")
    return path


def test_import_reports_what_it_did(sample_file, sample_agencies):
    output = run("import_catalog", str(sample_file))

    assert "Thủ tục mới: 3" in output and "Thủ tục không thay đổi: 0" in output
    assert Procedure.objects.count() == 3
    assert "Thủ tục không thay đổi: 3" in run("import_catalog", str(sample_file))


def test_import_with_no_publish_keeps_drafts(sample_file, sample_agencies):
    run("import_catalog", str(sample_file), "--no-publish")

    assert set(ProcedureVersion.objects.values_list("status", flat=True)) == {ProcedureVersion.Status.DRAFT}


def test_a_dry_run_writes_nothing(sample_file, sample_agencies):
    output = run("import_catalog", str(sample_file), "--dry-run")

    assert "Thủ tục mới: 3" in output and "Chạy thử" in output
    assert Procedure.objects.count() == 0


def test_a_bad_file_fails_with_every_error_and_writes_nothing(tmp_path, sample, sample_agencies):
    sample["procedures"][1]["time_unit"] = "hours"
    sample["procedures"][2]["steps"][3]["kind"] = "deliver"
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(sample), encoding="utf-8")

    with pytest.raises(CommandError) as failure:
        run("import_catalog", str(path))

    message = str(failure.value)
    assert message.startswith("Có 2 lỗi, chưa ghi gì vào hệ thống:")
    assert "- thủ tục 2 (1.000894): Đơn vị thời hạn (time_unit): “hours” không hợp lệ" in message
    assert "- thủ tục 3 (1.001193), bước 4: Loại bước (kind): “deliver” không hợp lệ" in message
    assert Procedure.objects.count() == 0


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("catalog.json", b'{"format": "motcua-catalog",\n "version": }', "Không đọc được JSON: dòng 2, cột 13."),
        ("catalog.json", '{"format": "Đ"}'.encode("cp1258"), "Tệp JSON phải mã hóa UTF-8."),
        ("catalog.xlsx", b"not a workbook", "Không đọc được tệp: đây không phải tệp Excel (.xlsx) hợp lệ"),
        ("catalog.csv", b"code;name", "Chỉ nhận tệp .json hoặc .xlsx"),
    ],
)
def test_an_unreadable_file_fails_with_a_clear_message(db, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(CommandError, match=re.escape(message)):
        run("import_catalog", str(path))


def test_a_missing_file_fails_with_a_clear_message(db, tmp_path):
    with pytest.raises(CommandError, match="Không mở được tệp"):
        run("import_catalog", str(tmp_path / "missing.json"))


@pytest.mark.parametrize(
    "name, extra, kind",
    [("catalog.json", [], "json"), ("catalog.xlsx", [], "xlsx"), ("catalog.dat", ["--format", "xlsx"], "xlsx")],
)
def test_export_then_import_into_a_clean_catalog_gives_it_back(tmp_path, sample, sample_agencies, name, extra, kind):
    import_catalog(sample)
    exported = export_catalog()
    path = tmp_path / name

    assert "Đã xuất danh mục ra" in run("export_catalog", str(path), *extra)

    assert path.read_bytes().startswith(b"PK") == (kind == "xlsx")
    if kind == "json":
        assert json.loads(path.read_text(encoding="utf-8")) == exported
    clear_catalog()
    if name.endswith(".dat"):
        path = path.rename(path.with_suffix(".xlsx"))
    assert "Thủ tục mới: 3" in run("import_catalog", str(path))
    assert export_catalog() == exported


def test_export_to_a_folder_that_does_not_exist_fails_clearly(db, tmp_path):
    with pytest.raises(CommandError, match="Không ghi được tệp"):
        run("export_catalog", str(tmp_path / "missing" / "catalog.json"))


def test_the_sample_file_in_the_repository_imports(sample_agencies):
    assert "Thủ tục mới: 3" in run("import_catalog", str(SAMPLE_PATH), "--dry-run")
