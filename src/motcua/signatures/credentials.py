"""Registering signing credentials: a PKCS#12 file (its password opens it once and is then
forgotten; the key is kept encrypted) or a key on a PKCS#11 token (its PIN kept encrypted)."""

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, pkcs12
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.signatures import keystore
from motcua.signatures.certificates import fingerprint, load_pem_list, to_pem
from motcua.signatures.models import Backend, SigningCredential

PKCS12_MAX_BYTES = 256 * 1024


def describe(certificate: x509.Certificate, chain: list[x509.Certificate]) -> dict:
    return {
        "certificate_pem": to_pem([certificate]),
        "chain_pem": to_pem(chain),
        "subject": certificate.subject.rfc4514_string()[:500],
        "issuer": certificate.issuer.rfc4514_string()[:500],
        "serial_number": format(certificate.serial_number, "X")[:100],
        "fingerprint": fingerprint(certificate),
        "not_before": certificate.not_valid_before_utc,
        "not_after": certificate.not_valid_after_utc,
    }


def read_pkcs12(content: bytes, password: str):
    """The key, certificate and chain of a PKCS#12 file, or a ValidationError in Vietnamese."""
    if not content:
        raise ValidationError(_("Chưa chọn tệp PKCS#12 (.p12, .pfx)."))
    if len(content) > PKCS12_MAX_BYTES:
        raise ValidationError(_("Tệp PKCS#12 quá lớn."))
    try:
        key, certificate, chain = pkcs12.load_key_and_certificates(content, (password or "").encode() or None)
    except ValueError:
        raise ValidationError(_("Không mở được tệp PKCS#12: sai mật khẩu hoặc tệp không đúng định dạng."))
    if key is None or certificate is None:
        raise ValidationError(_("Tệp PKCS#12 phải chứa cả khóa bí mật và chứng thư số."))
    return key, certificate, list(chain)


@transaction.atomic
def import_pkcs12(*, content: bytes, password: str, agency, user=None, title: str = "", credential=None) -> SigningCredential:
    """Store the certificate and chain of a PKCS#12 file and its key encrypted; the password
    is used here to open the file and kept nowhere. With `credential`, replace its key."""
    key, certificate, chain = read_pkcs12(content, password)
    credential = credential or SigningCredential(agency=agency, user=user, title=title)
    for name, value in describe(certificate, chain).items():
        setattr(credential, name, value)
    credential.backend = Backend.PKCS12
    credential.encrypted_key = keystore.seal(key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption()))
    credential.full_clean(exclude=["encrypted_key", "encrypted_pin"])
    credential.save()
    return credential


@transaction.atomic
def register_pkcs11(
    *, agency, certificate_pem: str, chain_pem: str = "", token_label: str, key_label: str, pin: str = "",
    module: str = "", user=None, title: str = "",
) -> SigningCredential:
    """A key that stays on a hardware token / HSM; the PIN, if the token needs one, is kept encrypted."""
    certificates = load_pem_list(certificate_pem)
    if not certificates:
        raise ValidationError(_("Phải nhập chứng thư số (PEM) của khóa trên thiết bị."))
    credential = SigningCredential(
        agency=agency, user=user, title=title, backend=Backend.PKCS11, pkcs11_module=module,
        pkcs11_token_label=token_label, pkcs11_key_label=key_label,
        encrypted_pin=keystore.seal(pin.encode()) if pin else b"",
        **describe(certificates[0], load_pem_list(chain_pem)),
    )
    credential.full_clean(exclude=["encrypted_key", "encrypted_pin"])
    credential.save()
    return credential
