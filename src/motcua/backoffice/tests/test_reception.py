"""Receiving a paper dossier at the counter through the back office (/mot-cua/tiep-nhan/moi/)."""

import html
import json
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.accounts import permissions
from motcua.accounts.models import PersonalDataAccess, Role, RoleAssignment, User
from motcua.accounts.tests.factories import CitizenFactory, UserFactory, official_with_role, verified
from motcua.backoffice import reception
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.tests.factories import ProcedureVersionFactory
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, DossierDocument, State
from motcua.dossiers.tests.conftest import MONDAY_MORNING, World, vn
from motcua.tests.test_uploads import randomly_named

PAGE = "/mot-cua/tiep-nhan/moi/"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def world(db) -> World:
    return World()


@pytest.fixture
def desk(client, world):
    client.force_login(world.staff[Role.RECEPTION])
    return client


@pytest.fixture
def frozen(monkeypatch):
    """The counter's clock stands still on an ordinary Monday morning."""
    monkeypatch.setattr(timezone, "now", lambda: MONDAY_MORNING)
    return MONDAY_MORNING


def documents_of(version: ProcedureVersion):
    mandatory, optional = version.documents.order_by("order")
    return mandatory, optional


def receipt(world, version=None, **changes) -> dict:
    """A complete counter receipt as the page posts it."""
    version = version or world.version
    mandatory, optional = documents_of(version)
    data = {
        "co_quan": str(world.commune.pk),
        "thu_tuc": str(version.pk),
        "applicant_id_number": "074190000123",
        "applicant_name": "Trần Thị Lan",
        "applicant_address": "12 Yersin, Phú Cường",
        "applicant_phone": "0912345678",
        "applicant_email": "lan@example.vn",
        "representative": "",
        "f_noi_dung": "Cấp bản sao trích lục",
        f"doc-{mandatory.pk}-received": "on",
        f"doc-{mandatory.pk}-originals": "1",
        f"doc-{mandatory.pk}-copies": "0",
        f"doc-{mandatory.pk}-scan": SimpleUploadedFile("to-khai.pdf", PDF, content_type="application/pdf"),
        f"doc-{optional.pk}-originals": "0",
        f"doc-{optional.pk}-copies": "1",
        "delivery": "post",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def nothing_written():
    return Dossier.objects.count() == 0 and DossierDocument.objects.count() == 0


class TestHappyPath:
    def test_preview_shows_the_promised_time_the_dossier_then_gets(self, desk, world, frozen):
        page = desk.get(PAGE, {"thu_tuc": world.version.pk})
        assert page.status_code == 200
        preview = reception.promised_return(world.version, frozen)
        shown = f"{timezone.localtime(preview):%H:%M} ngày {timezone.localtime(preview):%d/%m/%Y}"
        assert shown in page.content.decode()

        response = desk.post(PAGE, receipt(world))

        dossier = Dossier.objects.get()
        assert response.status_code == 302
        assert response["Location"] in {f"/mot-cua/tiep-nhan/ho-so/{dossier.code}/", f"/mot-cua/ho-so/{dossier.code}/"}
        assert dossier.state == State.RECEIVED
        assert dossier.promised_at == preview
        assert dossier.receiving_agency == world.commune
        assert (dossier.applicant_name, dossier.applicant_email, dossier.delivery) == ("Trần Thị Lan", "lan@example.vn", "post")
        assert dossier.form_data == {"noi_dung": "Cấp bản sao trích lục"}
        mandatory, _ = documents_of(world.version)
        document = dossier.documents.get()
        assert (document.required_document, document.originals, document.copies) == (mandatory, 1, 0)
        assert document.file.name.endswith(".pdf") and document.file.read() == PDF

    def test_scans_are_stored_under_names_of_ours(self, desk, world):
        mandatory, _ = documents_of(world.version)
        scan = SimpleUploadedFile("../074190000123 Trần Thị Lan.pdf", PDF, content_type="application/pdf")
        desk.post(PAGE, receipt(world, **{f"doc-{mandatory.pk}-scan": scan}))
        dossier = Dossier.objects.get()
        stored = dossier.documents.get().file.name
        assert randomly_named(stored, "dossiers") and stored.endswith(".pdf")
        assert dossier.code not in stored and "074190000123" not in stored

    def test_receipt_summary_names_the_code_and_links_to_form_01(self, desk, world):
        dossier = world.receive()
        page = desk.get(f"/mot-cua/tiep-nhan/ho-so/{dossier.code}/").content.decode()
        assert dossier.code in page
        assert f'href="/mot-cua/bieu-mau/{dossier.code}/mau-01.pdf"' in page

    def test_a_png_scan_and_a_representative_are_accepted(self, desk, world):
        mandatory, _ = documents_of(world.version)
        desk.post(
            PAGE,
            receipt(
                world,
                representative="Nguyễn Văn Ủy",
                **{f"doc-{mandatory.pk}-scan": SimpleUploadedFile("anh.png", PNG, content_type="image/png")},
            ),
        )
        dossier = Dossier.objects.get()
        assert dossier.representative == "Nguyễn Văn Ủy"
        assert dossier.documents.get().file.name.endswith(".png")

    def test_the_dossier_goes_to_the_account_that_verified_the_number_never_to_a_claim(self, desk, world):
        claimant = CitizenFactory(national_id="074190000999")
        desk.post(PAGE, receipt(world, applicant_id_number="074190000999"))
        dossier = Dossier.objects.get()
        assert dossier.applicant is None and not permissions.is_owner(claimant, dossier)
        assert not permissions.visible_dossiers(claimant, Dossier.objects.all()).exists()

        owner = verified(CitizenFactory(national_id="074190000999"))
        assert permissions.is_owner(owner, dossier)


@pytest.mark.parametrize(
    ("at", "time_unit"),
    [
        (MONDAY_MORNING, ProcedureVersion.TimeUnit.WORKING_DAYS),
        (vn(2026, 3, 6, 16, 0), ProcedureVersion.TimeUnit.WORKING_DAYS),  # Friday after the cut-off
        (vn(2026, 4, 29, 9, 0), ProcedureVersion.TimeUnit.WORKING_DAYS),  # before 30/4 and 1/5
        (vn(2026, 3, 6, 16, 0), ProcedureVersion.TimeUnit.CALENDAR_DAYS),
    ],
)
def test_promised_return_is_what_the_engine_promises(world, at, time_unit):
    version = ProcedureVersionFactory(procedure__owner=world.commune, time_unit=time_unit, legal_time="3.5")
    dossier = world.receive(version=version, at=at)
    assert reception.promised_return(version, at) == dossier.promised_at


class TestRefusedInput:
    @pytest.fixture(autouse=True)
    def other_version(self, world):
        self.foreign = ProcedureVersionFactory(procedure__owner=world.other_commune, name="Đăng ký kết hôn")

    def bad(self, world, case):
        mandatory, _ = documents_of(world.version)
        return {
            "missing mandatory document": (
                {f"doc-{mandatory.pk}-received": None, f"doc-{mandatory.pk}-scan": None},
                "Thiếu giấy tờ bắt buộc: Tờ khai theo mẫu.",
            ),
            "bad ID number": ({"applicant_id_number": "07419"}, "không hợp lệ"),
            "unknown procedure": ({"thu_tuc": "999999"}, "Không tìm thấy thủ tục đã chọn"),
            "procedure of another agency": (
                {"thu_tuc": str(self.foreign.pk)},
                "UBND phường Phú Cường không thực hiện thủ tục này.",
            ),
            "wrong file type": (
                {f"doc-{mandatory.pk}-scan": SimpleUploadedFile("gia.pdf", b"MZ\x90\x00not a pdf", content_type="application/pdf")},
                "phải là tệp PDF, JPEG hoặc PNG",
            ),
            "tampered delivery": ({"delivery": "online"}, "không trả kết quả theo hình thức đã chọn"),
            "missing form field": ({"f_noi_dung": ""}, "Nội dung yêu cầu: bắt buộc phải nhập."),
            "scan without the paper": ({f"doc-{mandatory.pk}-received": None}, "chưa đánh dấu đã nhận"),
            "negative count": ({f"doc-{mandatory.pk}-originals": "-1"}, "Số bản phải là số nguyên không âm."),
        }[case]

    @pytest.mark.parametrize(
        "case",
        [
            "missing mandatory document",
            "bad ID number",
            "unknown procedure",
            "procedure of another agency",
            "wrong file type",
            "tampered delivery",
            "missing form field",
            "scan without the paper",
            "negative count",
        ],
    )
    def test_bad_input_is_explained_and_nothing_is_written(self, desk, world, case):
        changes, message = self.bad(world, case)
        response = desk.post(PAGE, receipt(world, **changes))
        assert response.status_code == 200
        assert message in response.content.decode()
        assert nothing_written()

    def test_an_oversize_scan_is_refused(self, desk, world, settings):
        settings.UPLOAD_MAX_MEGABYTES = 0
        response = desk.post(PAGE, receipt(world))
        assert "quá lớn" in response.content.decode()
        assert nothing_written()

    def test_what_was_typed_is_kept_after_an_error(self, desk, world):
        page = desk.post(PAGE, receipt(world, applicant_id_number="123", applicant_address="45 Bạch Đằng")).content.decode()
        assert 'value="45 Bạch Đằng"' in page and 'aria-invalid="true"' in page


class TestAccess:
    def test_anonymous_visitor_is_sent_to_the_login_page(self, client, world):
        response = client.get(PAGE)
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")

    @pytest.mark.parametrize("role", [Role.HANDLER, Role.LEADER, Role.DIVISION_HEAD, Role.CLERK])
    def test_officials_without_the_reception_role_are_refused(self, client, world, role):
        client.force_login(world.staff[role])
        assert client.get(PAGE).status_code == 403
        assert client.post(PAGE, receipt(world)).status_code == 403
        assert nothing_written()

    def test_citizens_and_postal_agents_are_refused(self, client, world):
        for user in (world.citizen, world.postman):
            client.force_login(user)
            assert client.get(PAGE).status_code == 403
        assert nothing_written()

    def test_reception_officer_of_another_agency_cannot_receive_for_this_one(self, client, world):
        client.force_login(world.stranger[Role.RECEPTION])
        assert client.get(PAGE, {"co_quan": world.commune.pk}).status_code == 404
        assert client.post(PAGE, receipt(world)).status_code == 404
        assert client.get("/mot-cua/tiep-nhan/thu-tuc/", {"co_quan": world.commune.pk, "q": "thu"}).status_code == 404
        assert nothing_written()

    def test_receipt_summary_is_only_for_the_receiving_desk(self, client, world):
        dossier = world.receive()
        client.force_login(world.stranger[Role.RECEPTION])
        assert client.get(f"/mot-cua/tiep-nhan/ho-so/{dossier.code}/").status_code == 404

    def test_an_officer_at_two_desks_chooses_the_agency_first(self, desk, world):
        RoleAssignment.objects.create(user=world.staff[Role.RECEPTION], agency=world.district, role=Role.RECEPTION)
        page = desk.get(PAGE).content.decode()
        assert "Chọn cơ quan tiếp nhận" in page
        assert world.district.name in page and world.commune.name in page


class TestProcedureSearch:
    @pytest.fixture(autouse=True)
    def catalog(self, world):
        self.birth = ProcedureVersionFactory(procedure__code="1.001193", procedure__owner=world.commune, name="Đăng ký khai sinh")
        ProcedureVersionFactory(procedure__code="1.001022", procedure__owner=world.other_commune, name="Đăng ký khai tử")
        ProcedureVersionFactory(
            procedure__code="1.000894", procedure__owner=world.commune, name="Đăng ký khai sinh lưu động",
            status=ProcedureVersion.Status.DRAFT,
        )

    def test_accents_are_optional(self, desk, world):
        page = desk.get("/mot-cua/tiep-nhan/thu-tuc/", {"q": "dang ky khai sinh"}).content.decode()
        assert "Đăng ký khai sinh" in page
        assert f"thu_tuc={self.birth.pk}" in page

    def test_only_published_procedures_of_the_agency_are_offered(self, world):
        found = reception.search_procedures(world.commune, "DANG KY KHAI")
        assert found == [self.birth]

    def test_by_code(self, world):
        assert reception.search_procedures(world.commune, "1.0011") == [self.birth]

    def test_without_htmx_the_page_lists_the_matches(self, desk):
        page = desk.get(PAGE, {"q": "khai sinh"}).content.decode()
        assert "1.001193" in page and "Đăng ký khai tử" not in page

    def test_nothing_found_is_said(self, desk):
        page = desk.get("/mot-cua/tiep-nhan/thu-tuc/", {"q": "xay dung"}).content.decode()
        assert "Không có thủ tục nào khớp" in page

    def test_folding_drops_vietnamese_diacritics(self):
        from motcua.text import fold

        assert fold("  Đăng KÝ   Hộ tịch ") == "dang ky ho tich"


class TestApplicantLookup:
    URL = "/mot-cua/tiep-nhan/nguoi-nop/"

    def test_prefills_from_the_account_that_verified_the_number(self, desk):
        verified(CitizenFactory(
            national_id="074190000555", full_name="Phạm Minh Khoa", address="3 Lê Lợi", phone="0987654321", email="khoa@example.vn",
        ))
        page = desk.get(self.URL, {"applicant_id_number": "074190000555"}).content.decode()
        assert 'value="Phạm Minh Khoa"' in page and 'value="3 Lê Lợi"' in page and 'value="khoa@example.vn"' in page
        assert "theo tài khoản đã xác minh" in page

    def test_an_account_that_only_claims_the_number_fills_nothing(self, desk):
        CitizenFactory(national_id="074190000555", full_name="Kẻ Mạo Danh", phone="0900000001", email="ke@example.vn")
        page = desk.get(self.URL, {"applicant_id_number": "074190000555"}).content.decode()
        assert "Kẻ Mạo Danh" not in page and "0900000001" not in page and "ke@example.vn" not in page
        assert "nhập mới" in page

    def test_prefills_an_organisation_by_tax_code(self, desk):
        verified(UserFactory(kind=User.Kind.ORGANISATION, tax_code="3700123456", full_name="Công ty TNHH Bình An"))
        page = desk.get(self.URL, {"applicant_id_number": "3700123456"}).content.decode()
        assert 'value="Công ty TNHH Bình An"' in page

    def test_prefills_from_the_latest_dossier(self, desk, world):
        world.receive()
        page = desk.get(self.URL, {"applicant_id_number": "074190000123"}).content.decode()
        assert 'value="Trần Thị Lan"' in page and 'value="12 Yersin, Phú Cường"' in page
        assert "hồ sơ gần nhất" in page

    def test_details_typed_before_the_look_up_are_kept(self, desk):
        verified(CitizenFactory(national_id="074190000555", full_name="Phạm Minh Khoa", address="3 Lê Lợi", phone="0987654321"))
        typed = {"applicant_id_number": "074190000555", "applicant_phone": "0911222333", "applicant_address": " "}
        page = desk.get(self.URL, typed).content.decode()
        assert 'value="0911222333"' in page and 'value="0987654321"' not in page  # the new number stays
        assert 'value="Phạm Minh Khoa"' in page and 'value="3 Lê Lợi"' in page  # the empty fields are filled

    def test_a_new_applicant_keeps_what_was_typed(self, desk):
        page = desk.get(self.URL, {"applicant_id_number": "074190000777", "applicant_name": "Lý Thị Mai"}).content.decode()
        assert 'value="Lý Thị Mai"' in page and "nhập mới" in page

    def test_without_javascript_the_lookup_button_refills_the_page_and_receives_nothing(self, desk, world):
        verified(CitizenFactory(national_id="074190000555", full_name="Phạm Minh Khoa"))
        page = desk.post(PAGE, receipt(world, applicant_id_number="074190000555", applicant_name="", tra_cuu="1")).content.decode()
        assert 'value="Phạm Minh Khoa"' in page and 'value="Cấp bản sao trích lục"' in page
        assert nothing_written()

    def test_a_dossier_received_elsewhere_fills_nothing(self, desk, world):
        elsewhere = ProcedureVersionFactory(procedure__owner=world.other_commune, agencies=[world.other_commune])
        services.receive_at_counter(
            actor=world.stranger[Role.RECEPTION], procedure_version=elsewhere, agency=world.other_commune,
            applicant=world.applicant(id_number="074190000888", name="Người Ở Phường Khác"),
            form_data={"noi_dung": "x"}, documents=world.documents(elsewhere), delivery="counter",
        )
        page = desk.get(self.URL, {"applicant_id_number": "074190000888"}).content.decode()
        assert "Người Ở Phường Khác" not in page and "nhập mới" in page

    def test_every_look_up_is_recorded_with_who_whom_where_and_what_was_found(self, desk, world):
        world.receive()
        desk.get(self.URL, {"applicant_id_number": "074190000123", "co_quan": world.commune.pk})
        desk.get(self.URL, {"applicant_id_number": "074190000777", "co_quan": world.commune.pk})
        desk.get(self.URL, {"applicant_id_number": "not-a-number"})  # no look-up at all
        recorded = list(PersonalDataAccess.objects.order_by("pk").values_list("official", "agency", "subject", "purpose", "found"))
        officer = world.staff[Role.RECEPTION].pk
        assert recorded == [
            (officer, world.commune.pk, "074190000123", "counter_receipt", "dossier"),
            (officer, world.commune.pk, "074190000777", "counter_receipt", ""),
        ]

    def test_an_officer_may_look_up_only_so_many_people_an_hour(self, desk, world, settings):
        settings.APPLICANT_LOOKUPS_PER_HOUR = 2
        world.receive()
        for number in ("074190000001", "074190000002"):
            desk.get(self.URL, {"applicant_id_number": number})
        page = desk.get(self.URL, {"applicant_id_number": "074190000123"}).content.decode()
        assert "Bạn đã tra cứu 2 người nộp trong một giờ qua" in page and "Trần Thị Lan" not in page
        assert PersonalDataAccess.objects.count() == 2
        # Another officer is not held back.
        other = official_with_role(world.commune, Role.RECEPTION, username="pc.tiepnhan2")
        desk.force_login(other)
        assert 'value="Trần Thị Lan"' in desk.get(self.URL, {"applicant_id_number": "074190000123"}).content.decode()

    def test_only_reception_officers_may_look_up(self, client, world):
        client.force_login(world.staff[Role.HANDLER])
        assert client.get(self.URL, {"applicant_id_number": "074190000123"}).status_code == 403


class TestOnlineFormFields:
    SCHEMA = {
        "fields": [
            {"name": "loai", "label": "Loại yêu cầu", "type": "select", "required": True,
             "choices": [{"value": "moi", "label": "Cấp mới"}, {"value": "lai", "label": "Cấp lại"}]},
            {"name": "ly_do", "label": "Lý do cấp lại", "type": "text", "required": True, "visible_if": {"field": "loai", "equals": "lai"}},
            {"name": "ngay_sinh", "label": "Ngày sinh", "type": "date"},
            {"name": "dong_y", "label": "Cam đoan", "type": "checkbox", "required": True},
        ]
    }

    @pytest.fixture
    def version(self, world):
        return ProcedureVersionFactory(procedure__owner=world.commune, form_schema=self.SCHEMA)

    def test_a_conditional_field_is_in_the_page_hidden_with_its_condition(self, desk, world, version):
        page = desk.get(PAGE, {"co_quan": world.commune.pk, "thu_tuc": version.pk}).content.decode()
        wrapper = re.search(r'<div class="field" data-field="f_ly_do" data-visible-if="([^"]*)" hidden>', page)
        assert wrapper and json.loads(html.unescape(wrapper.group(1))) == {"field": "f_loai", "equals": "lai"}
        assert 'data-field="f_loai">' in page and "data-hx-post" not in page

    def test_a_conditional_field_whose_condition_holds_is_shown_again_after_an_error(self, desk, world, version):
        page = desk.post(PAGE, receipt(world, version=version, f_noi_dung=None, f_loai="lai")).content.decode()
        assert re.search(r'data-field="f_ly_do" data-visible-if="[^"]*">', page)

    def test_the_form_data_is_checked_by_the_schema(self, desk, world, version):
        base = receipt(world, version=version, f_noi_dung=None, f_loai="lai", f_ngay_sinh="2020-02-30")
        page = desk.post(PAGE, base).content.decode()
        assert "Lý do cấp lại: bắt buộc phải nhập." in page
        assert "Ngày sinh: phải là ngày hợp lệ" in page
        assert "Cam đoan: bắt buộc phải đánh dấu." in page
        assert nothing_written()
        desk.post(PAGE, receipt(world, version=version, f_noi_dung=None, f_loai="lai", f_ly_do="Mất", f_dong_y="on"))
        assert Dossier.objects.get().form_data == {"loai": "lai", "ly_do": "Mất", "dong_y": True}


def test_promise_preview_refreshes_through_htmx(desk, world, frozen):
    response = desk.get("/mot-cua/tiep-nhan/hen-tra/", {"co_quan": world.commune.pk, "thu_tuc": world.version.pk})
    promised = timezone.localtime(reception.promised_return(world.version, frozen))
    assert f"{promised:%H:%M} ngày {promised:%d/%m/%Y}" in response.content.decode()
    assert promised - frozen > timedelta(days=5)
