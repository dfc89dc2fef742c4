"""Signing a dossier's documents and checking signed files: who may, what is signed, what
is kept and what the dossier's history records.

- The leader signs the result once it is at or past the approval step: the handler's draft
  or an uploaded final result, as it is; the signed PDF becomes the dossier's final result
  and the unsigned original is kept as a draft. A file is never offered, nor signed, twice
  with the same certificate (signable_results).
- The reception officer signs the receipt (Mẫu 01).
- The clerk applies the agency's seal (its certificate) to either.
Every signature and every check of a platform-issued file is an event on the dossier.
Anything refused raises ValidationError (lifecycle.Refused for permissions) in Vietnamese
and changes nothing.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts import permissions
from motcua.accounts.models import User
from motcua.catalog.models import ProcessStep
from motcua.dossiers import lifecycle
from motcua.dossiers.models import DocumentKind, Dossier, DossierDocument, State
from motcua.printforms import forms as printforms
from motcua.signatures import pdf, verification
from motcua.signatures.models import DocumentSignature, Purpose, SigningCredential, _token

CLOSED_STATES = frozenset({State.REFUSED, State.WITHDRAWN, State.STOPPED})
# The leader signs the handler's draft directly, or a final result someone uploaded.
SIGNABLE_KINDS = (DocumentKind.DRAFT_RESULT, DocumentKind.FINAL_RESULT)


def verification_url(token: str) -> str:
    return settings.PUBLIC_URL.rstrip("/") + reverse("signatures:issued", kwargs={"token": token})


def usable_credentials(user: User, dossier: Dossier, purpose: str) -> list[SigningCredential]:
    """The certificates `user` may sign this dossier's `purpose` document with, valid today."""
    agency_id = dossier.current_agency_id if purpose == Purpose.RESULT else dossier.receiving_agency_id
    now = timezone.now()
    candidates = SigningCredential.objects.filter(agency_id=agency_id, is_active=True, not_before__lte=now, not_after__gte=now)
    return [c for c in candidates.select_related("agency", "user") if permissions.may_sign_with(user, c, agency_id, purpose)]


def reached_approval(dossier: Dossier) -> bool:
    at_approval = dossier.current_step is not None and dossier.current_step.kind == ProcessStep.Kind.APPROVAL
    return at_approval or dossier.events.filter(action="approve").exists()


def _file_sha256(document: DossierDocument) -> str:
    with document.file.open("rb") as handle:
        return pdf.sha256(handle.read())


def signable_results(dossier: Dossier, credential: SigningCredential) -> list[DossierDocument]:
    """The result PDFs of `dossier` that `credential` may still sign: a draft or final result
    never signed (not the original of a signature the platform made), and a signed final
    result that this certificate has not signed already (a seal on the leader's signature).
    A signed original, kept as a draft, is not offered again."""
    records = list(DocumentSignature.objects.filter(dossier=dossier, purpose=Purpose.RESULT))
    originals = {record.original_sha256 for record in records}
    outputs = {record.document_id: record for record in records}
    signable = []
    for document in dossier.documents.filter(kind__in=SIGNABLE_KINDS).order_by("added_at", "pk"):
        if not document.file or not document.file.name.lower().endswith(".pdf"):
            continue
        made = outputs.get(document.pk)
        if made is None:
            if not originals or _file_sha256(document) not in originals:
                signable.append(document)
        elif document.kind == DocumentKind.FINAL_RESULT and not any(
            r.credential_id == credential.pk and r.signed_at <= made.signed_at for r in records
        ):
            signable.append(document)
    return signable


def result_signing_refusal(user: User, dossier: Dossier, credential: SigningCredential) -> str | None:
    if dossier.state in CLOSED_STATES:
        return _("Hồ sơ %(code)s đã kết thúc, không ký kết quả được.") % {"code": dossier.code}
    if not reached_approval(dossier):
        return _("Hồ sơ %(code)s chưa đến bước ký duyệt, chưa ký kết quả được.") % {"code": dossier.code}
    if not permissions.may_sign_with(user, credential, dossier.current_agency_id, Purpose.RESULT):
        return _("Bạn không được ký kết quả của hồ sơ %(code)s bằng chứng thư số này.") % {"code": dossier.code}
    return None


def receipt_signing_refusal(user: User, dossier: Dossier, credential: SigningCredential) -> str | None:
    if dossier.received_at is None:
        return _("Hồ sơ %(code)s chưa được tiếp nhận, chưa có giấy tiếp nhận để ký.") % {"code": dossier.code}
    if not permissions.may_sign_with(user, credential, dossier.receiving_agency_id, Purpose.RECEIPT):
        return _("Bạn không được ký giấy tiếp nhận của hồ sơ %(code)s bằng chứng thư số này.") % {"code": dossier.code}
    return None


def _position(credential: SigningCredential) -> str:
    return credential.title or (_("Văn thư – đóng dấu") if credential.is_seal else "")


def _sign_and_record(
    *, dossier: Dossier, actor: User, credential: SigningCredential, purpose: str, content: bytes, name: str,
    document: DossierDocument | None, at: datetime,
) -> DocumentSignature:
    token = _token()
    # The certificate is checked (validity, revocation) and the file signed before anything
    # is written: a refusal leaves the dossier exactly as it was.
    signed = pdf.sign(
        content=content, credential=credential, verify_url=verification_url(token), position=_position(credential),
        field_name=f"MotCua-{token[:10]}", at=at,
    )
    with transaction.atomic():
        if document is not None:
            # Two signers on the same result at once: the second finds it already signed.
            current = DossierDocument.objects.select_for_update().get(pk=document.pk)
            if current.pk not in {d.pk for d in signable_results(dossier, credential)}:
                raise ValidationError(_("Văn bản này đã được ký bằng chứng thư số này; bản đã ký là kết quả của hồ sơ."))
            signed_document = DossierDocument.objects.create(
                dossier=dossier, kind=DocumentKind.FINAL_RESULT, name=name[:500],
                file=ContentFile(signed.content, name="ket-qua-da-ky-so.pdf"),
            )
            # The unsigned original stays in the dossier, as a draft: the applicant receives the signed one.
            DossierDocument.objects.filter(pk=document.pk).update(kind=DocumentKind.DRAFT_RESULT)
            document = signed_document
        record = DocumentSignature.objects.create(
            token=token, dossier=dossier, document=document, purpose=purpose, credential=credential, signed_by=actor,
            signer_name=credential.signer_name, certificate_fingerprint=credential.fingerprint, signed_at=at,
            sha256=signed.sha256, original_sha256=pdf.sha256(content), timestamped=signed.timestamped,
            signed_file=ContentFile(signed.content, name="da-ky-so.pdf"),
        )
        lifecycle.record_signature(
            dossier=dossier, actor=actor, document=name, at=at,
            data={
                "signature": token, "purpose": purpose, "document": document.pk if document else None,
                "certificate_sha256": credential.fingerprint, "sha256": signed.sha256, "seal": credential.is_seal,
            },
        )
    return record


def sign_result(
    *, dossier: Dossier, document: DossierDocument, actor: User, credential: SigningCredential, at: datetime | None = None
) -> DocumentSignature:
    """Sign the result `document` (a PDF, the handler's draft or a final result) of
    `dossier`; the signed file becomes the dossier's final result."""
    dossier = Dossier.objects.select_related("current_step").get(pk=dossier.pk)
    reason = result_signing_refusal(actor, dossier, credential)
    if reason:
        raise lifecycle.Refused(reason, code="refused")
    if document.dossier_id != dossier.pk or document.kind not in SIGNABLE_KINDS or not document.file:
        raise ValidationError(_("Chỉ ký được dự thảo hoặc tệp kết quả giải quyết của hồ sơ này."))
    if document.pk not in {d.pk for d in signable_results(dossier, credential)}:
        raise ValidationError(_("Văn bản này đã được ký bằng chứng thư số này; bản đã ký là kết quả của hồ sơ."))
    with document.file.open("rb") as handle:
        content = handle.read()
    name = _("%(name)s (đã ký số)") % {"name": document.name.removesuffix(" (đã ký số)")}
    return _sign_and_record(
        dossier=dossier, actor=actor, credential=credential, purpose=Purpose.RESULT, content=content, name=name,
        document=document, at=at or timezone.now(),
    )


def sign_receipt(*, dossier: Dossier, actor: User, credential: SigningCredential, at: datetime | None = None) -> DocumentSignature:
    """Sign the receipt (Mẫu 01) of `dossier` as printed now."""
    reason = receipt_signing_refusal(actor, dossier, credential)
    if reason:
        raise lifecycle.Refused(reason, code="refused")
    try:
        content = printforms.receipt(dossier)
    except printforms.FormNotApplicable as error:
        raise ValidationError(str(error))
    return _sign_and_record(
        dossier=dossier, actor=actor, credential=credential, purpose=Purpose.RECEIPT, content=content,
        name=_("Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả (đã ký số)"), document=None, at=at or timezone.now(),
    )


# The same file checked again against the same signature by the same party (the public counts
# as one) within this time says nothing new: the history keeps the first check only, so that
# checks repeated by a program cannot fill a dossier's history.
RECHECK_UNRECORDED = timedelta(hours=1)


def check_file(*, content: bytes, actor: User | None, issued: DocumentSignature | None = None) -> verification.Report:
    """Verify an uploaded file (verification.verify) and, when it concerns a dossier (it is,
    or was checked against, a file the platform signed), record the check on that dossier,
    unless the same party checked the same file within RECHECK_UNRECORDED.
    Raises verification.Unreadable for what cannot be checked."""
    report = verification.verify(content, issued=issued)
    concerned = issued or report.issued
    if concerned is None:
        return report
    actor = actor if actor is not None and actor.is_authenticated else None
    recent = concerned.dossier.events.filter(
        action="verify_document", actor=actor, at__gte=timezone.now() - RECHECK_UNRECORDED,
        data__signature=concerned.token, data__sha256=report.sha256,
    )
    if not recent.exists():
        lifecycle.record_verification(
            dossier=concerned.dossier,
            actor=actor,
            data={
                "signature": concerned.token, "sha256": report.sha256, "intact": report.intact,
                "trusted": report.trusted, "matches_issued": report.matches_issued,
            },
        )
    return report
