"""Every dossier screen refuses visitors, citizens and postal agents, and hides from officials
of other agencies what is not theirs."""

import pytest
from django.core.files.base import ContentFile

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import CitizenFactory
from motcua.backoffice.tests.helpers import snapshot
from motcua.dossiers.models import DossierDocument


def screens(code: str, document: int) -> list[tuple[str, str]]:
    return [
        ("get", "/mot-cua/viec/chuyen-xu-ly/"),
        ("get", "/mot-cua/tim/?q=abc"),
        ("get", f"/mot-cua/ho-so/{code}/"),
        ("get", f"/mot-cua/ho-so/{code}/giay-to/{document}/"),
        ("post", f"/mot-cua/ho-so/{code}/thao-tac/hand_over/"),
        ("post", f"/mot-cua/ho-so/{code}/ghi-chu/"),
        ("post", f"/mot-cua/ho-so/{code}/ket-qua/"),
        ("post", "/mot-cua/viec/chuyen-xu-ly/chuyen-nhieu/"),
    ]


@pytest.fixture
def dossier(world):
    dossier = world.receive()
    document = dossier.documents.first()
    document.file.save("to-khai.pdf", ContentFile(b"%PDF-1.4 test"))
    return dossier


def test_anonymous_visitors_are_sent_to_log_in(client, dossier):
    for method, url in screens(dossier.code, dossier.documents.first().pk):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/"), url
    assert snapshot(dossier)[0] == "received"


def test_citizens_and_postal_agents_are_refused(client, world, dossier):
    for user in (CitizenFactory(), world.postman, world.citizen):
        client.force_login(user)
        for method, url in screens(dossier.code, dossier.documents.first().pk):
            assert getattr(client, method)(url).status_code == 403, (user, url)
    assert snapshot(dossier)[-1] == 1


def test_officials_of_another_agency_do_not_find_the_dossier(client, world, dossier):
    before = snapshot(dossier)
    client.force_login(world.stranger[Role.RECEPTION])
    document = dossier.documents.first().pk
    assert client.get(f"/mot-cua/ho-so/{dossier.code}/").status_code == 404
    assert client.get(f"/mot-cua/ho-so/{dossier.code}/giay-to/{document}/").status_code == 404
    assert client.post(f"/mot-cua/ho-so/{dossier.code}/thao-tac/hand_over/").status_code == 404
    assert client.post(f"/mot-cua/ho-so/{dossier.code}/ghi-chu/", {"text": "xin chào"}).status_code == 404
    assert client.post(f"/mot-cua/ho-so/{dossier.code}/ket-qua/").status_code == 404
    assert snapshot(dossier) == before and not dossier.notes.exists()


def test_officials_of_another_agency_see_empty_lists_and_no_search_hit(client, world, dossier):
    client.force_login(world.stranger[Role.RECEPTION])
    page = client.get("/mot-cua/viec/chuyen-xu-ly/").content.decode()
    assert dossier.code not in page and "Không có hồ sơ nào." in page
    link = f"/mot-cua/ho-so/{dossier.code}/"
    response = client.get("/mot-cua/tim/", {"q": dossier.code})
    assert response.status_code == 200 and link not in response.content.decode()
    assert link not in client.get("/mot-cua/tim/", {"q": "Tran Thi Lan"}).content.decode()


def test_bulk_handover_by_a_stranger_hands_nothing_over(client, world, dossier):
    client.force_login(world.stranger[Role.RECEPTION])
    response = client.post("/mot-cua/viec/chuyen-xu-ly/chuyen-nhieu/", {"dossiers": [dossier.code]}, follow=True)
    assert "không tìm thấy hồ sơ" in response.content.decode()
    assert snapshot(dossier)[0] == "received"


def test_a_document_of_another_dossier_is_not_served_through_this_one(client, world, dossier):
    other = world.receive()
    client.force_login(world.staff[Role.RECEPTION])
    assert client.get(f"/mot-cua/ho-so/{other.code}/giay-to/{dossier.documents.first().pk}/").status_code == 404


def test_files_open_in_the_browser_when_they_can(client, world, dossier):
    client.force_login(world.staff[Role.HANDLER])
    pdf = dossier.documents.first()
    response = client.get(f"/mot-cua/ho-so/{dossier.code}/giay-to/{pdf.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline") and b"".join(response.streaming_content).startswith(b"%PDF")
    # Named after the dossier when downloaded; stored under a name of its own.
    assert response["Content-Disposition"].endswith(f'filename="{dossier.code}-{pdf.pk}.pdf"')
    other = DossierDocument.objects.create(dossier=dossier, name="Bản vẽ")
    other.file.save("ban-ve.html", ContentFile(b"<script>alert(1)</script>"))
    response = client.get(f"/mot-cua/ho-so/{dossier.code}/giay-to/{other.pk}/")
    assert response["Content-Disposition"].startswith("attachment")
    empty = DossierDocument.objects.create(dossier=dossier, name="Chưa quét")
    assert client.get(f"/mot-cua/ho-so/{dossier.code}/giay-to/{empty.pk}/").status_code == 404
