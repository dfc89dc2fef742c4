"""A production configuration starts and `manage.py check --deploy` finds nothing to say about
it; the published development key or the pretend bank stop every entry point at start-up,
unless the process is the demo (or DEBUG is on)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from motcua.conf import env

ROOT = Path(__file__).resolve().parents[4]
MANAGE = str(ROOT / "manage.py")

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
PUBLISHED_KEY = env.VARIABLES["SECRET_KEY"].default
# Each way a deployment starts the platform; a server that did start would serve until the timeout.
ENTRY_POINTS = {
    "manage.py": [sys.executable, MANAGE, "check"],
    "runserver": [sys.executable, MANAGE, "runserver", "--noreload", "127.0.0.1:0"],
    "gunicorn": [sys.executable, "-m", "gunicorn", "--check-config", "motcua.wsgi"],
    "asgi": [sys.executable, "-c", "import motcua.asgi"],
}
REFUSED = "MotCua refuses to start outside the demo"


def start(tmp_path, command: list[str], **variables) -> subprocess.CompletedProcess:
    # The server's environment, not the test run's: the test run is the demo (conf/testing.py),
    # and the browser tests allow Django's sync calls inside their event loop for this process
    # (DJANGO_ALLOW_ASYNC_UNSAFE), never for a server.
    test_run_only = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "MOTCUA_DEMO"}
    environ = {name: value for name, value in os.environ.items() if name not in PRODUCTION and name not in test_run_only}
    environ.update(variables, MOTCUA_VAR_DIR=str(tmp_path), PYTHONPATH=str(ROOT / "src"))
    return subprocess.run(command, env=environ, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)


def check_deploy(tmp_path, **variables) -> str:
    result = start(tmp_path, [sys.executable, MANAGE, "check", "--deploy"], **variables)
    return result.stdout + result.stderr


def test_production_settings_pass_every_deployment_check(tmp_path):
    output = check_deploy(tmp_path, **PRODUCTION)
    assert "System check identified no issues" in output, output


def test_production_settings_start_the_web_server(tmp_path):
    result = start(tmp_path, ENTRY_POINTS["gunicorn"], **PRODUCTION)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("entry_point", ENTRY_POINTS)
def test_the_published_key_stops_every_entry_point(tmp_path, entry_point):
    result = start(tmp_path, ENTRY_POINTS[entry_point], **{**PRODUCTION, "SECRET_KEY": PUBLISHED_KEY})
    assert result.returncode != 0
    assert REFUSED in result.stderr and "SECRET_KEY is the development key published with MotCua" in result.stderr


def test_the_sandbox_gateway_stops_the_start(tmp_path):
    result = start(tmp_path, ENTRY_POINTS["manage.py"], **{**PRODUCTION, "PAYMENT_GATEWAY": "sandbox"})
    assert result.returncode != 0
    assert REFUSED in result.stderr and "PAYMENT_GATEWAY is 'sandbox'" in result.stderr
    assert "SECRET_KEY" not in result.stderr.rpartition(REFUSED)[2]  # the key is a real one here


@pytest.mark.parametrize("switch", [{"MOTCUA_DEMO": "true"}, {"DEBUG": "true"}], ids=["demo", "debug"])
def test_the_demo_and_a_developer_start_with_the_embedded_defaults(tmp_path, switch):
    for entry_point in ("manage.py", "gunicorn"):
        result = start(tmp_path, ENTRY_POINTS[entry_point], **switch)
        assert result.returncode == 0, result.stderr


def test_the_demo_is_reported_as_no_deployment(tmp_path):
    output = check_deploy(tmp_path, MOTCUA_DEMO="true")
    for check in ("motcua.W001", "payments.W001", "security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in output, check
