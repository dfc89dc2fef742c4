"""Test-only credentials for the stand-in and the connector, made fresh with `cryptography`:
a CA, the server's certificate, the province's client certificate, a client certificate
from a CA nobody trusts, and the province's request-signing key pair. Never committed;
`make run` writes them under var/, the tests into a temporary folder."""

import datetime
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass(frozen=True)
class Credentials:
    folder: Path

    ca = property(lambda self: self.folder / "ca.pem")
    server_cert = property(lambda self: self.folder / "server.pem")
    server_key = property(lambda self: self.folder / "server-key.pem")
    client_cert = property(lambda self: self.folder / "client.pem")
    client_key = property(lambda self: self.folder / "client-key.pem")
    stranger_cert = property(lambda self: self.folder / "stranger.pem")
    stranger_key = property(lambda self: self.folder / "stranger-key.pem")
    signing_key = property(lambda self: self.folder / "signing-key.pem")
    signing_public = property(lambda self: self.folder / "signing-public.pem")
    other_signing_key = property(lambda self: self.folder / "other-signing-key.pem")

    def settings(self, url: str) -> dict:
        """The POPULATION_* settings that reach the stand-in at `url` with these credentials."""
        return {
            "POPULATION_CONNECTOR": "signed_https",
            "POPULATION_URL": url,
            "POPULATION_CA": str(self.ca),
            "POPULATION_CLIENT_CERT": str(self.client_cert),
            "POPULATION_CLIENT_KEY": str(self.client_key),
            "POPULATION_SIGNING_KEY": str(self.signing_key),
            "POPULATION_SIGNING_KEY_ID": KEY_ID,
        }


KEY_ID = "motcua-test"


def _key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _write_key(path: Path, key) -> None:
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    path.chmod(0o600)


def _certificate(subject: str, key, issuer_name: x509.Name | None, issuer_key, *, ca: bool, usage=None, host: str | None = None):
    now = datetime.datetime.now(datetime.UTC)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer_name or name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        ).add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    else:
        builder = builder.add_extension(x509.ExtendedKeyUsage([usage]), critical=False).add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
    if host:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address(host))]), critical=False
        )
    return builder.sign(issuer_key, hashes.SHA256())


def generate(folder: Path, host: str = "127.0.0.1") -> Credentials:
    """Make every file of `Credentials` in `folder` (created if need be)."""
    folder.mkdir(parents=True, exist_ok=True)
    made = Credentials(folder)
    ca_key, stranger_ca_key = _key(), _key()
    ca = _certificate("CSDL dân cư – CA thử nghiệm", ca_key, None, ca_key, ca=True)
    stranger_ca = _certificate("CA không được tin cậy", stranger_ca_key, None, stranger_ca_key, ca=True)
    made.ca.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    for cert_path, key_path, subject, issuer, issuer_key, usage, server_host in (
        (made.server_cert, made.server_key, "csdl-dan-cu.test", ca, ca_key, ExtendedKeyUsageOID.SERVER_AUTH, host),
        (made.client_cert, made.client_key, "motcua-tinh-thu-nghiem", ca, ca_key, ExtendedKeyUsageOID.CLIENT_AUTH, None),
        (made.stranger_cert, made.stranger_key, "motcua-tinh-thu-nghiem", stranger_ca, stranger_ca_key, ExtendedKeyUsageOID.CLIENT_AUTH, None),
    ):
        key = _key()
        certificate = _certificate(subject, key, issuer.subject, issuer_key, ca=False, usage=usage, host=server_host)
        chain = certificate.public_bytes(serialization.Encoding.PEM)
        cert_path.write_bytes(chain)
        _write_key(key_path, key)
    signing = _key()
    _write_key(made.signing_key, signing)
    made.signing_public.write_bytes(signing.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    _write_key(made.other_signing_key, _key())
    return made


def ensure(folder: Path, host: str = "127.0.0.1") -> Credentials:
    """The credentials in `folder`, made once (the demo keeps them across restarts)."""
    made = Credentials(folder)
    return made if made.other_signing_key.exists() else generate(folder, host)
