"""The catalog from the national procedure database: what it changed arrives as a draft, the
province's own part stays, nothing is published before the province approves, and codes the
national database does not know are flagged."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from motcua.accounts.models import User
from motcua.accounts.tests.factories import UserFactory
from motcua.catalog.interchange.exporter import export_catalog, version_content
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.services import publish_version
from motcua.nationalportal import catalog, standin
from motcua.nationalportal.client import PortalClient
from motcua.nationalportal.models import NationalProcedure

Status = ProcedureVersion.Status


@pytest.fixture
def national(world, portal):
    """The national database describing the world's procedures exactly as the province has them."""
    portal.catalog.clear()
    for record in export_catalog()["procedures"]:
        version = Procedure.objects.get(code=record["code"]).current_version()
        portal.catalog[record["code"]] = standin.national_record(record, version.field.name)
    return portal.catalog


def run(codes=None, **options):
    return catalog.import_procedures(PortalClient.from_settings(), codes, **options)


def test_a_catalog_the_national_database_agrees_with_changes_nothing(world, national):
    result = run()
    assert result.report.ok and sorted(result.report.unchanged) == sorted(national)
    assert result.changes == {} and result.unknown == []
    assert not ProcedureVersion.objects.filter(status=Status.DRAFT).exists()
    assert set(NationalProcedure.objects.values_list("code", flat=True)) >= set(national)


def test_what_the_national_database_changed_becomes_a_draft_the_province_publishes(world, national):
    code = world.version.procedure.code
    record = national[code]
    record["CACHTHUCTHUCHIEN"][0]["THOIGIAN"][0]["THOIGIANGIAIQUYET"] = "7"
    record["CACHTHUCTHUCHIEN"][0]["THOIGIAN"][0]["PHILEPHI"] = [
        {"MAPHILEPHI": "LP1", "TENPHILEPHI": "Lệ phí cấp bản sao", "SOTIEN": "12000", "MOTA": "mỗi bản"}
    ]
    record["THANHPHANHOSO"][0]["GIAYTO"].append({"TENGIAYTO": "Giấy ủy quyền", "SOBANCHINH": "1", "SOBANSAO": "0", "BATBUOC": "0"})
    published = world.version

    result = run([code])
    assert result.report.ok and result.report.new_version == [code]
    changed = {what: (before, after) for what, before, after in result.changes[code]}
    assert changed["Thời hạn giải quyết"][1] == "7" and set(changed) == {"Thời hạn giải quyết", "Thành phần hồ sơ", "Phí, lệ phí"}
    # Nothing changes for applicants until the province approves the draft.
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED and published.legal_time != 7
    draft = Procedure.objects.get(code=code).draft_version()
    assert draft.legal_time == 7 and [(fee.name, fee.amount) for fee in draft.fees.all()] == [("Lệ phí cấp bản sao", 12000)]
    assert draft.documents.last().name == "Giấy ủy quyền" and not draft.documents.last().mandatory
    # The province's part is its own: agencies, levels, form and process are those it published.
    before, after = version_content(published), version_content(draft)
    for key in ("agencies", "levels", "online_mode", "form_schema", "steps"):
        assert after[key] == before[key], key
    assert "Giấy ủy quyền" in result.summary() and "chờ công bố" in result.summary()
    # The process no longer fits the legal time: the province adjusts it before publishing.
    assert [code for code, _what in result.report.unfinished] == [code]
    assert "7 ngày" in result.summary()
    with pytest.raises(ValidationError):
        publish_version(version=draft)
    step = draft.steps.get(kind="processing")
    step.quota += 2
    step.save()

    publish_version(version=draft)
    assert Procedure.objects.get(code=code).current_version().legal_time == 7
    assert run([code]).report.unchanged == [code]


def test_a_dry_run_reports_the_changes_and_writes_nothing(world, national):
    code = world.version.procedure.code
    national[code]["TENTTHC"] = "Tên mới theo CSDL quốc gia"
    result = run([code], dry_run=True)
    assert result.report.ok and result.report.new_version == [code] and result.report.dry_run
    assert ("Tên thủ tục", world.version.name, "Tên mới theo CSDL quốc gia") in result.changes[code]
    assert not ProcedureVersion.objects.filter(status=Status.DRAFT).exists()


def test_a_procedure_the_national_database_does_not_list_is_flagged_in_the_catalog_admin(client, world, national):
    missing = world.transfer_version.procedure.code
    del national[missing]
    result = run()
    assert result.unknown == [missing]
    assert missing in result.summary() and "không đồng bộ được" in result.summary()

    client.force_login(UserFactory(username="quantri", kind=User.Kind.OFFICIAL, is_superuser=True, is_staff=True))
    listing = reverse("admin:catalog_procedure_changelist")
    page = client.get(listing).content.decode()
    assert "Không có: hồ sơ không đồng bộ được lên Cổng" in page
    flagged = client.get(listing, {"csdl_quoc_gia": "khong"}).content.decode()
    assert missing in flagged and world.version.procedure.code not in flagged


def test_before_the_national_list_is_read_nothing_is_flagged(client, world):
    client.force_login(UserFactory(username="quantri", kind=User.Kind.OFFICIAL, is_superuser=True, is_staff=True))
    page = client.get(reverse("admin:catalog_procedure_changelist")).content.decode()
    assert "Chưa đối chiếu" in page and "Không có: hồ sơ" not in page


def test_a_procedure_new_to_the_province_takes_the_process_of_a_similar_one(world, national):
    template = national[world.version.procedure.code]
    national["2.000999"] = {**template, "MATTHC": "2.000999", "TENTTHC": "Thủ tục mới của Bộ"}
    refused = run(["2.000999"])
    assert not refused.report.ok and "--like" in refused.summary()

    result = run(["2.000999"], like=world.version.procedure.code)
    assert result.report.ok and result.report.created == ["2.000999"]
    version = Procedure.objects.get(code="2.000999").versions.get()
    assert version.status == Status.DRAFT and version.name == "Thủ tục mới của Bộ"
    assert version_content(version)["steps"] == version_content(world.version)["steps"]


def test_an_unreadable_national_record_is_named_and_nothing_is_written(world, national):
    code = world.version.procedure.code
    national[code]["TENTTHC"] = "Tên mới"
    del national[world.transfer_version.procedure.code]["CACHTHUCTHUCHIEN"]
    result = run(sorted(national))
    assert not result.report.ok
    assert any("CACHTHUCTHUCHIEN" in what for _where, what in result.report.errors)
    assert not ProcedureVersion.objects.filter(status=Status.DRAFT).exists()


def test_the_command_prints_the_changes_and_refuses_without_the_link(world, national, settings):
    national[world.version.procedure.code]["YEUCAU"] = "Yêu cầu mới"
    out = io.StringIO()
    call_command("import_national_catalog", "--dry-run", stdout=out)
    assert "Yêu cầu, điều kiện" in out.getvalue() and "Chạy thử" in out.getvalue()
    settings.NATIONAL_PORTAL_URL = ""
    with pytest.raises(CommandError, match="chưa được cấu hình"):
        call_command("import_national_catalog")
