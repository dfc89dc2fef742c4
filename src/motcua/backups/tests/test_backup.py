"""A backup restores, into a fresh database and an empty storage, every row and every file
byte for byte; a damaged backup or a used target is refused."""

import os
import sqlite3
import subprocess
import sys
import uuid
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from motcua.accounts.models import Role
from motcua.dossiers import lifecycle, services
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent
from motcua.dossiers.tests.conftest import World

ROOT = Path(__file__).resolve().parents[4]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def scan(seed: int) -> bytes:
    # Every byte value, so that no text-mode or encoding step can go unnoticed.
    return b"%PDF-1.7\n" + bytes(range(256)) * 40 + os.urandom(3000) + seed.to_bytes(4, "big")


def dossiers_with_files(world: World) -> list[Dossier]:
    made = []
    for n in range(3):
        documents = [
            services.DocumentInput(required_document=d, originals=1, file=ContentFile(scan(n * 10 + i), name=f"giay-to-{i}.pdf"))
            for i, d in enumerate(world.version.documents.all())
        ]
        made.append(
            services.receive_at_counter(
                actor=world.staff[Role.RECEPTION], procedure_version=world.version, agency=world.commune,
                applicant=world.applicant(name=f"Nguyễn Văn {n}"), form_data={"noi_dung": f"Hồ sơ {n}"},
                documents=documents, delivery="counter",
            )
        )
    lifecycle.hand_over(dossier=made[0], actor=world.staff[Role.RECEPTION])
    lifecycle.assign(dossier=made[0], actor=world.staff[Role.DIVISION_HEAD], assignee=world.staff[Role.HANDLER])
    default_storage.save("signatures/2026/ket-qua-da-ky.pdf", ContentFile(scan(99)))
    return made


@contextmanager
def raw(settings_dict: dict):
    """A plain DB-API connection, no Django conversions, so both sides read alike."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        name = settings_dict["NAME"]
        db = sqlite3.connect(name, uri=str(name).startswith("file:"))
    else:
        db = psycopg.connect(
            dbname=settings_dict["NAME"], host=settings_dict["HOST"] or None, port=settings_dict["PORT"] or None,
            user=settings_dict["USER"] or None, password=settings_dict["PASSWORD"] or None, autocommit=True,
        )
    try:
        yield db
    finally:
        db.close()


def every_row(settings_dict: dict) -> dict[str, list]:
    with raw(settings_dict) as db:
        if settings_dict["ENGINE"].endswith("sqlite3"):
            tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        else:
            tables = [r[0] for r in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {table: sorted((tuple(row) for row in db.execute(f'SELECT * FROM "{table}"')), key=repr) for table in tables}


@contextmanager
def fresh_database(tmp_path):
    """Settings of a new, empty database of the test database's kind; dropped afterwards."""
    current = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield {**current, "NAME": str(path)}, f"sqlite:///{path}"
        return
    name = f"motcua_restore_{uuid.uuid4().hex[:8]}"
    admin = {**current, "NAME": "postgres"}
    with raw(admin) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    try:
        credentials = current["USER"] + (f":{current['PASSWORD']}" if current["PASSWORD"] else "")
        yield {**current, "NAME": name}, f"postgres://{credentials}@{current['HOST']}:{current['PORT'] or 5432}/{name}"
    finally:
        with raw(admin) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*arguments, **environ) -> subprocess.CompletedProcess:
    variables = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **environ}
    variables.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *arguments], env=variables, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.mark.django_db(transaction=True)
def test_restore_into_a_fresh_database_finds_every_dossier_event_and_file(media, tmp_path):
    made = dossiers_with_files(World())
    folder = tmp_path / "sao-luu"
    out = StringIO()
    call_command("backup", str(folder), stdout=out)
    rows = every_row(connection.settings_dict)
    files = {d.file.name: d.file.read() for d in DossierDocument.objects.exclude(file="")}
    assert len(files) >= 3 and DossierEvent.objects.count() == 5
    assert f"{len(files) + 1} tệp" in out.getvalue()

    restored_media = tmp_path / "media-khoi-phuc"
    with fresh_database(tmp_path) as (restored, url):
        result = manage("restore", str(folder), DATABASE_URL=url, MEDIA_ROOT=str(restored_media), MOTCUA_VAR_DIR=str(tmp_path))
        assert result.returncode == 0, result.stderr
        assert every_row(restored) == rows
        audit = manage("verify_audit", DATABASE_URL=url, MOTCUA_VAR_DIR=str(tmp_path))
        assert audit.returncode == 0 and "Nhật ký toàn vẹn." in audit.stdout, audit.stderr

    for name, content in files.items():
        assert (restored_media / name).read_bytes() == content
    assert (restored_media / "signatures/2026/ket-qua-da-ky.pdf").read_bytes() == (media / "signatures/2026/ket-qua-da-ky.pdf").read_bytes()
    assert {d.code for d in made} <= {row[1] for row in rows["dossiers_dossier"]}


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty(media, tmp_path):
    dossiers_with_files(World())
    call_command("backup", str(tmp_path / "sao-luu"), stdout=StringIO())
    with pytest.raises(CommandError, match="đã có bảng"):
        call_command("restore", str(tmp_path / "sao-luu"), stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_before_anything_is_written(media, tmp_path):
    dossiers_with_files(World())
    folder = tmp_path / "sao-luu"
    call_command("backup", str(folder), stdout=StringIO())
    out = StringIO()
    call_command("restore", str(folder), "--check", stdout=out)
    assert "Bản sao lưu nguyên vẹn" in out.getvalue()
    damaged = folder / "media" / "signatures/2026/ket-qua-da-ky.pdf"
    content = bytearray(damaged.read_bytes())
    content[100] ^= 1
    damaged.write_bytes(bytes(content))
    with pytest.raises(CommandError, match="ket-qua-da-ky.pdf trong bản sao lưu bị thiếu hoặc đã thay đổi"):
        call_command("restore", str(folder), "--check", stdout=StringIO())


@pytest.mark.django_db
def test_backup_refuses_a_folder_that_holds_something(media, tmp_path):
    (tmp_path / "cu.txt").write_text("cũ")
    with pytest.raises(CommandError, match="đã có dữ liệu"):
        call_command("backup", str(tmp_path), stdout=StringIO())
    assert [p.name for p in tmp_path.iterdir()] == ["cu.txt"]


@pytest.mark.django_db
def test_backup_refuses_to_run_inside_a_transaction(media, tmp_path):
    with pytest.raises(CommandError, match="bên trong một giao dịch"):
        call_command("backup", str(tmp_path / "sao-luu"), stdout=StringIO())
    assert not (tmp_path / "sao-luu").exists()
