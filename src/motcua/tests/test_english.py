"""The English catalog (locale/en): complete, compiled, and actually used by the code and pages."""

import ast
import gettext
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import official_with_role
from motcua.agencies.tests.factories import AgencyFactory
from motcua.catalog.formschema import clean_submission, validate_schema
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier, State
from motcua.dossiers.tests.factories import dossier_row

MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO_FILE = MESSAGES / "django.po"
MO_FILE = MESSAGES / "django.mo"
HEADING_VI = "Hệ thống thông tin giải quyết thủ tục hành chính"
HEADING_EN = "Information System for Handling Administrative Procedures"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


@pytest.fixture(autouse=True)
def _no_language_left_active():
    # A request through LocaleMiddleware leaves its language active in this thread; do not
    # hand English on to whatever test runs next.
    yield
    translation.deactivate()


def po_entries(path: Path = PO_FILE) -> list[dict]:
    """A tiny .po reader: each entry's flags, msgid, msgid_plural and msgstr (or msgstr[n]) strings."""
    entries: list[dict] = []
    entry: dict = {}
    key = None

    def finish():
        if "msgid" in entry:
            entries.append(entry)

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if "msgid" in entry:
                finish()
                entry = {}
            entry.setdefault("flags", set()).update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            entry[key] += ast.literal_eval(line)
            continue
        key, _, value = line.partition(" ")
        if key in ("msgctxt", "msgid") and "msgid" in entry:
            finish()
            entry = {}
        entry[key] = ast.literal_eval(value)
    finish()
    return entries


def translations(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


# --- the catalog itself ---------------------------------------------------------------------


def test_the_catalog_exists_next_to_its_compiled_form():
    assert PO_FILE.is_file()
    assert MO_FILE.is_file()
    assert len(po_entries()) > 100


def test_every_entry_is_translated_and_none_is_fuzzy():
    header, *entries = po_entries()
    assert header["msgid"] == ""
    assert "Language: en" in header["msgstr"]
    untranslated = [entry["msgid"] for entry in entries if not all(text.strip() for text in translations(entry))]
    fuzzy = [entry["msgid"] for entry in po_entries() if "fuzzy" in entry.get("flags", ())]
    assert untranslated == []
    assert fuzzy == []


def test_no_entry_copies_the_vietnamese_or_loses_a_placeholder():
    _header, *entries = po_entries()
    for entry in entries:
        for text in translations(entry):
            if not entry["msgid"].isascii():
                assert text != entry["msgid"], entry["msgid"]
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry["msgid"])), entry["msgid"]


def test_the_compiled_catalog_matches_the_po_file():
    with MO_FILE.open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)
    _header, *entries = po_entries()
    for entry in entries:
        if "msgid_plural" not in entry and "msgctxt" not in entry:
            assert catalog.gettext(entry["msgid"]) == entry["msgstr"], entry["msgid"]


def test_msgfmt_counts_only_translated_messages():
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext (msgfmt) is not installed")
    run = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", os.devnull, str(PO_FILE)],
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C", "LANGUAGE": ""},
    )
    assert run.returncode == 0, run.stderr
    assert re.fullmatch(r"\d+ translated messages\.", run.stderr.strip()), run.stderr


# --- the code speaks English when asked -----------------------------------------------------


@pytest.mark.django_db
def test_a_lifecycle_refusal_comes_out_in_english():
    agency = AgencyFactory(code="000.00.01.H56")
    dossier = dossier_row(agency, state=State.RETURNED)
    clerk = official_with_role(agency, Role.RECEPTION, username="tiepnhan")

    with translation.override("en"):
        label = str(lifecycle.TRANSITIONS["receive"].label)
        message = lifecycle.refusal(clerk, dossier, "receive")

    assert label == "Receive the dossier"
    assert message == "The action “Receive the dossier” is not possible while the dossier is in the state “Result returned”."
    with translation.override("vi"):
        assert (
            lifecycle.refusal(clerk, dossier, "receive")
            == "Không thể “Tiếp nhận hồ sơ” khi hồ sơ đang ở trạng thái “Đã trả kết quả”."
        )


def test_model_names_come_out_in_english():
    with translation.override("en"):
        assert str(Dossier._meta.verbose_name) == "dossier"
        assert str(Dossier._meta.get_field("promised_at").verbose_name) == "promised return time"
        assert str(State.SUPPLEMENT_REQUESTED.label) == "Awaiting supplement"
    with translation.override("vi"):
        assert str(Dossier._meta.verbose_name) == "hồ sơ"


def test_form_schema_errors_come_out_in_english():
    schema = {"fields": [{"name": "so_con", "label": "Number of children", "type": "number", "max": 20}]}
    with translation.override("en"):
        with pytest.raises(ValidationError) as too_many:
            clean_submission(schema, {"so_con": "21"})
        with pytest.raises(ValidationError) as no_choices:
            validate_schema({"fields": [{"name": "a", "label": "A", "type": "select"}]})

    assert too_many.value.message_dict == {"so_con": ["Number of children: must not be greater than 20."]}
    assert no_choices.value.messages == ["Field “a” needs a list of choices."]


@pytest.mark.django_db
def test_the_home_page_is_in_english_after_choosing_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    page = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="en">' in page
    assert HEADING_EN in page
    assert HEADING_VI not in page
    assert "Public service portal" in page and "Sign in" in page

    # And back: Vietnamese is still there for whoever picks it.
    page = client.post("/i18n/setlang/", {"language": "vi", "next": "/"}, follow=True).content.decode()
    assert HEADING_VI in page
    assert HEADING_EN not in page
