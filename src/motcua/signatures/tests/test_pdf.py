"""Signing a PDF: PAdES with a visible stamp, checked by pyHanko's validator and by
poppler's pdfsig, refused for revoked and expired certificates, and a changed byte caught."""

import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from motcua.accounts.models import Role
from motcua.signatures import credentials, pdf, pki, verification
from motcua.signatures.certificates import CertificateRefused, to_asn1
from motcua.signatures.tests.conftest import PASSWORD
from motcua.signatures.tests.helpers import a_pdf, flip_byte

pytestmark = pytest.mark.django_db


def _sign(credential, content=None, at=None):
    return pdf.sign(
        content=content or a_pdf(), credential=credential, verify_url="http://127.0.0.1:8000/xac-thuc/abc/",
        position=credential.title, field_name="ChuKy1", at=at or datetime.now(UTC),
    )


def _credential(world, test_pki, issued):
    return credentials.import_pkcs12(
        content=test_pki.p12(issued), password=PASSWORD, agency=world.commune, user=world.staff[Role.LEADER], title="Chủ tịch"
    )


def test_signed_pdf_is_pades_and_pyhanko_validates_it_against_the_test_root(leader_credential, test_pki):
    signed = _sign(leader_credential)
    embedded = PdfFileReader(BytesIO(signed.content)).embedded_signatures
    assert len(embedded) == 1
    assert embedded[0].sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    context = ValidationContext(trust_roots=[to_asn1(test_pki.root.certificate)], allow_fetching=True)
    status = validate_pdf_signature(embedded[0], context)
    assert status.bottom_line, status.pretty_print_details()
    assert status.signing_cert.subject.native["common_name"] == "Nguyễn Văn Lãnh Đạo"


def test_the_stamp_is_visible_at_the_bottom_right_of_the_last_page(leader_credential):
    signed = _sign(leader_credential)
    reader = PdfFileReader(BytesIO(signed.content))
    widget = reader.embedded_signatures[0].sig_field
    left, bottom, right, top = (float(v) for v in widget["/Rect"])
    width, _height = 595.27, 841.89
    assert right > width * 0.8 and left > width * 0.4 and bottom < 100 and top - bottom > 50
    assert "/AP" in widget


def test_verification_reports_intact_trusted_and_who_signed(leader_credential):
    report = verification.verify(_sign(leader_credential).content)
    assert report.intact and report.trusted
    assert [s.signer for s in report.signatures] == ["Nguyễn Văn Lãnh Đạo"]
    assert report.signatures[0].signed_at is not None


def test_a_changed_byte_is_detected(leader_credential):
    signed = _sign(leader_credential).content
    forged = flip_byte(signed, b"ReportLab")
    report = verification.verify(forged)
    assert not report.intact
    assert verification.verify(signed).intact


def test_bytes_added_after_signing_are_detected(leader_credential):
    signed = _sign(leader_credential).content
    report = verification.verify(signed + b"\n% them mot dong\n")
    assert not report.intact


def test_revoked_certificate_is_refused_from_the_fetched_crl(world, test_pki, pki_server):
    credential = _credential(world, test_pki, test_pki.revoked)
    with pytest.raises(CertificateRefused, match="thu hồi"):
        _sign(credential)
    assert "/intermediate.crl" in pki_server.requests


def test_expired_certificate_is_refused(world, test_pki):
    credential = _credential(world, test_pki, test_pki.expired)
    with pytest.raises(CertificateRefused, match="hết hạn"):
        _sign(credential)


def test_a_valid_certificate_is_refused_at_a_moment_after_it_expires(leader_credential):
    with pytest.raises(CertificateRefused, match="hết hạn"):
        _sign(leader_credential, at=datetime.now(UTC) + timedelta(days=3650))


def test_timestamp_from_the_configured_rfc3161_server(leader_credential, test_pki, pki_server, settings):
    settings.SIGNING_TSA_URL = f"{test_pki.url}/tsa"
    signed = _sign(leader_credential)
    assert signed.timestamped and "/tsa" in pki_server.requests
    report = verification.verify(signed.content)
    assert report.intact and report.signatures[0].timestamp is not None


def test_an_unreachable_time_stamping_server_refuses_to_sign(leader_credential, settings):
    settings.SIGNING_TSA_URL = "http://127.0.0.1:9/tsa"
    with pytest.raises(ValidationError, match="dấu thời gian"):
        _sign(leader_credential)


def test_a_file_that_is_not_a_pdf_is_not_signed(leader_credential):
    with pytest.raises(ValidationError, match="không phải là tệp PDF"):
        _sign(leader_credential, content=b"GIF89a not a pdf")


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="pdfsig missing: apt-get install -y poppler-utils (CI installs it)")
def test_poppler_pdfsig_accepts_the_signature_and_rejects_a_changed_byte(leader_credential, tmp_path):
    signed = _sign(leader_credential).content
    good, bad = tmp_path / "good.pdf", tmp_path / "bad.pdf"
    good.write_bytes(signed)
    bad.write_bytes(flip_byte(signed, b"ReportLab"))
    output = subprocess.run(["pdfsig", str(good)], capture_output=True, text=True, check=True).stdout
    assert "Signature is Valid." in output
    assert "Nguyễn Văn Lãnh Đạo" in output
    assert "ETSI.CAdES.detached" in output
    forged = subprocess.run(["pdfsig", str(bad)], capture_output=True, text=True).stdout
    assert "Signature is Valid." not in forged


def test_a_certificate_whose_crl_cannot_be_fetched_is_refused(world, test_pki):
    unreachable = pki.issue("Phạm Không Kiểm Tra", issuer=test_pki.intermediate, crl_url="http://127.0.0.1:9/none.crl")
    credential = _credential(world, test_pki, unreachable)
    with pytest.raises(CertificateRefused, match="Không kiểm tra được tình trạng thu hồi"):
        _sign(credential)


def test_a_certificate_from_an_unknown_ca_is_refused(world, test_pki):
    stranger_root = pki.issue("CA lạ", ca=True)
    orphan = pki.issue("Người Lạ", issuer=pki.issue("CA trung gian lạ", issuer=stranger_root, ca=True))
    credential = credentials.import_pkcs12(
        content=orphan.pkcs12([], PASSWORD), password=PASSWORD, agency=world.commune, user=world.staff[Role.LEADER]
    )
    with pytest.raises(CertificateRefused):
        _sign(credential)
