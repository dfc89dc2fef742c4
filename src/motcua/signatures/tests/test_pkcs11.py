"""The PKCS#11 backend against a real software token (SoftHSM2): the key is imported into the
token and never stored by the platform; the signature is made on the token."""

import os
import shutil
import subprocess
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from motcua.accounts.models import Role
from motcua.signatures import credentials, pdf, verification
from motcua.signatures.certificates import to_pem
from motcua.signatures.models import Backend
from motcua.signatures.tests.helpers import a_pdf

MODULE = "/usr/lib/softhsm/libsofthsm2.so"
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("softhsm2-util") is None or not os.path.exists(MODULE),
        reason="SoftHSM2 missing: apt-get install -y softhsm2 (CI installs it)",
    ),
]


@pytest.fixture
def token(tmp_path, monkeypatch, test_pki):
    (tmp_path / "tokens").mkdir()
    config = tmp_path / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {tmp_path / 'tokens'}\nobjectstore.backend = file\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(config))
    run = lambda *args: subprocess.run(["softhsm2-util", *args], check=True, capture_output=True)  # noqa: E731
    run("--init-token", "--free", "--label", "motcua", "--pin", "123456", "--so-pin", "654321")
    key = tmp_path / "key.pem"
    key.write_bytes(test_pki.signer.key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    run("--import", str(key), "--token", "motcua", "--label", "lanh-dao", "--id", "01", "--pin", "123456")
    key.unlink()
    return "motcua"


def test_signing_on_a_pkcs11_token(world, test_pki, token):
    credential = credentials.register_pkcs11(
        agency=world.commune, user=world.staff[Role.LEADER], certificate_pem=to_pem([test_pki.signer.certificate]),
        chain_pem=to_pem(test_pki.chain), token_label=token, key_label="lanh-dao", pin="123456", module=MODULE,
    )
    assert credential.backend == Backend.PKCS11 and bytes(credential.encrypted_key) == b""
    assert b"123456" not in bytes(credential.encrypted_pin)
    signed = pdf.sign(
        content=a_pdf(), credential=credential, verify_url="http://127.0.0.1:8000/xac-thuc/x/", position="Chủ tịch",
        field_name="ChuKy1", at=datetime.now(UTC),
    )
    report = verification.verify(signed.content)
    assert report.intact and report.trusted and report.signatures[0].signer == "Nguyễn Văn Lãnh Đạo"
