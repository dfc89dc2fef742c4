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
