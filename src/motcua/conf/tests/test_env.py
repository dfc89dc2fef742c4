import os
import subprocess
import sys
from pathlib import Path

import pytest

from motcua.conf import env

README = Path(__file__).resolve().parents[4] / "README.md"


def test_readme_documents_every_environment_variable():
    documented = README.read_text(encoding="utf-8")
    missing = [name for name in env.VARIABLES if f"| `{name}` |" not in documented]
    assert missing == []


def test_boolean_accepts_the_usual_spellings(monkeypatch):
    monkeypatch.setenv("MOTCUA_TEST_FLAG", "yes")
    assert env.boolean("MOTCUA_TEST_FLAG", False, "test") is True
    monkeypatch.setenv("MOTCUA_TEST_FLAG", "0")
    assert env.boolean("MOTCUA_TEST_FLAG", True, "test") is False
    monkeypatch.setenv("MOTCUA_TEST_FLAG", "perhaps")
    with pytest.raises(ValueError, match="MOTCUA_TEST_FLAG"):
        env.boolean("MOTCUA_TEST_FLAG", True, "test")
    env.VARIABLES.pop("MOTCUA_TEST_FLAG")


def test_office_hours_are_parsed_from_the_environment():
    from datetime import time

    from motcua.conf.settings import _sessions

    assert _sessions("07:30-11:30,13:00-17:00") == ((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0)))


def test_a_server_started_on_another_address_prints_that_address():
    assert env.local_url("127.0.0.1", "8101") == "http://127.0.0.1:8101"
    assert env.local_url("::1", "8000") == "http://[::1]:8000"
    assert env.local_url("", "") == "http://127.0.0.1:8000"


def _public_url(**variables: str) -> str:
    """PUBLIC_URL as a fresh process reads it from its environment (as `make run` starts one)."""
    environment = {name: value for name, value in os.environ.items() if name not in {"HOST", "PORT", "PUBLIC_URL"}}
    environment.update(variables, MOTCUA_DEMO="true", DJANGO_SETTINGS_MODULE="motcua.conf.settings")
    found = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; print(settings.PUBLIC_URL)"],
        env=environment, capture_output=True, text=True, check=True,
    )
    return found.stdout.strip()


def test_public_url_follows_make_runs_host_and_port_unless_it_is_set():
    assert _public_url() == "http://127.0.0.1:8000"
    assert _public_url(PORT="8101") == "http://127.0.0.1:8101"
    assert _public_url(HOST="192.168.1.20", PORT="8101") == "http://192.168.1.20:8101"
    assert _public_url(PORT="8101", PUBLIC_URL="https://dichvucong.example.gov.vn") == "https://dichvucong.example.gov.vn"


def test_the_qr_code_of_a_receipt_points_at_the_public_url(settings):
    from motcua.printforms.layout import look_up_address

    settings.PUBLIC_URL = env.local_url("127.0.0.1", "8101")
    assert look_up_address("000.00.01.H56-260302-0001") == "http://127.0.0.1:8101/tra-cuu/?ma=000.00.01.H56-260302-0001"
