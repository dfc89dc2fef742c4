"""The blank forms (mẫu đơn, tờ khai) a procedure offers to fill in: one of uploads.BLANK_FORMS
on the way in, and on the way out always a download, as the kind its content shows, never a
page or a picture the browser would render."""

from pathlib import PurePosixPath

from django.http import FileResponse, Http404
from django.utils.text import slugify

from motcua.catalog.models import RequiredDocument
from motcua.text import unaccent
from motcua.uploads import BLANK_FORMS, kind_of


def download_stem(document: RequiredDocument) -> str:
    """The document's name in ASCII, for the downloaded file ("to-khai-dang-ky-khai-sinh")."""
    return slugify(unaccent(document.name))[:80].strip("-") or "mau-don"


def shown_name(document: RequiredDocument) -> str:
    return download_stem(document) + PurePosixPath(document.template.name).suffix


def download(document: RequiredDocument) -> FileResponse:
    """The document's blank form as an attachment; 404 when it has none, or when the file stored
    is not a blank form (one uploaded before uploads were checked)."""
    if not document.template:
        raise Http404
    stored = document.template.open("rb")
    kind = kind_of(stored)
    if kind not in BLANK_FORMS:
        stored.close()
        raise Http404
    response = FileResponse(
        stored, as_attachment=True, filename=f"{download_stem(document)}.{kind.extension}", content_type=kind.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
