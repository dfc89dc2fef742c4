"""Revocation by OCSP: certificates that name an OCSP responder and no CRL, checked before
signing against OpenSSL's own responder (`openssl ocsp`), which answers from a CA index the
way an issuing CA's responder does."""

import shutil
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from motcua.signatures import pki, verification
from motcua.signatures.certificates import CertificateRefused
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


@pytest.fixture(scope="module")
def ocsp(test_pki, tmp_path_factory):
    """A good and a revoked signer whose only revocation source is a running responder."""
    folder = tmp_path_factory.mktemp("ocsp")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    good = pki.issue("Võ Có OCSP", issuer=test_pki.intermediate, ocsp_url=url)
    revoked = pki.issue("Đỗ Bị Thu Hồi OCSP", issuer=test_pki.intermediate, ocsp_url=url)
    (folder / "index.txt").write_text(
        _index_line(good, None) + _index_line(revoked, datetime.now(UTC) - timedelta(days=1))
    )
    (folder / "ca.pem").write_bytes(test_pki.intermediate.certificate.public_bytes(Encoding.PEM))
    (folder / "ca.key").write_bytes(
        test_pki.intermediate.key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    )
    log = folder / "responder.log"
    responder = subprocess.Popen(
        ["openssl", "ocsp", "-index", "index.txt", "-port", str(port), "-CA", "ca.pem",
         "-rsigner", "ca.pem", "-rkey", "ca.key", "-ndays", "1", "-ignore_err"],
        cwd=folder, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )
    try:
        _wait_for(log, responder)
        yield {"good": good, "revoked": revoked, "log": log}
    finally:
        responder.kill()
        responder.wait()


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


def test_a_responder_whose_clock_runs_ahead_does_not_refuse_a_good_certificate(world, test_pki, ocsp):
    # The responder answers "good, as of its now"; a signing moment half a minute earlier is
    # how ours looks to a responder whose clock is half a minute ahead.
    signed = _sign(_credential(world, test_pki, ocsp["good"]), at=datetime.now(UTC) - timedelta(seconds=30))
    assert signed.content.startswith(b"%PDF")
