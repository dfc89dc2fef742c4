"""A backup is a folder: the database, a copy of every stored file and a manifest.

    <folder>/manifest.json      what is there, with the SHA-256 of the database dump and of every file
    <folder>/database.sqlite3   SQLite: a consistent copy by SQLite's online backup API
    <folder>/database.dump      PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore`
    <folder>/media/<name>       every file of the default storage (uploads, results, signed files)

The database is copied first, then the files: a file is stored before the row that names it
is committed, so every file the copied database refers to exists when the files are copied.
Files go through the storage API, so the same commands serve local folders and object storage,
and are copied as they are at rest: encrypted files (motcua.storage) stay encrypted in the
backup, and restoring them needs the same MEDIA_ENCRYPTION_KEY.

A restore goes into a fresh, empty database of the same kind and a storage without those
files; it checks every byte against the manifest before anything is written, and every file
again once stored.
"""

import hashlib
import json
import os
import posixpath
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connections
from django.utils import timezone

from motcua.storage import at_rest

FORMAT = "motcua-backup-1"
MANIFEST = "manifest.json"
MEDIA = "media"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Why a backup or restore cannot go on; nothing more is written once it is raised."""


@dataclass(frozen=True)
class Outcome:
    vendor: str
    files: int
    bytes: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _vendor(connection) -> str:
    if connection.vendor not in DUMPS:
        raise BackupError(f"Không sao lưu được cơ sở dữ liệu loại {connection.vendor}.")
    return connection.vendor


def _pg_command(program: str, settings_dict: dict, *arguments: str) -> None:
    """Run pg_dump or pg_restore against the database of `settings_dict`."""
    options = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            options += [flag, str(settings_dict[key])]
    environ = {**os.environ}
    if settings_dict.get("PASSWORD"):
        environ["PGPASSWORD"] = settings_dict["PASSWORD"]
    try:
        result = subprocess.run(
            [program, *options, "--dbname", settings_dict["NAME"], *arguments], env=environ, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise BackupError(f"Không tìm thấy {program}: cài gói postgresql-client cùng phiên bản với máy chủ.")
    if result.returncode != 0:
        raise BackupError(f"{program} thất bại: {result.stderr.strip()}")


# --- backup ------------------------------------------------------------------------------


def _dump_database(connection, target: Path) -> None:
    if connection.in_atomic_block:
        # A copy taken inside a transaction would miss other writers' commits (PostgreSQL's
        # dump runs apart) or wait forever on its own lock (SQLite's backup API).
        raise BackupError("Không sao lưu được bên trong một giao dịch cơ sở dữ liệu.")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            # The online backup API copies a consistent snapshot while others keep writing.
            connection.connection.backup(copy)
            # A self-contained file: no -wal beside it to forget when the folder is moved.
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
    else:
        _pg_command("pg_dump", connection.settings_dict, "--format=custom", "--no-owner", "--no-privileges", "--file", str(target))


def stored_names(storage: Storage, folder: str = ""):
    """Every file name in `storage`, folders first walked in name order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a local storage nothing was ever uploaded to
        return
    for name in sorted(files):
        yield posixpath.join(folder, name)
    for name in sorted(folders):
        yield from stored_names(storage, posixpath.join(folder, name))


def _copy_out(storage: Storage, name: str, target: Path) -> dict:
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with storage.open(name, "rb") as source, target.open("wb") as out:
        for chunk in iter(lambda: source.read(CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return {"name": name, "size": size, "sha256": digest.hexdigest()}


def create(folder: Path, *, using: str = "default", storage: Storage | None = None) -> Outcome:
    """Back the database `using` and every file of `storage` up into `folder` (new or empty)."""
    storage = at_rest(storage or default_storage)
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"Thư mục {folder} đã có dữ liệu: sao lưu vào một thư mục mới.")
    folder.mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    vendor = _vendor(connection)
    dump = folder / DUMPS[vendor]
    _dump_database(connection, dump)
    files = []
    for name in stored_names(storage):
        if name.startswith("/") or ".." in Path(name).parts:
            raise BackupError(f"Tên tệp không hợp lệ trong kho lưu trữ: {name}")
        files.append(_copy_out(storage, name, folder / MEDIA / name))
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": {"vendor": vendor, "file": dump.name, "sha256": _sha256(dump)},
        "files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return Outcome(vendor, len(files), sum(f["size"] for f in files))


# --- restore -----------------------------------------------------------------------------


def read_manifest(folder: Path) -> dict:
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise BackupError(f"Không có {MANIFEST} trong {folder}: đây không phải một bản sao lưu.")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Bản sao lưu dạng {manifest.get('format')!r}, phiên bản này đọc dạng {FORMAT}.")
    return manifest


def check(folder: Path) -> dict:
    """The manifest, once the dump and every file in the backup match it byte for byte."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    dump = folder / manifest["database"]["file"]
    if not dump.is_file() or _sha256(dump) != manifest["database"]["sha256"]:
        raise BackupError(f"Bản sao cơ sở dữ liệu {dump.name} bị thiếu hoặc đã thay đổi.")
    for entry in manifest["files"]:
        copy = folder / MEDIA / entry["name"]
        if not copy.is_file() or _sha256(copy) != entry["sha256"]:
            raise BackupError(f"Tệp {entry['name']} trong bản sao lưu bị thiếu hoặc đã thay đổi.")
    return manifest


def _is_empty(connection) -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _load_database(connection, dump: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        _pg_command(
            "pg_restore", connection.settings_dict, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", str(dump)
        )


def _stored_sha256(storage: Storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as stream:
        for chunk in iter(lambda: stream.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def restore(folder: Path, *, using: str = "default", storage: Storage | None = None) -> Outcome:
    """Restore the backup in `folder` into the empty database `using` and into `storage`."""
    storage = at_rest(storage or default_storage)
    folder = Path(folder)
    manifest = check(folder)
    connection = connections[using]
    vendor = _vendor(connection)
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(f"Bản sao lưu là của {manifest['database']['vendor']}, không khôi phục vào {vendor} được.")
    if not _is_empty(connection):
        raise BackupError("Cơ sở dữ liệu đích đã có bảng: khôi phục vào một cơ sở dữ liệu mới, trống.")
    clashes = [
        entry["name"] for entry in manifest["files"]
        if storage.exists(entry["name"]) and _stored_sha256(storage, entry["name"]) != entry["sha256"]
    ]
    if clashes:
        raise BackupError(f"Kho lưu trữ đích đã có tệp khác cùng tên: {', '.join(clashes[:5])}")
    _load_database(connection, folder / manifest["database"]["file"])
    for entry in manifest["files"]:
        name = entry["name"]
        if storage.exists(name):
            continue  # the same bytes, checked above
        with (folder / MEDIA / name).open("rb") as copy:
            stored = storage.save(name, File(copy, name=posixpath.basename(name)))
        if stored != name or _stored_sha256(storage, name) != entry["sha256"]:
            raise BackupError(f"Tệp {name} không được lưu lại nguyên vẹn.")
    return Outcome(vendor, len(manifest["files"]), sum(f["size"] for f in manifest["files"]))
