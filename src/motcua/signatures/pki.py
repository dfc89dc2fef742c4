"""A small certificate authority of our own: root, intermediate, signers (naming a CRL, an
OCSP responder or both), a CRL and a time-stamping certificate. The demo province signs with
it, and the tests build their PKI with it. Production uses certificates from a licensed CA (uploaded as PKCS#12), never these."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, Encoding, NoEncryption, pkcs12
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, NameOID


@dataclass
class Issued:
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
    certificate: x509.Certificate

    def pkcs12(self, chain: list[x509.Certificate], password: str, name: str = "motcua") -> bytes:
        encryption = BestAvailableEncryption(password.encode()) if password else NoEncryption()
        return pkcs12.serialize_key_and_certificates(name.encode(), self.key, self.certificate, chain, encryption)

def _name(common_name: str, organisation: str = "MotCua") -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )

def issue(
    common_name: str,
    *,
    issuer: Issued | None = None,
    ca: bool = False,
    not_before: datetime | None = None,
    days: int = 365,
    crl_url: str | list[str] = "",
    ocsp_url: str = "",
    issuer_url: str = "",
    time_stamping: bool = False,
    organisation: str = "MotCua",
    rsa_key: bool = False,
) -> Issued:
    """A certificate for `common_name`, signed by `issuer` (self-signed without one); the key
    is ECDSA P-256, or RSA 2048 with `rsa_key` (some time-stamping software needs RSA). It
    names where to find its revocation (`crl_url`, one address or several distribution
    points, and `ocsp_url`) and its issuer's certificate (`issuer_url`, AIA caIssuers)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048) if rsa_key else ec.generate_private_key(ec.SECP256R1())
    start = not_before or datetime.now(UTC) - timedelta(hours=1)
    subject = _name(common_name, organisation)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.certificate.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False
        )
    if ca:
        usage = {"key_cert_sign": True, "crl_sign": True}
    elif time_stamping:
        usage = {"digital_signature": True}
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    else:
        usage = {"digital_signature": True, "content_commitment": True}
    flags = dict.fromkeys(
        ["digital_signature", "content_commitment", "key_encipherment", "data_encipherment", "key_agreement",
         "key_cert_sign", "crl_sign", "encipher_only", "decipher_only"],
        False,
    ) | usage
    builder = builder.add_extension(x509.KeyUsage(**flags), critical=True)
    if crl_url:
        points = [
            x509.DistributionPoint([x509.UniformResourceIdentifier(url)], None, None, None)
            for url in ([crl_url] if isinstance(crl_url, str) else crl_url)
        ]
        builder = builder.add_extension(x509.CRLDistributionPoints(points), critical=False)
    access = [
        x509.AccessDescription(method, x509.UniformResourceIdentifier(url))
        for method, url in [(AuthorityInformationAccessOID.OCSP, ocsp_url), (AuthorityInformationAccessOID.CA_ISSUERS, issuer_url)]
        if url
    ]
    if access:
        builder = builder.add_extension(x509.AuthorityInformationAccess(access), critical=False)
    return Issued(key, builder.sign((issuer or Issued(key, None)).key, hashes.SHA256()))

def crl(issuer: Issued, revoked: list[x509.Certificate], *, days: int = 7) -> bytes:
    """A DER CRL of `issuer` listing `revoked`."""
    now = datetime.now(UTC) - timedelta(minutes=5)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.certificate.subject)
        .last_update(now)
        .next_update(now + timedelta(days=days))
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False)
        .add_extension(x509.CRLNumber(1), critical=False)
    )
    for certificate in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(certificate.serial_number).revocation_date(now).build()
        )
    return builder.sign(issuer.key, hashes.SHA256()).public_bytes(Encoding.DER)
