"""The test PKI: a root, an intermediate publishing its CRL over HTTP, a signer, a revoked
signer, an expired signer and a time-stamping authority, all served by one local HTTP
server (the CRL at /intermediate.crl, an RFC 3161 TSA at /tsa) so that revocation is
fetched and timestamps are requested exactly as in production."""

import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from asn1crypto import keys, tsp
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from pyhanko.sign.timestamps import DummyTimeStamper

from motcua.accounts.models import Role
from motcua.dossiers.tests.conftest import world  # noqa: F401  (the staffed district, shared with the dossiers app)
from motcua.signatures import credentials, pki
from motcua.signatures.certificates import to_asn1

PASSWORD = "mat-khau-p12"


@dataclass
class TestPki:
    url: str
    root: pki.Issued
    intermediate: pki.Issued
    signer: pki.Issued
    revoked: pki.Issued
    expired: pki.Issued
    tsa: pki.Issued

    @property
    def chain(self):
        return [self.intermediate.certificate, self.root.certificate]

    def p12(self, issued: pki.Issued, password: str = PASSWORD) -> bytes:
        return issued.pkcs12(self.chain, password)

    def root_pem_file(self, folder) -> str:
        path = folder / "trust.pem"
        path.write_bytes(self.root.certificate.public_bytes(Encoding.PEM))
        return str(path)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    crl: bytes = b""
    stamper: DummyTimeStamper | None = None
    requests: list[str]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args):
        pass

    def _send(self, body: bytes, content_type: str, status: int = 200):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.server.requests.append(self.path)
        if self.path == "/intermediate.crl":
            self._send(self.server.crl, "application/pkix-crl")
        else:
            self._send(b"", "text/plain", 404)

    def do_POST(self):
        self.server.requests.append(self.path)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        response = self.server.stamper.request_tsa_response(tsp.TimeStampReq.load(body))
        self._send(response.dump(), "application/timestamp-reply")


@pytest.fixture(scope="session")
def pki_server():
    server = _Server(("127.0.0.1", 0), _Handler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


@pytest.fixture(scope="session")
def test_pki(pki_server) -> TestPki:
    url = f"http://127.0.0.1:{pki_server.server_address[1]}"
    root = pki.issue("MotCua Test Root CA", ca=True, days=3650)
    intermediate = pki.issue("MotCua Test Issuing CA", issuer=root, ca=True, days=1825)
    crl_url = f"{url}/intermediate.crl"
    signer = pki.issue("Nguyễn Văn Lãnh Đạo", issuer=intermediate, crl_url=crl_url)
    revoked = pki.issue("Trần Bị Thu Hồi", issuer=intermediate, crl_url=crl_url)
    expired = pki.issue(
        "Lê Hết Hạn", issuer=intermediate, crl_url=crl_url, not_before=datetime.now(UTC) - timedelta(days=400), days=30
    )
    tsa = pki.issue("MotCua Test TSA", issuer=root, time_stamping=True, days=1825, rsa_key=True)
    pki_server.crl = pki.crl(intermediate, [revoked.certificate])
    pki_server.stamper = DummyTimeStamper(
        tsa_cert=to_asn1(tsa.certificate),
        tsa_key=keys.PrivateKeyInfo.load(tsa.key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())),
    )
    return TestPki(url, root, intermediate, signer, revoked, expired, tsa)


@pytest.fixture(autouse=True)
def _trust_test_root(settings, test_pki, tmp_path):
    """The test root trusted, and the server publishing its CRL among the sources that
    checking an uploaded file may ask."""
    settings.SIGNING_TRUST_ANCHORS = test_pki.root_pem_file(tmp_path)
    settings.SIGNING_REVOCATION_SOURCES = [test_pki.url]
    settings.SIGNING_TSA_URL = ""


@pytest.fixture
def leader_credential(world, test_pki):  # noqa: F811
    return credentials.import_pkcs12(
        content=test_pki.p12(test_pki.signer), password=PASSWORD, agency=world.commune,
        user=world.staff[Role.LEADER], title="Chủ tịch UBND phường",
    )
