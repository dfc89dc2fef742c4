"""Certificates: reading them, and the check made before every signature: the signer's
certificate must be within its validity period and not revoked (CRL or OCSP, fetched from
the addresses the certificates name, each request within SIGNING_FETCH_TIMEOUT seconds),
with a chain up to its root."""

import asyncio
import hashlib
from datetime import datetime
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import (
    ExpiredError,
    InsufficientRevinfoError,
    NotYetValidError,
    PathBuildingError,
    PathValidationError,
    RevokedError,
)

from motcua.signatures import revocation


class CertificateRefused(ValidationError):
    """The certificate may not sign now: expired, not yet valid, revoked or unverifiable."""


def load_pem_list(text: str) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(text.encode()) if text and text.strip() else []


def to_pem(certificates: list[x509.Certificate]) -> str:
    return "".join(c.public_bytes(Encoding.PEM).decode() for c in certificates)


def to_asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(Encoding.DER))


def fingerprint(certificate: x509.Certificate | asn1_x509.Certificate) -> str:
    der = certificate.dump() if isinstance(certificate, asn1_x509.Certificate) else certificate.public_bytes(Encoding.DER)
    return hashlib.sha256(der).hexdigest()


def is_self_signed(certificate: x509.Certificate) -> bool:
    return certificate.issuer == certificate.subject


def configured_trust_anchors() -> list[x509.Certificate]:
    path = settings.SIGNING_TRUST_ANCHORS
    return load_pem_list(Path(path).read_text()) if path else []


def describe_failure(error: Exception, certificate: x509.Certificate) -> str:
    until = certificate.not_valid_after_utc.strftime("%d/%m/%Y")
    if isinstance(error, RevokedError):
        return _("Chứng thư số đã bị thu hồi, không được dùng để ký.")
    if isinstance(error, ExpiredError):
        return _("Chứng thư số đã hết hạn (hiệu lực đến %(until)s), không được dùng để ký.") % {"until": until}
    if isinstance(error, NotYetValidError):
        return _("Chứng thư số chưa đến thời gian có hiệu lực, chưa được dùng để ký.")
    if isinstance(error, InsufficientRevinfoError):
        return _("Không kiểm tra được tình trạng thu hồi của chứng thư số (CRL/OCSP); chưa ký được, vui lòng thử lại sau.")
    if isinstance(error, PathBuildingError):
        return _("Không xác lập được chuỗi chứng thư số đến tổ chức cấp gốc.")
    return _("Chứng thư số không hợp lệ: %(error)s") % {"error": error}


async def _validate_and_release(validator: CertificateValidator, context: ValidationContext) -> None:
    try:
        await validator.async_validate_usage(set())
    finally:
        await context.aclose()  # the HTTP session that fetched CRLs / OCSP


def check_before_signing(certificate: x509.Certificate, chain: list[x509.Certificate], at: datetime) -> None:
    """Refuse (CertificateRefused, in Vietnamese) a certificate that is outside its validity
    period at `at`, revoked, or whose revocation status cannot be established although the
    certificates name where to find it."""
    if at < certificate.not_valid_before_utc:
        raise CertificateRefused(_("Chứng thư số chưa đến thời gian có hiệu lực, chưa được dùng để ký."))
    if at > certificate.not_valid_after_utc:
        raise CertificateRefused(
            _("Chứng thư số đã hết hạn (hiệu lực đến %(until)s), không được dùng để ký.")
            % {"until": certificate.not_valid_after_utc.strftime("%d/%m/%Y")}
        )
    roots = [c for c in chain if is_self_signed(c)] + configured_trust_anchors()
    if is_self_signed(certificate):
        roots.append(certificate)
    context = ValidationContext(
        trust_roots=[to_asn1(c) for c in roots],
        other_certs=[to_asn1(c) for c in chain],
        moment=at,
        allow_fetching=True,
        fetcher_backend=revocation.signing_fetchers(),
        revocation_mode="hard-fail",
        # Answers dated after `at` count: they are fetched now, for this signature, and an OCSP
        # responder states "good as of its own clock", which may run seconds ahead of ours.
        # Without this, an answer dated more than a second after `at` would refuse the signature.
        retroactive_revinfo=True,
    )
    validator = CertificateValidator(to_asn1(certificate), validation_context=context)
    try:
        asyncio.run(_validate_and_release(validator, context))
    except (PathValidationError, PathBuildingError) as error:
        raise CertificateRefused(describe_failure(error, certificate))
    except TimeoutError:
        # pyHanko turns a refused connection into "cannot be checked", but lets aiohttp's
        # time-out through as it is.
        raise CertificateRefused(
            _("Nguồn tra cứu chứng thư số (CRL/OCSP) không trả lời trong %(seconds)s giây; chưa ký được, vui lòng thử lại sau.")
            % {"seconds": f"{settings.SIGNING_FETCH_TIMEOUT:g}"}
        )
