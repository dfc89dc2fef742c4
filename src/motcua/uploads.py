"""Checking files people upload (scans of papers, results): judged by their content, never
by the name or type the browser claims."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

# First bytes of each accepted kind of document.
SIGNATURES = {b"%PDF-": "pdf", b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}


def sniff(upload: UploadedFile) -> str | None:
    """The kind of document ("pdf", "jpg", "png") by its content, or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    return next((kind for magic, kind in SIGNATURES.items() if head.startswith(magic)), None)


def check_document(upload: UploadedFile, document_name: str) -> UploadedFile:
    """Accept a PDF, JPEG or PNG under UPLOAD_MAX_MEGABYTES; give it a name of our own so
    that nothing the browser sent ends up in a storage path."""
    limit = settings.UPLOAD_MAX_MEGABYTES
    if upload.size > limit * 1024 * 1024:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (tối đa %(limit)s MB).") % {"name": document_name, "limit": limit}
        )
    kind = sniff(upload)
    if kind is None:
        raise ValidationError(_("Tệp “%(name)s” phải là tệp PDF, JPEG hoặc PNG.") % {"name": document_name})
    upload.name = f"tai-lieu.{kind}"
    return upload
