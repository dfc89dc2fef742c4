"""Revocation by OCSP: certificates that name an OCSP responder and no CRL, checked before
signing and on the verification page against OpenSSL's own responder (`openssl ocsp`), which
answers from a CA index the way an issuing CA's responder does, directly or through a relay
that answers late; and the responder's answer carried in a file, read without asking it."""

import asyncio
import shutil
import subprocess
import threading
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko_certvalidator import ValidationContext

from motcua.signatures import pdf, pki, verification
from motcua.signatures.certificates import CertificateRefused, to_asn1
from motcua.signatures.tests.helpers import signed_by
from motcua.signatures.tests.test_pdf import _credential, _sign
from motcua.tests.processes import free_port

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl missing: apt-get install -y openssl"),
]


def _index_line(issued: pki.Issued, revoked_at: datetime | None) -> str:
    """One line of an OpenSSL CA index: state, expiry, revocation time, serial, file, subject."""
    certificate = issued.certificate
    serial = f"{certificate.serial_number:X}"
    moment = "%y%m%d%H%M%SZ"
    subject = "".join(f"/{a.rfc4514_attribute_name}={a.value}" for a in certificate.subject)
    return "\t".join([
        "R" if revoked_at else "V",
        certificate.not_valid_after_utc.strftime(moment),
        revoked_at.strftime(moment) if revoked_at else "",
        serial.rjust(len(serial) + len(serial) % 2, "0"),
        "unknown",
        subject,
    ]) + "\n"


def _wait_for(log: Path, process: subprocess.Popen) -> None:
    # Its log, not a probe connection: the responder answers one connection at a time, and a
    # connection closed before it sent a request leaves it waiting on it.
    for _ in range(200):
        if "waiting for OCSP client connections" in log.read_text():
            return
        if process.poll() is not None:
            raise RuntimeError(f"openssl ocsp stopped: {log.read_text()}")
        time.sleep(0.05)
    raise RuntimeError("openssl ocsp did not start listening")


class _SlowRelay(BaseHTTPRequestHandler):
    """Passes an OCSP request on to the responder after SLOW_SECONDS, as a far or busy CA's
    responder would answer: its answer is then dated later than the moment we asked."""

    target = ""

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        time.sleep(SLOW_SECONDS)
        request = urllib.request.Request(self.target, body, {"Content-Type": "application/ocsp-request"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            content = answer.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/ocsp-response")
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)


SLOW_SECONDS = 2


@pytest.fixture(scope="module")
def ocsp(test_pki, tmp_path_factory):
    """Signers whose only revocation source is a running responder: a good and a revoked one
    asking it directly, a good and a revoked one asking through the slow relay."""
    folder = tmp_path_factory.mktemp("ocsp")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    relay = ThreadingHTTPServer(("127.0.0.1", 0), type("Relay", (_SlowRelay,), {"target": url}))
    threading.Thread(target=relay.serve_forever, daemon=True).start()
    good = pki.issue("Võ Có OCSP", issuer=test_pki.intermediate, ocsp_url=url)
    revoked = pki.issue("Đỗ Bị Thu Hồi OCSP", issuer=test_pki.intermediate, ocsp_url=url)
    far = f"http://127.0.0.1:{relay.server_address[1]}"
    good_far = pki.issue("Mai Có OCSP Chậm", issuer=test_pki.intermediate, ocsp_url=far)
    revoked_far = pki.issue("Lý Thu Hồi Chậm", issuer=test_pki.intermediate, ocsp_url=far)
    yesterday = datetime.now(UTC) - timedelta(days=1)
    (folder / "index.txt").write_text(
        _index_line(good, None) + _index_line(revoked, yesterday) + _index_line(good_far, None) + _index_line(revoked_far, yesterday)
    )
    (folder / "ca.pem").write_bytes(test_pki.intermediate.certificate.public_bytes(Encoding.PEM))
    (folder / "ca.key").write_bytes(
        test_pki.intermediate.key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    )
    log = folder / "responder.log"
    with log.open("wb") as output:  # the responder keeps its own copy of the file
        responder = subprocess.Popen(
            ["openssl", "ocsp", "-index", "index.txt", "-port", str(port), "-CA", "ca.pem",
             "-rsigner", "ca.pem", "-rkey", "ca.key", "-ndays", "1", "-ignore_err"],
            cwd=folder, stdout=output, stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(log, responder)
        yield {
            "good": good, "revoked": revoked, "good_far": good_far, "revoked_far": revoked_far, "log": log,
            "responders": [url, far],
        }
    finally:
        relay.shutdown()
        responder.kill()
        responder.wait()


@pytest.fixture(autouse=True)
def _responders_listed(settings, test_pki, ocsp):
    """The responder and the relay among the sources the verification page may ask."""
    settings.SIGNING_REVOCATION_SOURCES = [test_pki.url, *ocsp["responders"]]


def _asked(ocsp) -> int:
    return ocsp["log"].read_text().count("Received request")


def test_a_certificate_the_responder_calls_good_signs(world, test_pki, ocsp):
    asked = _asked(ocsp)
    signed = _sign(_credential(world, test_pki, ocsp["good"]))
    assert _asked(ocsp) > asked
    report = verification.verify(signed.content)
    assert report.intact and report.trusted
    assert [s.signer for s in report.signatures] == ["Võ Có OCSP"]


def test_a_certificate_the_responder_calls_revoked_is_refused(world, test_pki, ocsp):
    with pytest.raises(CertificateRefused, match="đã bị thu hồi"):
        _sign(_credential(world, test_pki, ocsp["revoked"]))


def test_a_certificate_whose_responder_cannot_be_reached_is_refused(world, test_pki):
    silent = pki.issue("Phan Không Trả Lời", issuer=test_pki.intermediate, ocsp_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(CertificateRefused, match="Không kiểm tra được tình trạng thu hồi"):
        _sign(_credential(world, test_pki, silent))


def test_a_slow_responder_does_not_refuse_a_good_certificate_nor_distrust_its_signature(world, test_pki, ocsp):
    signed = _sign(_credential(world, test_pki, ocsp["good_far"]))
    report = verification.verify(signed.content)
    assert report.intact and report.trusted and not report.signatures[0].revoked


def test_a_responder_whose_clock_runs_ahead_does_not_refuse_a_good_certificate(world, test_pki, ocsp):
    # The responder answers "good, as of its now"; a signing moment half a minute earlier is
    # how ours looks to a responder whose clock is half a minute ahead.
    signed = _sign(_credential(world, test_pki, ocsp["good"]), at=datetime.now(UTC) - timedelta(seconds=30))
    assert signed.content.startswith(b"%PDF")


@pytest.mark.parametrize("who", ["revoked", "revoked_far"])
def test_a_signature_whose_certificate_the_responder_calls_revoked_is_reported_revoked(world, test_pki, ocsp, monkeypatch, who):
    # A file signed before the revocation: signed here without the check before signing,
    # which would now refuse. The slow responder's answer is dated a couple of seconds
    # after the moment of the check; it must still count.
    monkeypatch.setattr(pdf, "check_before_signing", lambda *args: None)
    signed = _sign(_credential(world, test_pki, ocsp[who]))
    report = verification.verify(signed.content)
    assert report.intact and not report.trusted
    assert report.signatures[0].revoked


def _answer_for(issued: pki.Issued, test_pki):
    """The responder's answer about `issued`, as signing software fetches it to put in the file."""

    async def fetch():
        context = ValidationContext(trust_roots=[to_asn1(test_pki.root.certificate)], allow_fetching=True)
        try:
            return await context.async_retrieve_ocsps(to_asn1(issued.certificate), to_asn1(test_pki.intermediate.certificate))
        finally:
            await context.aclose()

    return asyncio.run(fetch())[0]


@pytest.mark.parametrize("who", ["good", "revoked"])
def test_the_answer_a_file_carries_is_used_without_asking_an_unlisted_responder(settings, test_pki, ocsp, who):
    output = BytesIO(signed_by(ocsp[who], test_pki.chain))
    DocumentSecurityStore.add_dss(output, None, ocsps=[_answer_for(ocsp[who], test_pki)])
    settings.SIGNING_REVOCATION_SOURCES = [test_pki.url]
    asked = _asked(ocsp)
    finding = verification.verify(output.getvalue()).signatures[0]
    assert _asked(ocsp) == asked
    assert (finding.trusted, finding.revoked) == ((True, False) if who == "good" else (False, True))
