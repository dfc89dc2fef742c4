"""The applicant's tờ khai, printed from what they declared: what it says, and who may print it."""

import pytest
from django.urls import reverse

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import CitizenFactory, verified
from motcua.dossiers import services
from motcua.printforms.declaration import declaration_pdf, title
from motcua.printforms.tests.conftest import MONDAY_MORNING, pdf_text

pytestmark = pytest.mark.django_db

FORM = {
    "fields": [
        {"name": "noi_dung", "label": "Nội dung yêu cầu", "type": "text", "required": True},
        {"name": "loai_phieu", "label": "Loại Phiếu", "type": "radio", "choices": [
            {"value": "1", "label": "Phiếu lý lịch tư pháp số 1"}, {"value": "2", "label": "Phiếu lý lịch tư pháp số 2"}]},
        {"name": "ngay_can", "label": "Ngày cần nhận", "type": "date"},
        {"name": "gui_thu", "label": "Nhận qua bưu điện", "type": "checkbox"},
        {"name": "dia_chi_nhan", "label": "Địa chỉ nhận", "type": "text", "visible_if": {"field": "gui_thu", "equals": True}},
        {"name": "so_luong", "label": "Số lượng Phiếu", "type": "integer"},
    ]
}
DATA = {"noi_dung": "Xin việc", "loai_phieu": "1", "ngay_can": "2026-11-20", "gui_thu": False, "dia_chi_nhan": "cũ", "so_luong": 2}


@pytest.fixture
def declared(world):
    world.version.form_schema = FORM
    world.version.save()
    return services.receive_at_counter(
        actor=world.staff[Role.RECEPTION], procedure_version=world.version, agency=world.commune, applicant=world.applicant(),
        form_data=DATA, documents=world.documents(), delivery="counter", at=MONDAY_MORNING,
    )


def test_the_sheet_says_what_was_declared_in_words(declared):
    text = pdf_text(declaration_pdf(declared))
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", title(declared), "Trần Thị Lan", "074190000123",
        "Loại Phiếu: Phiếu lý lịch tư pháp số 1", "Ngày cần nhận: 20/11/2026", "Nhận qua bưu điện: Không",
        "Số lượng Phiếu: 2", "Tôi xin cam đoan", declared.code,
    ]:
        assert expected in text, expected
    assert "Địa chỉ nhận" not in text


def test_the_title_is_the_procedures_name_in_capitals(declared):
    assert title(declared) == ("TỜ KHAI " + declared.procedure_version.name).upper()


def test_an_official_who_sees_the_dossier_gets_it_inline(client, world, declared):
    client.force_login(world.staff[Role.HANDLER])
    response = client.get(reverse("printforms:to-khai", kwargs={"code": declared.code}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="to-khai-{declared.code}.pdf"'
    assert "Xin việc" in pdf_text(response.content)


def test_an_official_of_another_agency_is_not_told_it_exists(client, world, declared):
    client.force_login(world.stranger[Role.RECEPTION])
    assert client.get(reverse("printforms:to-khai", kwargs={"code": declared.code})).status_code == 404


def test_a_procedure_without_an_online_form_has_no_sheet(client, world):
    world.version.form_schema = {}
    world.version.save()
    dossier = world.receive()
    client.force_login(world.staff[Role.RECEPTION])
    response = client.get(reverse("printforms:to-khai", kwargs={"code": dossier.code}))
    assert response.status_code == 404
    assert "không có tờ khai trực tuyến" in response.content.decode()


def test_the_owner_downloads_it_from_their_dossier_page(client, world, declared):
    verified(world.citizen, declared.applicant_id_number)
    client.force_login(world.citizen)
    page = client.get(reverse("citizens:dossier", kwargs={"code": declared.code})).content.decode()
    url = reverse("citizens:declaration", kwargs={"code": declared.code})
    assert f'href="{url}"' in page
    assert "Phiếu lý lịch tư pháp số 1" in pdf_text(client.get(url).content)


def test_another_citizen_gets_nothing(client, world, declared):
    client.force_login(CitizenFactory(username="nguoi.khac"))
    assert client.get(reverse("citizens:declaration", kwargs={"code": declared.code})).status_code == 404


def test_the_dossier_page_shows_the_declaration_and_links_the_sheet(client, world, declared):
    client.force_login(world.staff[Role.HANDLER])
    page = client.get(f"/mot-cua/ho-so/{declared.code}/").content.decode()
    assert "<dt>Loại Phiếu</dt><dd>Phiếu lý lịch tư pháp số 1</dd>" in page
    assert "<dt>Ngày cần nhận</dt><dd>20/11/2026</dd>" in page
    assert "Địa chỉ nhận" not in page
    assert f'href="{reverse("printforms:to-khai", kwargs={"code": declared.code})}"' in page
