"""Printing from the back office: who may open which form, and what they get when they may not."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from motcua.accounts.models import Role
from motcua.dossiers import lifecycle
from motcua.printforms.tests.conftest import pdf_text, vn

pytestmark = pytest.mark.django_db


def form_url(dossier, slug: str = "mau-01") -> str:
    return reverse(f"printforms:{slug}", kwargs={"code": dossier.code})


def register_url(world, kind: str = "pdf", **changes) -> str:
    params = {"agency": world.commune.code, "field": world.version.field.code, "from": "2026-03-01", "to": "2026-03-31", **changes}
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{reverse(f'printforms:register-{kind}')}?{query}"


def test_urls_read_as_the_forms_names(received):
    assert form_url(received, "mau-05") == f"/mot-cua/bieu-mau/{received.code}/mau-05.pdf"
    assert reverse("printforms:register-xlsx") == "/mot-cua/bieu-mau/so-theo-doi.xlsx"


@pytest.mark.parametrize("role", [Role.RECEPTION, Role.HANDLER, Role.LEADER])
def test_an_official_of_the_agency_gets_the_pdf_inline(client, world, received, role):
    client.force_login(world.staff[role])
    response = client.get(form_url(received))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="mau-01-{received.code}.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert "Trần Thị Lan" in pdf_text(response.content)


def test_every_form_that_applies_answers(client, world, extended):
    dossier = lifecycle.request_supplement(
        dossier=extended, actor=world.staff[Role.RECEPTION], items=["Ảnh 4x6"], reason="Thiếu ảnh.", at=vn(2026, 3, 3, 10, 0)
    )
    client.force_login(world.staff[Role.RECEPTION])
    for slug in ("mau-01", "mau-02", "mau-04", "mau-05"):
        response = client.get(form_url(dossier, slug))
        assert response.status_code == 200, slug
        assert response.content.startswith(b"%PDF-")


def test_officials_of_another_agency_get_not_found(client, world, received):
    client.force_login(world.stranger[Role.LEADER])
    assert client.get(form_url(received)).status_code == 404


def test_an_agency_sees_a_dossier_once_it_is_transferred_there(client, world, transferred):
    client.force_login(world.district_staff[Role.HANDLER])
    assert client.get(form_url(transferred, "mau-05")).status_code == 200


@pytest.mark.parametrize("account", ["citizen", "postman"])
def test_citizens_and_postal_agents_are_refused(client, world, received, account):
    client.force_login(getattr(world, account))
    assert client.get(form_url(received)).status_code == 403
    assert client.get(register_url(world)).status_code == 403


def test_even_the_applicant_cannot_print_through_the_back_office(client, world, refused):
    client.force_login(world.citizen)
    assert client.get(form_url(refused, "mau-03")).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, received, world):
    for url in (form_url(received), register_url(world)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/dang-nhap/")


def test_an_unknown_code_is_not_found(client, world):
    client.force_login(world.staff[Role.RECEPTION])
    assert client.get("/mot-cua/bieu-mau/000.01.01.H56-260302-9999/mau-01.pdf").status_code == 404


def test_a_form_that_does_not_apply_says_why_in_vietnamese(client, world, received):
    client.force_login(world.staff[Role.RECEPTION])
    response = client.get(form_url(received, "mau-03"))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "không bị từ chối tiếp nhận" in page and received.code in page


def test_the_refusal_notice_of_a_refused_dossier(client, world, refused):
    client.force_login(world.staff[Role.RECEPTION])
    response = client.get(form_url(refused, "mau-03"))
    assert response.status_code == 200
    assert "Thủ tục thuộc thẩm quyền giải quyết của UBND thành phố." in pdf_text(response.content)
    assert client.get(form_url(refused, "mau-01")).status_code == 404


def test_the_register_as_pdf_and_as_spreadsheet(client, world, received):
    client.force_login(world.staff[Role.HANDLER])
    pdf = client.get(register_url(world))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert received.code in pdf_text(pdf.content)
    xlsx = client.get(register_url(world, "xlsx"))
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"].startswith("attachment;")
    assert xlsx["Content-Disposition"].endswith('.xlsx"')
    codes = [row[1] for row in load_workbook(BytesIO(xlsx.content)).active.iter_rows(min_row=5, values_only=True)]
    assert codes == [received.code]


@pytest.mark.parametrize(
    "changes",
    [{"from": "hom-qua"}, {"to": ""}, {"from": "2026-04-01"}, {"field": "khong-co"}, {"agency": ""}, {"from": "2026-02-30"}],
)
def test_bad_register_params_answer_400_in_vietnamese(client, world, changes):
    client.force_login(world.staff[Role.RECEPTION])
    for kind in ("pdf", "xlsx"):
        response = client.get(register_url(world, kind, **changes))
        assert response.status_code == 400
        assert "Yêu cầu không hợp lệ" in response.content.decode()


def test_the_register_of_an_agency_where_one_holds_no_role_is_refused(client, world):
    client.force_login(world.stranger[Role.LEADER])
    response = client.get(register_url(world))
    assert response.status_code == 403
    assert "không có vai trò tại cơ quan" in response.content.decode()
