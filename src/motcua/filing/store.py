"""Kho dữ liệu: every paper an applicant uploads is kept once (by content) so that it can
be picked again for the next dossier instead of uploaded again."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from motcua.accounts import permissions
from motcua.dossiers.models import DocumentKind, Dossier, DossierDocument
from motcua.filing.models import StoredDocument
from motcua.uploads import check_document, sniff


def _sha256(file: File) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def checked_upload(upload, document_name: str):
    """check_document, plus refusing an empty file (it sniffs as nothing, but say so plainly)."""
    if not upload.size:
        raise ValidationError(_("Tệp “%(name)s” trống.") % {"name": document_name})
    return check_document(upload, document_name)


def store_upload(*, owner, upload, name: str) -> StoredDocument:
    """Keep a checked upload in the owner's store; the same content is stored only once."""
    checked_upload(upload, name)
    digest = _sha256(upload)
    existing = StoredDocument.objects.filter(owner=owner, sha256=digest).first()
    if existing:
        return existing
    return StoredDocument.objects.create(owner=owner, name=name[:500], file=upload, kind=sniff(upload), sha256=digest)


def stored_documents(owner) -> QuerySet[StoredDocument]:
    return StoredDocument.objects.filter(owner=owner)


def earlier_results(owner) -> QuerySet[DossierDocument]:
    """Final results of the owner's own dossiers that came as a file, not yet in the store."""
    return (
        DossierDocument.objects.filter(dossier__in=permissions.visible_dossiers(owner, Dossier.objects.all()), kind=DocumentKind.FINAL_RESULT)
        .exclude(file="")
        .exclude(file__in=stored_documents(owner).values("file"))
        .select_related("dossier")
        .order_by("-added_at")
    )


def keep_result(*, owner, result: DossierDocument) -> StoredDocument:
    """Put one of the owner's results in their store, pointing at the same file (no copy)."""
    if not permissions.is_owner(owner, result.dossier) or result.kind != DocumentKind.FINAL_RESULT or not result.file:
        raise ValidationError(_("Không tìm thấy kết quả này trong hồ sơ của bạn."))
    with result.file.open("rb") as handle:
        digest = _sha256(handle)
        kind = sniff(handle) or ""
    existing = StoredDocument.objects.filter(owner=owner, sha256=digest).first()
    if existing:
        return existing
    return StoredDocument.objects.create(
        owner=owner, name=result.name, file=result.file.name, kind=kind, sha256=digest, source_dossier=result.dossier
    )
