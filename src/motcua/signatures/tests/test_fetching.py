"""What checking a signed file may fetch (revocation.py). An uploaded file's certificates name
CRL, OCSP and issuer-certificate addresses of the uploader's choosing: here servers started
by the test, which record every request they receive. The public check asks none of them
unless its origin is listed in SIGNING_REVOCATION_SOURCES, follows no redirect off the list,
uses the revocation information the file carries, bounds what one file may cost, and says
so when a signer's revocation could not be checked. Signing still asks the sources of its
own certificates, within SIGNING_FETCH_TIMEOUT."""

import socket
import threading
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO

import pytest
from asn1crypto import crl as asn1_crl
from cryptography.hazmat.primitives.serialization import Encoding
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko_certvalidator import ValidationContext

from motcua.conf.settings import _revocation_sources
from motcua.signatures import pki, revocation, sources, verification
from motcua.signatures.certificates import CertificateRefused, check_before_signing, to_asn1
from motcua.signatures.tests.helpers import signed_by

pytestmark = pytest.mark.django_db


class _Recorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Recording)
        self.requests: list[str] = []
        self.issuer = b""  # served at /ca.crt, as a CA publishes its certificate for AIA
        self.redirect_to = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Recording(BaseHTTPRequestHandler):
    server: _Recorder

    def log_message(self, *args):
        pass

    def _answer(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.requests.append(f"{self.command} {self.path}")
        status, headers, body = 404, {}, b""
        if self.server.redirect_to:
            status, headers = 302, {"Location": self.server.redirect_to + self.path}
        elif self.path == "/ca.crt" and self.server.issuer:
            status, headers, body = 200, {"Content-Type": "application/pkix-cert"}, self.server.issuer
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer


@contextmanager
def _recording():
    server = _Recorder()
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def recorder():
    """The server the uploaded file's certificate points at."""
    with _recording() as server:
        yield server


@pytest.fixture
def internal():
    """A service of the province's network that nobody outside should make the server ask."""
    with _recording() as server:
        yield server


class _Silent:
    """Accepts connections and never answers, as a server behind a dead link does; counts
    the connections."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.held: list[socket.socket] = []
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._hold, daemon=True).start()

    def _hold(self):
        while True:
            try:
                self.held.append(self.listener.accept()[0])
            except OSError:
                return

    def close(self):
        self.listener.close()
        for connection in self.held:
            connection.close()


@pytest.fixture
def silent():
    server = _Silent()
    yield server
    server.close()


def _naming(test_pki, url: str, name: str = "Người Lạ Tải Lên") -> pki.Issued:
    """A certificate of the trusted test CA naming `url` for its CRL, OCSP responder and issuer."""
    return pki.issue(name, issuer=test_pki.intermediate, crl_url=f"{url}/ca.crl", ocsp_url=f"{url}/ocsp", issuer_url=f"{url}/ca.crt")


def _upload(content: bytes):
    return SimpleUploadedFile("tai-len.pdf", content, content_type="application/pdf")


def _checked(client, content: bytes) -> tuple[str, dict]:
    """The page's text and the API's answer for `content`, uploaded anonymously to both."""
    page = client.post(reverse("signatures:verify"), {"file": _upload(content)})
    answer = client.post(reverse("signatures:api"), {"file": _upload(content)})
    assert page.status_code == answer.status_code == 200
    return page.content.decode(), answer.json()


@pytest.mark.parametrize("chain", ["in the file", "to be fetched from the certificate's address"])
def test_an_uploaded_file_makes_the_server_ask_none_of_the_addresses_its_certificate_names(client, test_pki, recorder, chain):
    recorder.issuer = test_pki.intermediate.certificate.public_bytes(Encoding.DER)
    content = signed_by(_naming(test_pki, recorder.url), test_pki.chain if chain == "in the file" else [])
    _text, answer = _checked(client, content)
    assert recorder.requests == []
    assert answer["intact"] and not answer["trusted"]


def test_a_signer_whose_revocation_source_is_not_listed_is_reported_unchecked_not_unrevoked(client, test_pki, recorder):
    text, answer = _checked(client, signed_by(_naming(test_pki, recorder.url), test_pki.chain))
    signature = answer["signatures"][0]
    assert signature["intact"] and not signature["trusted"] and signature["revoked"] is None
    assert "không thuộc các nguồn được tin cậy" in signature["revocation_unknown"]
    assert "không kiểm tra được tình trạng thu hồi" in text and "không thuộc các nguồn được tin cậy" in text
    assert "Tệp còn nguyên vẹn" in text and "chứng thư đã bị thu hồi" not in text


def test_a_listed_source_is_asked_for_revocation_but_never_for_an_issuer_certificate(client, settings, test_pki, recorder):
    settings.SIGNING_REVOCATION_SOURCES = [test_pki.url, recorder.url]
    recorder.issuer = test_pki.intermediate.certificate.public_bytes(Encoding.DER)
    signer = _naming(test_pki, recorder.url)
    _text, answer = _checked(client, signed_by(signer, test_pki.chain))
    assert sorted(set(recorder.requests)) == ["GET /ca.crl", "POST /ocsp"]
    assert answer["signatures"][0]["revoked"] is None
    assert "không trả lời được" in answer["signatures"][0]["revocation_unknown"]
    recorder.requests.clear()
    _text, answer = _checked(client, signed_by(signer, []))
    assert recorder.requests == [] and not answer["trusted"]


def test_a_listed_source_redirecting_elsewhere_is_not_followed(client, settings, test_pki, recorder, internal):
    settings.SIGNING_REVOCATION_SOURCES = [test_pki.url, recorder.url]
    recorder.redirect_to = internal.url
    _text, answer = _checked(client, signed_by(_naming(test_pki, recorder.url), test_pki.chain))
    assert recorder.requests and internal.requests == []
    assert answer["signatures"][0]["revoked"] is None


@pytest.mark.parametrize(
    "trick",
    [
        "http://{listed}@{internal}/ca.crl",  # the listed origin as a user name
        "http://{internal}/ca.crl",
        "http://127.0.0.1:{internal_port}/ca.crl",  # the listed host, another port
        "http://localhost:{internal_port}/ca.crl",
        "http://2130706433:{internal_port}/ca.crl",  # 127.0.0.1 written as one number
        "http://127.1:{internal_port}/ca.crl",
    ],
)
def test_an_address_that_only_looks_listed_is_not_asked(client, settings, test_pki, recorder, internal, trick):
    settings.SIGNING_REVOCATION_SOURCES = [test_pki.url, recorder.url]
    internal_port = internal.server_address[1]
    url = trick.format(listed=recorder.url.removeprefix("http://"), internal=f"127.0.0.1:{internal_port}", internal_port=internal_port)
    content = signed_by(pki.issue("Người Lạ", issuer=test_pki.intermediate, crl_url=url, ocsp_url=url), test_pki.chain)
    _text, answer = _checked(client, content)
    assert internal.requests == [] and recorder.requests == []
    assert "không thuộc các nguồn được tin cậy" in answer["signatures"][0]["revocation_unknown"]


@pytest.mark.parametrize(
    ("address", "allowed"),
    [
        ("http://crl.ca.gov.vn/ca.crl", True),
        ("HTTP://CRL.CA.GOV.VN:80/ca.crl", True),
        ("https://ocsp.ca.gov.vn:8443/", True),
        ("https://ocsp.ca.gov.vn/", False),  # another port
        ("https://crl.ca.gov.vn/ca.crl", False),  # another scheme
        ("http://crl.ca.gov.vn@10.0.0.1/ca.crl", False),
        ("http://khach@crl.ca.gov.vn/ca.crl", False),  # credentials, even for a listed host
        ("http://crl.ca.gov.vn.example.com/ca.crl", False),
        ("http://crl.ca.gov.vn./ca.crl", False),
        ("http://169.254.169.254/latest/meta-data/", False),
        ("http://[::1]/", False),
        ("file:///etc/passwd", False),
        ("ldap://crl.ca.gov.vn/cn=CA,o=Ban%20Co%20yeu", False),
        ("ftp://crl.ca.gov.vn/ca.crl", False),
        ("http:crl.ca.gov.vn/ca.crl", False),
        ("http://crl.ca.gov.vn\\@10.0.0.1/", False),
        ("http://crl.ca.gov.vn:99999/", False),
    ],
)
def test_only_a_listed_origin_is_allowed(address, allowed):
    listed = sources.parse(["http://crl.ca.gov.vn", "https://ocsp.ca.gov.vn:8443/"])
    assert sources.allows(listed, address) is allowed


@pytest.mark.parametrize(
    "entry", ["crl.ca.gov.vn", "ftp://crl.ca.gov.vn", "http://crl.ca.gov.vn/ca.crl", "http://admin@crl.ca.gov.vn", "http://crl.ca.gov.vn/?a=1"]
)
def test_a_source_that_is_not_an_origin_stops_the_start(entry):
    with pytest.raises(ValueError, match="origin"):
        _revocation_sources(f"http://ocsp.ca.gov.vn, {entry}")


def test_sources_are_read_from_a_comma_separated_list():
    assert _revocation_sources(" http://crl.ca.gov.vn, https://ocsp.ca.gov.vn:8443/ ,") == ["http://crl.ca.gov.vn", "https://ocsp.ca.gov.vn:8443/"]


@pytest.mark.parametrize("shape", ["one certificate naming fifty CRLs", "twenty-five signers"])
def test_one_file_makes_at_most_a_bounded_number_of_requests(settings, test_pki, recorder, shape):
    settings.SIGNING_REVOCATION_SOURCES = [recorder.url]
    if shape == "one certificate naming fifty CRLs":
        signer = pki.issue("Nhiều CRL", issuer=test_pki.intermediate, crl_url=[f"{recorder.url}/{n}.crl" for n in range(50)])
        content = signed_by(signer, test_pki.chain)
    else:
        content = None
        for n in range(25):
            signer = pki.issue(f"Người ký {n}", issuer=test_pki.intermediate, crl_url=f"{recorder.url}/{n}.crl")
            content = signed_by(signer, test_pki.chain, content=content, field_name=f"ChuKy{n}")
    report = verification.verify(content)
    assert len(recorder.requests) == revocation.FETCHES_PER_FILE
    assert all(s.revoked is None for s in report.signatures)
    assert "quá nhiều chứng thư" in report.signatures[-1].revocation_unknown


def test_a_source_that_does_not_answer_is_given_up_after_the_timeout_and_once_per_file(settings, test_pki, silent):
    settings.SIGNING_FETCH_TIMEOUT = 1
    settings.SIGNING_REVOCATION_SOURCES = [silent.url]
    content = None
    for n in range(4):
        signer = pki.issue(f"Người ký {n}", issuer=test_pki.intermediate, crl_url=f"{silent.url}/{n}.crl")
        content = signed_by(signer, test_pki.chain, content=content, field_name=f"ChuKy{n}")
    started = time.monotonic()
    report = verification.verify(content)
    assert time.monotonic() - started < 4  # four signers, one time-out
    assert len(silent.held) == 1
    assert all("không trả lời được" in s.revocation_unknown for s in report.signatures)


@pytest.mark.parametrize("carried_in", ["the signature (adobe-revinfo)", "the DSS"])
def test_the_crl_a_file_carries_is_used_without_asking_its_source(client, test_pki, recorder, carried_in):
    signer = _naming(test_pki, recorder.url)
    revoked = carried_in == "the DSS"
    crl = asn1_crl.CertificateList.load(pki.crl(test_pki.intermediate, [signer.certificate] if revoked else []))
    if carried_in == "the DSS":
        output = BytesIO(signed_by(signer, test_pki.chain))
        DocumentSecurityStore.add_dss(output, None, crls=[crl])
        content = output.getvalue()
    else:
        context = ValidationContext(trust_roots=[to_asn1(test_pki.root.certificate)], crls=[crl])
        content = signed_by(
            signer, test_pki.chain, subfilter=SigSeedSubFilter.ADOBE_PKCS7_DETACHED, embed_validation_info=True, validation_context=context
        )
    _text, answer = _checked(client, content)
    assert recorder.requests == []
    signature = answer["signatures"][0]
    assert (signature["trusted"], signature["revoked"], signature["revocation_unknown"]) == (not revoked, revoked, None)


def test_signing_asks_the_certificates_own_sources_whatever_the_list(settings, test_pki, pki_server):
    settings.SIGNING_REVOCATION_SOURCES = []
    asked = len(pki_server.requests)
    with pytest.raises(CertificateRefused, match="thu hồi"):
        check_before_signing(test_pki.revoked.certificate, test_pki.chain, datetime.now(UTC))
    assert len(pki_server.requests) > asked


def test_signing_gives_up_on_a_source_that_does_not_answer_after_the_timeout(settings, test_pki, silent):
    settings.SIGNING_FETCH_TIMEOUT = 1
    signer = pki.issue("Phan Không Trả Lời", issuer=test_pki.intermediate, crl_url=f"{silent.url}/ca.crl")
    started = time.monotonic()
    with pytest.raises(CertificateRefused, match="không trả lời trong 1 giây"):
        check_before_signing(signer.certificate, test_pki.chain, datetime.now(UTC))
    assert time.monotonic() - started < 5
