"""The blank forms (mẫu đơn, tờ khai) of a published procedure, for anyone: always downloaded,
as the kind their content shows, never rendered by the browser as a page of the site."""

import pytest
from django.core.files.base import ContentFile

from motcua.catalog.models import ProcedureVersion
from motcua.catalog.tests.factories import ProcedureVersionFactory
from motcua.tests.test_uploads import BLANK_FORM_SAMPLES, sample

pytestmark = pytest.mark.django_db

CONTENT_TYPES = {
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


@pytest.fixture
def form():
    """The first document of a published procedure, “Tờ khai theo mẫu”, with its blank form."""
    version = ProcedureVersionFactory(procedure__code="1.001193", name="Đăng ký khai sinh")
    document = version.documents.get(order=1)
    document.template.save("to-khai.docx", ContentFile(sample("to-khai.docx")))
    return document


def address(document) -> str:
    return f"/thu-tuc/{document.version.procedure.code}/mau-don/{document.pk}/"


def test_a_blank_form_is_downloaded_never_shown(client, form):
    response = client.get(address(form))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="to-khai-theo-mau.docx"'
    assert response["Content-Type"] == CONTENT_TYPES["docx"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == sample("to-khai.docx")


@pytest.mark.parametrize(("name", "extension"), BLANK_FORM_SAMPLES.items())
def test_the_content_type_is_the_kind_of_the_content_whatever_the_stored_name(client, form, name, extension):
    # As a file stored before names were ours would be: the name says one thing, the content another.
    form.template.save("mau-don.html", ContentFile(sample(name)))
    response = client.get(address(form))
    assert response["Content-Type"] == CONTENT_TYPES[extension]
    assert response["Content-Disposition"] == f'attachment; filename="to-khai-theo-mau.{extension}"'


@pytest.mark.parametrize(
    "content",
    [b"<!doctype html><script>alert(document.cookie)</script>", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'],
)
def test_a_page_or_a_picture_stored_before_uploads_were_checked_is_not_served(client, form, content):
    form.template.save("to-khai.docx", ContentFile(content))
    assert client.get(address(form)).status_code == 404


def test_only_the_published_version_with_a_template_answers(client, form):
    without = form.version.documents.get(order=2)
    assert client.get(address(without)).status_code == 404
    assert client.get(f"/thu-tuc/9.999999/mau-don/{form.pk}/").status_code == 404

    draft = ProcedureVersionFactory(procedure__code="1.000002", status=ProcedureVersion.Status.DRAFT)
    unpublished = draft.documents.get(order=1)
    unpublished.template.save("to-khai.docx", ContentFile(sample("to-khai.docx")))
    assert client.get(address(unpublished)).status_code == 404

    form.version.status = ProcedureVersion.Status.SUPERSEDED
    form.version.save()
    assert client.get(address(form)).status_code == 404
