"""Checking a signed PDF for anyone: is it intact, who signed it and when, is the signer's
certificate trusted, and is it exactly the file the platform issued.

Trusted roots are SIGNING_TRUST_ANCHORS plus the roots of the platform's own signing
certificates (each registered by an administrator). Revocation is looked up where the
certificates say; when that fails the answer says the status is unknown rather than
refusing to answer. Every failure is a Vietnamese message, never an exception.
"""

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO

from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from motcua.signatures.certificates import configured_trust_anchors, is_self_signed, load_pem_list, to_asn1
from motcua.signatures.models import DocumentSignature, SigningCredential
from motcua.signatures.pdf import sha256


class Unreadable(Exception):
    """The upload is not a PDF this page can check; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class SignatureFinding:
    signer: str
    organisation: str
    signed_at: datetime | None
    timestamp: datetime | None
    intact: bool
    trusted: bool
    revoked: bool
    covers_whole_file: bool
    fingerprint: str


@dataclass
class Report:
    sha256: str
    signatures: list[SignatureFinding] = field(default_factory=list)
    issued: DocumentSignature | None = None

    @property
    def intact(self) -> bool:
        """Every signature is cryptographically sound and the last one covers the whole file:
        any byte changed or added after signing makes this false."""
        return bool(self.signatures) and all(s.intact for s in self.signatures) and self.signatures[-1].covers_whole_file

    @property
    def trusted(self) -> bool:
        return bool(self.signatures) and all(s.trusted and not s.revoked for s in self.signatures)

    @property
    def matches_issued(self) -> bool:
        return self.issued is not None

    def as_json(self) -> dict:
        return {
            "sha256": self.sha256,
            "intact": self.intact,
            "trusted": self.trusted,
            "matches_issued": self.matches_issued,
            "dossier": self.issued.dossier.code if self.issued else None,
            "document": self.issued.get_purpose_display() if self.issued else None,
            "signatures": [
                {
                    "signer": s.signer,
                    "organisation": s.organisation,
                    "signed_at": s.signed_at.isoformat() if s.signed_at else None,
                    "timestamp": s.timestamp.isoformat() if s.timestamp else None,
                    "intact": s.intact,
                    "trusted": s.trusted,
                    "revoked": s.revoked,
                    "covers_whole_file": s.covers_whole_file,
                    "certificate_sha256": s.fingerprint,
                }
                for s in self.signatures
            ],
        }


def trust_roots() -> list:
    roots = {c.fingerprint(c.signature_hash_algorithm): c for c in configured_trust_anchors()}
    for chain_pem in SigningCredential.objects.values_list("chain_pem", flat=True):
        for certificate in load_pem_list(chain_pem):
            if is_self_signed(certificate):
                roots[certificate.fingerprint(certificate.signature_hash_algorithm)] = certificate
    return [to_asn1(c) for c in roots.values()]


def _name(certificate, attribute: str) -> str:
    try:
        return str(certificate.subject.native.get(attribute, ""))
    except ValueError:
        return ""


async def _check(signatures, roots) -> list[SignatureFinding]:
    findings = []
    for embedded in signatures:
        # retroactive_revinfo: an OCSP answer dated after the moment of the check still counts,
        # as when signing (certificates.check_before_signing): a slow or fast-clocked responder
        # would otherwise make a revoked signer's file look merely untrusted, and a good one's too.
        context = ValidationContext(trust_roots=roots, allow_fetching=True, revocation_mode="soft-fail", retroactive_revinfo=True)
        try:
            status = await async_validate_pdf_signature(embedded, context)
        finally:
            await context.aclose()
        stamp = status.timestamp_validity
        findings.append(
            SignatureFinding(
                signer=_name(status.signing_cert, "common_name"),
                organisation=_name(status.signing_cert, "organization_name"),
                signed_at=status.signer_reported_dt,
                timestamp=stamp.timestamp if stamp and stamp.intact and stamp.valid else None,
                intact=bool(status.intact and status.valid),
                trusted=bool(status.trusted),
                revoked=bool(status.revoked),
                covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
                fingerprint=status.signing_cert.sha256.hex(),
            )
        )
    return findings


def check_size(size: int) -> None:
    if size == 0:
        raise Unreadable(_("Tệp rỗng: hãy chọn tệp PDF đã ký."))
    if size > settings.UPLOAD_MAX_MEGABYTES * 1024 * 1024:
        raise Unreadable(_("Tệp quá lớn (tối đa %(limit)s MB).") % {"limit": settings.UPLOAD_MAX_MEGABYTES})


def verify(content: bytes, *, issued: DocumentSignature | None = None) -> Report:
    """What `content` is. With `issued` (a signature record, from a QR code), whether it is
    that very file; without, whether it is any file the platform signed."""
    check_size(len(content))
    if not content.startswith(b"%PDF-"):
        raise Unreadable(_("Tệp không phải là tệp PDF."))
    digest = sha256(content)
    try:
        reader = PdfFileReader(BytesIO(content), strict=False)
        signatures = reader.embedded_signatures
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as error:
        raise Unreadable(_("Không đọc được tệp PDF: %(error)s") % {"error": error})
    if not signatures:
        raise Unreadable(_("Tệp PDF này không có chữ ký số."))
    try:
        findings = asyncio.run(_check(signatures, trust_roots()))
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as error:
        raise Unreadable(_("Không kiểm tra được chữ ký trong tệp: %(error)s") % {"error": error})
    records = DocumentSignature.objects.select_related("dossier")
    if issued is not None:
        match = issued if issued.sha256 == digest else None
    else:
        match = records.filter(sha256=digest).first()
    return Report(sha256=digest, signatures=findings, issued=match)
