"""The declaration online: a procedure with its own form does not ask for its tờ khai as an
upload, the review reads the answers in plain words, and nothing is filed before the
applicant makes the commitment."""

import pytest
from django.urls import reverse

from motcua.dossiers.models import Dossier
from motcua.filing.models import Draft

FORM = {
    "fields": [
        {"name": "loai_phieu", "label": "Loại Phiếu", "type": "radio", "required": True, "choices": [
            {"value": "1", "label": "Phiếu lý lịch tư pháp số 1"}, {"value": "2", "label": "Phiếu lý lịch tư pháp số 2"}]},
        {"name": "ngay_can", "label": "Ngày cần nhận", "type": "date"},
        {"name": "gui_thu", "label": "Nhận qua bưu điện", "type": "checkbox"},
        {"name": "dia_chi_nhan", "label": "Địa chỉ nhận", "type": "text", "required": True,
         "visible_if": {"field": "gui_thu", "equals": True}},
        {"name": "so_luong", "label": "Số lượng Phiếu", "type": "integer", "min": 1, "max": 10},
    ]
}
ANSWERS = {"loai_phieu": "1", "ngay_can": "2026-11-20", "gui_thu": False, "so_luong": 2}


def step_url(draft, step):
    return reverse("filing:step", args=[draft.pk, step])


@pytest.fixture
def declared(filing):
    """The procedure's form is the declaration; its paper is marked as such."""
    filing.version.form_schema = FORM
    filing.version.save()
    filing.required.declaration = True
    filing.required.save()
    return filing


class TestTheDeclarationPaper:
    def test_the_documents_step_does_not_ask_for_it(self, declared, client_of):
        draft = declared.draft_at(4, form=ANSWERS, documents={})
        page = client_of(declared.citizen).get(step_url(draft, 4)).content.decode()
        assert f'name="doc_{declared.required.pk}"' not in page
        assert "không cần tải lên" in page
        assert f'name="doc_{declared.optional.pk}"' in page

    def test_the_step_passes_without_it_and_the_dossier_is_filed(self, declared, client_of):
        client = client_of(declared.citizen)
        draft = declared.draft_at(4, form=ANSWERS, documents={})
        assert client.post(step_url(draft, 4))["Location"] == step_url(draft, 5)
        draft.refresh_from_db()
        draft.step = 6
        draft.save()
        response = client.post(step_url(draft, 6), {"cam_doan": "1"})
        dossier = Dossier.objects.get()
        assert response["Location"] == reverse("filing:submitted", args=[dossier.code])
        assert not dossier.documents.exists()
        assert dossier.form_data == ANSWERS

    def test_without_an_online_form_the_paper_is_asked_for(self, declared, client_of):
        declared.version.form_schema = {}
        declared.version.save()
        draft = declared.draft_at(4, form={}, documents={})
        response = client_of(declared.citizen).post(step_url(draft, 4))
        assert response.status_code == 400
        assert f"Hãy tải lên hoặc chọn tệp cho “{declared.required.name}”" in response.content.decode()

    def test_an_unmarked_paper_is_still_asked_for(self, filing, client_of):
        draft = filing.draft_at(4, documents={})
        assert client_of(filing.citizen).post(step_url(draft, 4)).status_code == 400


class TestReview:
    def test_answers_read_in_plain_words_with_a_change_link_each(self, declared, client_of):
        draft = declared.draft_at(6, form={**ANSWERS, "dia_chi_nhan": "left from before"}, documents={})
        page = client_of(declared.citizen).get(step_url(draft, 6)).content.decode()
        for label, value in [("Loại Phiếu", "Phiếu lý lịch tư pháp số 1"), ("Ngày cần nhận", "20/11/2026"),
                             ("Nhận qua bưu điện", "Không"), ("Số lượng Phiếu", "2")]:
            assert f"<dt>{label}</dt><dd>{value}</dd>" in page
        assert "Địa chỉ nhận" not in page and "False" not in page and "2026-11-20" not in page
        assert f'href="{step_url(draft, 3)}#field-loai_phieu"' in page
        assert "Tôi xin cam đoan những thông tin khai trên là đúng sự thật" in page

    def test_nothing_is_filed_without_the_commitment(self, declared, client_of):
        draft = declared.draft_at(6, form=ANSWERS, documents={})
        response = client_of(declared.citizen).post(step_url(draft, 6))
        assert response.status_code == 400
        assert "Hãy đánh dấu lời cam đoan trước khi nộp hồ sơ." in response.content.decode()
        assert not Dossier.objects.exists() and Draft.objects.filter(pk=draft.pk).exists()


class TestTheFormStep:
    def test_a_quantity_takes_whole_numbers_only(self, declared, client_of):
        draft = declared.draft_at(3, documents={})
        response = client_of(declared.citizen).post(step_url(draft, 3), {"loai_phieu": "1", "so_luong": "1.5"})
        assert response.status_code == 400
        assert "Số lượng Phiếu: phải là số nguyên (không có phần thập phân)." in response.content.decode()

    def test_a_conditional_field_carries_its_condition_for_the_browser(self, declared, client_of):
        draft = declared.draft_at(3, documents={})
        page = client_of(declared.citizen).get(step_url(draft, 3)).content.decode()
        assert 'id="field-dia_chi_nhan" data-show-when="gui_thu" data-show-values="[&quot;true&quot;]" data-required' in page
        assert 'step="1"' in page and "filing/conditions" in page

    def test_a_conditional_field_is_asked_only_when_it_applies(self, declared, client_of):
        client = client_of(declared.citizen)
        draft = declared.draft_at(3, documents={})
        assert client.post(step_url(draft, 3), {"loai_phieu": "2", "dia_chi_nhan": "x"}).status_code == 302
        draft.refresh_from_db()
        assert "dia_chi_nhan" not in draft.data["form"]
        response = client.post(step_url(draft, 3), {"loai_phieu": "2", "gui_thu": "on"})
        assert response.status_code == 400 and "Địa chỉ nhận: bắt buộc phải nhập." in response.content.decode()
