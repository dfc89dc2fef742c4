"""`manage.py check --deploy` is clean with production settings, and says what is missing otherwise."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "dichvucong.example.gov.vn",
    "SECURE_COOKIES": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_PRELOAD": "true",
    "PAYMENT_GATEWAY": "vnpay",
    "VNPAY_TMN_CODE": "MOTCUA01",
    "VNPAY_HASH_SECRET": secrets.token_hex(16),
    "VNPAY_PAYMENT_URL": "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html",
}


def check_deploy(tmp_path, **variables) -> str:
    # The server's environment, not the test run's: the browser tests allow Django's sync calls
    # inside their event loop for this process (DJANGO_ALLOW_ASYNC_UNSAFE), never for a server.
    test_run_only = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environ = {name: value for name, value in os.environ.items() if name not in PRODUCTION and name not in test_run_only}
    environ.update(variables, MOTCUA_VAR_DIR=str(tmp_path), PYTHONPATH=str(ROOT / "src"))
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy"],
        env=environ, capture_output=True, text=True, timeout=120, check=False,
    )
    return result.stdout + result.stderr


def test_production_settings_pass_every_deployment_check(tmp_path):
    output = check_deploy(tmp_path, **PRODUCTION)
    assert "System check identified no issues" in output, output


def test_the_embedded_defaults_are_reported(tmp_path):
    output = check_deploy(tmp_path)
    for check in ("motcua.W001", "security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in output, check
