"""Checking a signed PDF for anyone: is it intact, who signed it and when, is the signer's
certificate trusted, and is it exactly the file the platform issued.

Trusted roots are SIGNING_TRUST_ANCHORS plus the roots of the platform's own signing
certificates (each registered by an administrator). A signer is trusted when its chain
reaches one of them and the revocation status of every certificate of the chain that names
a CRL or OCSP source is established: from the revocation information the file carries, or
from a source listed in SIGNING_REVOCATION_SOURCES (revocation.py says what is fetched).
When it cannot be established the answer says so, and why, rather than "not revoked".
Every failure is a Vietnamese message, never an exception.
"""

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.general import MultivaluedAttributeError, NonexistentAttributeError, find_unique_cms_attribute
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore, NoDSSFoundError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from motcua.signatures import revocation
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
    trusted: bool  # chain to a trusted root, revocation established and not revoked
    revoked: bool | None  # None: the revocation status could not be established
    covers_whole_file: bool
    fingerprint: str
    revocation_unknown: str = ""  # why revoked is None, in Vietnamese


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
        return bool(self.signatures) and all(s.trusted for s in self.signatures)

    @property
    def revocation_unknown(self) -> bool:
        """Not trusted only because some signer's revocation status could not be established."""
        return not self.trusted and all(s.trusted or s.revoked is None for s in self.signatures)

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
                    "revocation_unknown": s.revocation_unknown or None,
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


UNCHECKED = {
    revocation.Unchecked.SOURCE_NOT_TRUSTED: gettext_lazy(
        "Không kiểm tra được tình trạng thu hồi của chứng thư số: nguồn tra cứu (CRL/OCSP) mà chứng thư chỉ đến "
        "không thuộc các nguồn được tin cậy, và tệp không kèm thông tin thu hồi."
    ),
    revocation.Unchecked.NO_ANSWER: gettext_lazy(
        "Không kiểm tra được tình trạng thu hồi của chứng thư số: nguồn tra cứu (CRL/OCSP) không trả lời được."
    ),
    revocation.Unchecked.TOO_MANY_SOURCES: gettext_lazy(
        "Không kiểm tra được tình trạng thu hồi của chứng thư số: tệp có quá nhiều chứng thư cần tra cứu."
    ),
    None: gettext_lazy("Không kiểm tra được tình trạng thu hồi của chứng thư số."),
}


def _carried(reader: PdfFileReader, signatures) -> tuple[DocumentSecurityStore | None, dict]:
    """The file's DSS, if any, and the revocation information its signatures carry in the
    adobe-revinfo attribute, as ValidationContext arguments. Valid for any signature of the
    file: each CRL and OCSP answer is checked against its issuer wherever it was found."""
    crls, ocsps = [], []
    for embedded in signatures:
        try:
            archival = find_unique_cms_attribute(embedded.signer_info["signed_attrs"], "adobe_revocation_info_archival")
        except (NonexistentAttributeError, MultivaluedAttributeError):
            continue
        crls.extend(archival["crl"] or ())
        ocsps.extend(archival["ocsp"] or ())
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        dss = None
    return dss, {"crls": crls, "ocsps": ocsps}


def _context(dss: DocumentSecurityStore | None, **arguments) -> ValidationContext:
    # Answers dated after the moment of the check count, as when signing
    # (certificates.check_before_signing): a slow or fast-clocked responder would otherwise
    # make a revoked signer's file look merely unchecked, and a good one's too.
    arguments["retroactive_revinfo"] = True
    return dss.as_validation_context(arguments) if dss else ValidationContext(**arguments)


def _finding(status, unknown: str = "") -> SignatureFinding:
    stamp = status.timestamp_validity
    return SignatureFinding(
        signer=_name(status.signing_cert, "common_name"),
        organisation=_name(status.signing_cert, "organization_name"),
        signed_at=status.signer_reported_dt,
        timestamp=stamp.timestamp if stamp and stamp.intact and stamp.valid else None,
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        revoked=None if unknown else bool(status.revoked),
        covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        fingerprint=status.signing_cert.sha256.hex(),
        revocation_unknown=unknown,
    )


async def _check(signatures, roots, reader: PdfFileReader) -> list[SignatureFinding]:
    """Each signature checked with revocation required wherever a certificate names a source
    ("hard-fail"). One that fails so, unrevoked, with a chain to a trusted root, is checked
    again with no source asked and revocation optional: if it then passes, only revocation
    was missing, and the finding says why rather than calling the signer untrusted."""
    dss, carried = _carried(reader, signatures)
    findings = []
    async with revocation.public_lookups() as (lookups, fetchers):
        context = _context(dss, trust_roots=roots, fetchers=fetchers, allow_fetching=True, revocation_mode="hard-fail", **carried)
        unfetched = None
        for embedded in signatures:
            status = await async_validate_pdf_signature(embedded, context)
            if status.trusted or status.revoked or status.validation_path is None:
                findings.append(_finding(status))
                continue
            if unfetched is None:
                unfetched = _context(dss, trust_roots=roots, revocation_mode="soft-fail", **carried)
            again = await async_validate_pdf_signature(embedded, unfetched)
            if not again.trusted:
                findings.append(_finding(status))
                continue
            why = lookups.why_unchecked(again.validation_path.iter_certs(include_root=False))
            findings.append(_finding(status, unknown=str(UNCHECKED[why])))
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
        findings = asyncio.run(_check(signatures, trust_roots(), reader))
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as error:
        raise Unreadable(_("Không kiểm tra được chữ ký trong tệp: %(error)s") % {"error": error})
    records = DocumentSignature.objects.select_related("dossier")
    if issued is not None:
        match = issued if issued.sha256 == digest else None
    else:
        match = records.filter(sha256=digest).first()
    return Report(sha256=digest, signatures=findings, issued=match)
