"""Filing online step by step: who may file, what each step accepts, and drafts that
survive leaving the site."""

import pytest
from django.test import Client
from django.urls import reverse

from motcua.accounts.tests.factories import CitizenFactory
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.tests.factories import ProcedureVersionFactory
from motcua.filing.models import Draft


def step_url(draft, step):
    return reverse("filing:step", args=[draft.pk, step])


class TestWhoMayFile:
    def test_anonymous_visitor_is_sent_to_sign_in_and_back(self, filing):
        response = Client().get(f"/nop-ho-so/{filing.code}/")
        assert response.status_code == 302
        assert response["Location"] == f"/dang-nhap/?next=/nop-ho-so/{filing.code}/"

    def test_an_official_is_told_only_applicants_file_online(self, filing, client_of):
        response = client_of(filing.staff["reception"]).post(f"/nop-ho-so/{filing.code}/", {"agency": filing.commune.pk})
        assert response.status_code == 403
        assert "Chỉ tài khoản công dân, tổ chức" in response.content.decode()
        assert not Draft.objects.exists()

    def test_a_counter_only_procedure_cannot_be_filed_online(self, filing, client_of):
        filing.version.online_mode = ProcedureVersion.OnlineMode.COUNTER
        filing.version.save()
        response = client_of(filing.citizen).post(f"/nop-ho-so/{filing.code}/", {"agency": filing.commune.pk})
        assert "chỉ nộp trực tiếp" in response.content.decode()
        assert not Draft.objects.exists()

    def test_unknown_procedure_is_not_found(self, filing, client_of):
        assert client_of(filing.citizen).get("/nop-ho-so/9.999999/").status_code == 404


class TestWhereToFile:
    def test_offers_the_agencies_carrying_out_the_published_version(self, filing, client_of):
        page = client_of(filing.citizen).get(f"/nop-ho-so/{filing.code}/").content.decode()
        assert filing.commune.name in page
        assert filing.other_commune.name not in page

    def test_choosing_an_agency_creates_a_draft_prefilled_from_the_profile(self, filing, client_of):
        response = client_of(filing.citizen).post(f"/nop-ho-so/{filing.code}/", {"agency": filing.commune.pk})
        draft = Draft.objects.get()
        assert response["Location"] == step_url(draft, 2)
        assert (draft.applicant, draft.agency, draft.step) == (filing.citizen, filing.commune, 2)
        assert draft.data["applicant"]["applicant_id_number"] == "074190000123"
        page = client_of(filing.citizen).get(step_url(draft, 2)).content.decode()
        assert 'value="Trần Thị Lan"' in page and 'value="lan@example.vn"' in page

    def test_an_agency_not_carrying_the_procedure_is_refused(self, filing, client_of):
        response = client_of(filing.citizen).post(f"/nop-ho-so/{filing.code}/", {"agency": filing.other_commune.pk})
        assert response.status_code == 200
        assert "Hãy chọn một cơ quan thực hiện thủ tục này" in response.content.decode()
        assert not Draft.objects.exists()

    def test_forged_agency_on_a_later_visit_leaves_the_draft_alone(self, filing, client_of):
        draft = filing.draft_at(3)
        response = client_of(filing.citizen).post(step_url(draft, 1), {"agency": filing.other_commune.pk})
        assert response.status_code == 400
        draft.refresh_from_db()
        assert draft.agency == filing.commune

    def test_choosing_again_from_a_second_tab_keeps_one_draft(self, filing, client_of):
        draft = filing.draft_at(4)
        response = client_of(filing.citizen).post(f"/nop-ho-so/{filing.code}/", {"agency": filing.commune.pk})
        assert response["Location"] == step_url(draft, 4)
        assert Draft.objects.get() == draft

    def test_starting_again_resumes_the_existing_draft(self, filing, client_of):
        draft = filing.draft_at(4)
        response = client_of(filing.citizen).get(f"/nop-ho-so/{filing.code}/")
        assert response["Location"] == step_url(draft, 4)


class TestApplicantStep:
    def test_valid_details_are_saved_and_lead_to_the_form(self, filing, client_of):
        draft = filing.draft_at(2)
        data = {"applicant_name": "Công ty TNHH Bình Minh", "applicant_id_number": "3700000000", "applicant_phone": "0274 3822 123",
                "representative": "Nguyễn Văn Bình"}
        response = client_of(filing.citizen).post(step_url(draft, 2), data)
        assert response["Location"] == step_url(draft, 3)
        draft.refresh_from_db()
        assert draft.step == 3
        assert draft.data["applicant"]["representative"] == "Nguyễn Văn Bình"

    def test_invalid_id_number_is_explained_and_not_saved(self, filing, client_of):
        draft = filing.draft_at(2)
        before = dict(draft.data)
        response = client_of(filing.citizen).post(step_url(draft, 2), {"applicant_name": "Lan", "applicant_id_number": "123"})
        assert response.status_code == 400
        assert "Số định danh cá nhân (12 chữ số) hoặc mã số thuế" in response.content.decode()
        draft.refresh_from_db()
        assert (draft.data, draft.step) == (before, 2)


ALL_TYPES = {
    "fields": [
        {"name": "ho_ten", "label": "Họ tên", "type": "text", "required": True, "min_length": 2, "max_length": 50},
        {"name": "ma_so", "label": "Mã số", "type": "text", "pattern": "[A-Z]{2}[0-9]{4}"},
        {"name": "ghi_chu", "label": "Ghi chú", "type": "textarea"},
        {"name": "so_ban", "label": "Số bản", "type": "number", "required": True, "min": 1, "max": 10},
        {"name": "ngay_sinh", "label": "Ngày sinh", "type": "date", "min": "1900-01-01", "max": "2026-12-31"},
        {"name": "loai", "label": "Loại", "type": "select", "required": True,
         "choices": [{"value": "moi", "label": "Cấp mới"}, {"value": "lai", "label": "Cấp lại"}]},
        {"name": "ly_do", "label": "Lý do cấp lại", "type": "text", "required": True, "visible_if": {"field": "loai", "equals": "lai"}},
        {"name": "gioi_tinh", "label": "Giới tính", "type": "radio", "choices": [{"value": "nam", "label": "Nam"}, {"value": "nu", "label": "Nữ"}]},
        {"name": "cam_ket", "label": "Cam kết", "type": "checkbox", "required": True},
        {"name": "thu", "label": "Thư điện tử", "type": "email"},
        {"name": "dien_thoai", "label": "Điện thoại", "type": "phone"},
        {"name": "cccd", "label": "Số CCCD", "type": "national_id"},
    ]
}
VALID = {"ho_ten": "Lan", "so_ban": "2", "loai": "moi", "cam_ket": "on"}


@pytest.fixture
def form_draft(filing):
    filing.version.form_schema = ALL_TYPES
    filing.version.save()
    return filing.draft_at(3, form={})


class TestFormStep:
    def test_the_browser_is_told_each_rule(self, filing, client_of, form_draft):
        page = client_of(filing.citizen).get(step_url(form_draft, 3)).content.decode()
        assert 'name="ho_ten" type="text" value="" required minlength="2" maxlength="50"' in page
        assert 'pattern="[A-Z]{2}[0-9]{4}"' in page
        assert 'type="number" value="" required step="any" min="1" max="10"' in page
        assert 'type="date" value="" min="1900-01-01" max="2026-12-31"' in page
        assert '<select id="id_loai" name="loai" required>' in page
        assert 'type="email"' in page and 'type="tel"' in page and 'pattern="[0-9]{12}" inputmode="numeric"' in page
        assert 'type="checkbox" name="cam_ket" id="id_cam_ket" required' in page
        # Shown only under a condition: the server decides whether it is required.
        assert 'name="ly_do" type="text" value="" maxlength' not in page
        assert 'id="id_ly_do" name="ly_do" type="text" value="">' in page

    def test_valid_answers_are_cleaned_and_saved(self, filing, client_of, form_draft):
        response = client_of(filing.citizen).post(step_url(form_draft, 3), {**VALID, "ly_do": "ignored", "forged": "x"})
        assert response["Location"] == step_url(form_draft, 4)
        form_draft.refresh_from_db()
        assert form_draft.data["form"] == {"ho_ten": "Lan", "so_ban": "2", "loai": "moi", "cam_ket": True}

    def test_a_field_shown_under_a_condition_is_required_when_it_applies(self, filing, client_of, form_draft):
        response = client_of(filing.citizen).post(step_url(form_draft, 3), {**VALID, "loai": "lai"})
        assert response.status_code == 400
        assert "Lý do cấp lại: bắt buộc phải nhập." in response.content.decode()

    @pytest.mark.parametrize(
        "field, value, message",
        [
            ("ho_ten", "", "Họ tên: bắt buộc phải nhập."),
            ("ho_ten", "L", "cần ít nhất 2 ký tự"),
            ("ma_so", "ab12", "không đúng định dạng yêu cầu"),
            ("so_ban", "mười", "phải là một số"),
            ("so_ban", "11", "không được lớn hơn 10"),
            ("ngay_sinh", "31/12/2000", "phải là ngày hợp lệ"),
            ("ngay_sinh", "1899-12-31", "không được trước ngày 1900-01-01"),
            ("loai", "khac", "phải chọn một giá trị trong danh sách"),
            ("gioi_tinh", "khac", "phải chọn một giá trị trong danh sách"),
            ("cam_ket", None, "Cam kết: bắt buộc phải đánh dấu."),
            ("thu", "lan@", "không phải địa chỉ thư điện tử hợp lệ"),
            ("dien_thoai", "12345", "không phải số điện thoại hợp lệ"),
            ("cccd", "07419000012", "phải gồm đúng 12 chữ số"),
        ],
    )
    def test_each_kind_of_field_is_checked_on_the_server(self, filing, client_of, form_draft, field, value, message):
        data = {**VALID, field: value} if value is not None else {k: v for k, v in VALID.items() if k != field}
        response = client_of(filing.citizen).post(step_url(form_draft, 3), data)
        assert response.status_code == 400
        assert message in response.content.decode()
        assert 'aria-invalid="true"' in response.content.decode() or field in {"gioi_tinh", "cam_ket"}
        form_draft.refresh_from_db()
        assert (form_draft.data["form"], form_draft.step) == ({}, 3)


class TestDeliveryStep:
    def test_only_offered_deliveries_are_accepted(self, filing, client_of):
        draft = filing.draft_at(5, delivery="")
        client = client_of(filing.citizen)
        assert client.post(step_url(draft, 5), {"delivery": "online"}).status_code == 400
        draft.refresh_from_db()
        assert draft.data["delivery"] == ""
        assert client.post(step_url(draft, 5), {"delivery": "post"})["Location"] == step_url(draft, 6)
        draft.refresh_from_db()
        assert (draft.data["delivery"], draft.step) == ("post", 6)


class TestDrafts:
    def test_a_step_not_yet_reached_sends_back_to_the_furthest_one(self, filing, client_of):
        draft = filing.draft_at(3)
        assert client_of(filing.citizen).get(step_url(draft, 6))["Location"] == step_url(draft, 3)

    def test_each_step_is_saved_and_resumed_from_another_session(self, filing, client_of):
        laptop = client_of(filing.citizen)
        laptop.post(f"/nop-ho-so/{filing.code}/", {"agency": filing.commune.pk})
        draft = Draft.objects.get()
        laptop.post(step_url(draft, 2), {"applicant_name": "Trần Thị Lan", "applicant_id_number": "074190000123"})
        laptop.post(step_url(draft, 3), {"noi_dung": "Cấp bản sao trích lục"})

        phone = client_of(filing.citizen)
        listing = phone.get("/nop-ho-so/ban-nhap/").content.decode()
        assert f'href="{step_url(draft, 4)}"' in listing
        assert 'value="Cấp bản sao trích lục"' in phone.get(step_url(draft, 3)).content.decode()
        assert phone.get(step_url(draft, 4)).status_code == 200

    def test_other_peoples_drafts_are_not_found(self, filing, client_of):
        draft = filing.draft_at(3)
        stranger = client_of(CitizenFactory())
        assert stranger.get(step_url(draft, 2)).status_code == 404
        assert stranger.post(step_url(draft, 2), {"applicant_name": "X", "applicant_id_number": "074190000999"}).status_code == 404
        assert stranger.post(reverse("filing:restart", args=[draft.pk])).status_code == 404
        assert filing.draft_at(2).pk not in [d.pk for d in stranger.get("/nop-ho-so/ban-nhap/").context["drafts"]]
        draft.refresh_from_db()
        assert draft.data["applicant"]["applicant_name"] == "Trần Thị Lan"

    def test_a_draft_of_a_superseded_version_offers_to_restart_on_the_current_one(self, filing, client_of):
        draft = filing.draft_at(3)
        filing.version.status = ProcedureVersion.Status.SUPERSEDED
        filing.version.save()
        ProcedureVersionFactory(procedure=filing.version.procedure, number=2, agencies=[filing.commune])
        client = client_of(filing.citizen)
        page = client.get(step_url(draft, 3)).content.decode()
        assert "đã được sửa đổi" in page
        assert client.post(step_url(draft, 3), {"noi_dung": "x"}).status_code == 200
        assert Draft.objects.get().data["form"] == {"noi_dung": "Cấp bản sao"}
        response = client.post(reverse("filing:restart", args=[draft.pk]))
        assert response["Location"] == f"/nop-ho-so/{filing.code}/"
        assert not Draft.objects.exists()
