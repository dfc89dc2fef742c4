"""The report pages: who sees what, drill-down, exports, and bad input answered in words."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from motcua.accounts.models import Role
from motcua.agencies.models import Agency
from motcua.catalog.models import Field, Procedure, ProcedureVersion
from motcua.dossiers import lifecycle
from motcua.reports.tests.conftest import vn
from motcua.tests.spreadsheets import HYPERLINK, assert_typed_text_stays_text

MARCH = {"ky": "2026-03"}


@pytest.fixture
def march(world):
    """Two received in March at the commune, one resolved late, one still open."""
    late = world.counter(vn(2026, 3, 2, 9))
    late = world.resolve(late, late.promised_at + (vn(2026, 3, 3) - vn(2026, 3, 2)))
    open_one = world.counter(vn(2026, 3, 20, 9), channel="post")
    refused = world.submit(vn(2026, 3, 5, 9))
    lifecycle.refuse(dossier=refused, actor=world.staff[Role.RECEPTION], reason="Sai thẩm quyền", at=vn(2026, 3, 5, 10))
    return {"late": late, "open": open_one, "refused": refused}


def page(client, user, name="reports:report", **params):
    client.force_login(user)
    return client.get(reverse(name), params)


class TestWhoSees:
    def test_anonymous_is_sent_to_sign_in(self, client, world):
        response = client.get(reverse("reports:report"), MARCH)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]

    @pytest.mark.parametrize("role", [Role.RECEPTION, Role.HANDLER, Role.DIVISION_HEAD, Role.CLERK])
    def test_staff_without_a_reporting_role_are_refused(self, client, world, role):
        response = page(client, world.staff[role], **MARCH)
        assert response.status_code == 403 and "lãnh đạo" in response.content.decode()

    def test_citizen_is_refused(self, client, world):
        assert page(client, world.citizen, **MARCH).status_code == 403

    def test_leader_of_another_commune_may_not_open_this_one(self, client, world, march):
        response = page(client, world.stranger[Role.LEADER], **MARCH, **{"co-quan": world.commune.code})
        assert response.status_code == 403 and world.commune.name in response.content.decode()

    def test_commune_leader_sees_only_the_commune(self, client, world, march):
        response = page(client, world.staff[Role.LEADER], **MARCH)
        report = response.context["report"]
        assert [a.pk for a in report.scope] == [world.commune.pk]
        assert report.total["received"] == 2 and report.total["refused"] == 1

    def test_district_leader_sees_the_commune_rolled_up(self, client, world, march):
        response = page(client, world.district_staff[Role.LEADER], **MARCH, **{"co-quan": world.district.code})
        rows = {row.key: row.values for row in response.context["report"].rows}
        assert rows["rieng"]["received"] == 0
        assert rows[world.commune.code]["received"] == 2 and rows[world.other_commune.code]["received"] == 0
        assert response.context["report"].total["resolved_late"] == 1

    def test_superuser_sees_the_province(self, client, world, march, django_user_model):
        admin = django_user_model.objects.create_superuser("tinh", password="x")
        response = page(client, admin, **MARCH)
        assert response.status_code == 200 and response.context["report"].total["received"] == 2

    def test_agency_admin_sees_the_reports_link(self, client, world):
        response = page(client, world.staff[Role.AGENCY_ADMIN], name="backoffice:home")
        assert reverse("reports:report") in response.content.decode()
        assert reverse("reports:report") not in page(client, world.staff[Role.HANDLER], name="backoffice:home").content.decode()


class TestBadInput:
    @pytest.mark.parametrize(
        ("params", "words"),
        [
            ({"ky": "2026-13"}, "Tháng phải"),
            ({"ky": "tháng ba"}, "Không đọc được kỳ báo cáo"),
            ({"ky": "2026-02-30..2026-03-01"}, "ngày không hợp lệ"),
            ({"ky": "2026-03-10..2026-03-01"}, "Ngày kết thúc"),
            ({"ky": "1850"}, "nằm ngoài"),
            ({"ky": "2026-03", "theo": "màu"}, "Không có cách nhóm"),
            ({"ky": "2026-03", "co-quan": "khong-co"}, "Không có cơ quan"),
        ],
    )
    def test_report_explains_what_is_wrong(self, client, world, params, words):
        response = page(client, world.staff[Role.LEADER], **params)
        assert response.status_code == 400 and words in response.content.decode()

    @pytest.mark.parametrize(
        "params",
        [{"chi-tieu": "bogus"}, {"chi-tieu": "received", "nhom": "000.99.99.H56"}, {"chi-tieu": "received", "theo": "field", "nhom": "x"},
         {"chi-tieu": "received", "theo": "level", "nhom": "planet"}, {"chi-tieu": "received", "theo": "procedure", "nhom": "999999"},
         {"chi-tieu": "received", "theo": "field", "nhom": "²"}, {"chi-tieu": "received", "theo": "procedure", "nhom": "٣"}],
    )
    def test_drill_down_explains_what_is_wrong(self, client, world, params):
        assert page(client, world.staff[Role.LEADER], "reports:dossiers", **MARCH, **params).status_code == 400

    def test_drill_down_into_a_unit_outside_ones_reach(self, client, world, march):
        response = page(client, world.stranger[Role.LEADER], "reports:dossiers", **MARCH, **{"chi-tieu": "received", "nhom": world.commune.code})
        assert response.status_code == 400 and march["open"].code not in response.content.decode()


class TestDrillDown:
    def test_each_link_lists_the_dossiers_it_counts(self, client, world, march):
        leader = world.district_staff[Role.LEADER]
        body = page(client, leader, **MARCH, **{"co-quan": world.district.code}).content.decode()
        assert "chi-tieu=resolved_late" in body
        listed = page(client, leader, "reports:dossiers", **MARCH, **{"co-quan": world.district.code, "chi-tieu": "resolved_late", "nhom": world.commune.code})
        assert list(listed.context["page"].object_list) == [march["late"]]
        listed = page(client, leader, "reports:dossiers", **MARCH, **{"co-quan": world.district.code, "chi-tieu": "in_progress"})
        assert [d.code for d in listed.context["page"].object_list] == [march["open"].code]
        assert march["open"].code in listed.content.decode()

    def test_by_field_and_level(self, client, world, march):
        leader = world.staff[Role.LEADER]
        response = page(client, leader, "reports:dossiers", **MARCH, theo="field", **{"chi-tieu": "received", "nhom": world.version.field_id})
        assert {d.code for d in response.context["page"].object_list} == {march["late"].code, march["open"].code}
        response = page(client, leader, "reports:dossiers", **MARCH, theo="level", **{"chi-tieu": "refused", "nhom": "commune"})
        assert [d.code for d in response.context["page"].object_list] == [march["refused"].code]


class TestExports:
    def test_xlsx_has_merged_vietnamese_headers_and_the_figures(self, client, world, march):
        response = page(client, world.staff[Role.LEADER], "reports:export-xlsx", **MARCH)
        assert response["Content-Disposition"].endswith('.xlsx"')
        sheet = load_workbook(BytesIO(response.content)).active
        assert sheet["A1"].value == "TÌNH HÌNH GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
        merged = {str(r) for r in sheet.merged_cells.ranges}
        assert {"A5:A6", "B5:B6", "C5:G5", "H5:K5", "L5:N5", "O5:Q5"} <= merged
        assert sheet["C5"].value == "Số hồ sơ nhận giải quyết" and sheet["C6"].value == "Kỳ trước chuyển qua"
        assert sheet["C7"].value == "(3)"
        row = [c.value for c in sheet[8]]
        assert row[1].startswith(world.commune.name)
        assert row[2:] == [0, 0, 1, 1, 2, 0, 0, 1, 1, 0, 1, 1, 0, 0, 1]
        assert [c.value for c in sheet[9]][1] == "Tổng cộng"

    @pytest.mark.parametrize(
        ("grouping", "labels"),
        [
            ("agency", ["-2 (trực tiếp tiếp nhận)", HYPERLINK, "@SUM(A1)"]),
            ("field", ["#N/A"]),
            ("procedure", ["=1+1 – \t=1+1"]),
        ],
    )
    def test_xlsx_writes_the_names_people_typed_as_text(self, client, world, march, grouping, labels):
        """Agency, field and procedure names come from the administration: a spreadsheet program
        shows them as typed and never runs them; the figures stay numbers."""
        Agency.objects.filter(pk=world.district.pk).update(name="-2")
        Agency.objects.filter(pk=world.commune.pk).update(name=HYPERLINK)
        Agency.objects.filter(pk=world.other_commune.pk).update(name="@SUM(A1)")
        Field.objects.filter(pk=world.version.field_id).update(name="#N/A")
        Procedure.objects.filter(pk=world.version.procedure_id).update(code="=1+1")
        ProcedureVersion.objects.filter(pk=world.version.pk).update(name="\t=1+1")

        response = page(
            client, world.district_staff[Role.LEADER], "reports:export-xlsx", **MARCH, theo=grouping, **{"co-quan": world.district.code}
        )

        assert_typed_text_stays_text(response.content, [*labels, "-2 – Tháng 03 năm 2026"])
        sheet = load_workbook(BytesIO(response.content)).active
        assert [row[1].value for row in sheet.iter_rows(min_row=8)] == [*labels, "Tổng cộng"]
        assert {cell.data_type for row in sheet.iter_rows(min_row=8, min_col=3) for cell in row} == {"n"}

    def test_xlsx_stays_vietnamese_in_english(self, client, world, march):
        client.force_login(world.staff[Role.LEADER])
        client.cookies["django_language"] = "en"
        sheet = load_workbook(BytesIO(client.get(reverse("reports:export-xlsx"), MARCH).content)).active
        assert sheet["C6"].value == "Kỳ trước chuyển qua"

    def test_pdf(self, client, world, march):
        response = page(client, world.staff[Role.LEADER], "reports:export-pdf", **MARCH)
        assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")

    def test_export_refuses_like_the_page(self, client, world, march):
        assert page(client, world.staff[Role.HANDLER], "reports:export-xlsx", **MARCH).status_code == 403
        assert page(client, world.staff[Role.LEADER], "reports:export-pdf", ky="x").status_code == 400
