"""Uploaded files are encrypted at rest when MEDIA_ENCRYPTION_KEY is set, and nothing that
reads them through the application notices."""

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from motcua.accounts.models import Role
from motcua.backups import archive
from motcua.catalog.tests.factories import ProcedureVersionFactory
from motcua.conf.settings import _fernet_keys
from motcua.dossiers import services
from motcua.dossiers.tests.conftest import World
from motcua.storage import EncryptedStorage, TamperedFile, is_encrypted

SCAN = b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"CCCD 074190000123"


@pytest.fixture
def key():
    return Fernet.generate_key().decode()


@pytest.fixture
def encrypted(settings, tmp_path, key):
    """The site's default storage, encrypting into a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ENCRYPTION_KEYS = [key]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "motcua.storage.EncryptedStorage", "OPTIONS": {"inner": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}},
    }
    return settings.MEDIA_ROOT


def test_a_saved_file_is_ciphertext_on_disk_and_plain_through_the_storage(encrypted):
    name = default_storage.save("dossiers/2026/03/cccd.pdf", ContentFile(SCAN))
    at_rest = (encrypted / name).read_bytes()
    assert is_encrypted(at_rest) and b"074190000123" not in at_rest and b"%PDF" not in at_rest
    with default_storage.open(name) as stored:
        assert stored.read() == SCAN
    assert default_storage.size(name) == len(SCAN)


def test_the_catalogs_blank_forms_are_encrypted_too_and_served_as_they_were_uploaded(encrypted, db, client):
    # Public, but served by the application like every other file: one changed at rest is refused.
    form = ProcedureVersionFactory(procedure__code="1.001193").documents.get(order=1)
    form.template.save("to-khai.pdf", ContentFile(SCAN))
    assert is_encrypted((encrypted / form.template.name).read_bytes())
    response = client.get(f"/thu-tuc/1.001193/mau-don/{form.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == SCAN


def test_a_file_changed_at_rest_is_refused_not_served(encrypted):
    name = default_storage.save("dossiers/2026/03/cccd.pdf", ContentFile(SCAN))
    stored = bytearray((encrypted / name).read_bytes())
    stored[40] ^= 1
    (encrypted / name).write_bytes(bytes(stored))
    with pytest.raises(TamperedFile):
        default_storage.open(name)


def test_another_key_cannot_read_it(encrypted, tmp_path):
    name = default_storage.save("dossiers/2026/03/cccd.pdf", ContentFile(SCAN))
    stranger = EncryptedStorage(keys=[Fernet.generate_key().decode()])
    stranger.inner.location = str(encrypted)
    with pytest.raises(TamperedFile):
        stranger.open(name)


def test_a_dossier_document_downloads_as_uploaded(encrypted, db, client):
    world = World()
    documents = [
        services.DocumentInput(required_document=d, originals=1, file=ContentFile(SCAN, name="cccd.pdf"))
        for d in world.version.documents.all()
    ]
    dossier = services.receive_at_counter(
        actor=world.staff[Role.RECEPTION], procedure_version=world.version, agency=world.commune, applicant=world.applicant(),
        form_data={"noi_dung": "Cấp bản sao"}, documents=documents, delivery="counter",
    )
    document = dossier.documents.exclude(file="").first()
    assert is_encrypted((encrypted / document.file.name).read_bytes())
    client.force_login(world.staff[Role.HANDLER])
    response = client.get(f"/mot-cua/ho-so/{dossier.code}/giay-to/{document.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == SCAN


def test_encrypt_media_encrypts_older_files_and_rotates_keys(encrypted, settings, key):
    older = encrypted / "dossiers/2025/12/cu.pdf"
    older.parent.mkdir(parents=True)
    older.write_bytes(SCAN)
    with default_storage.open("dossiers/2025/12/cu.pdf") as stored:
        assert stored.read() == SCAN  # read as it is until encrypted
    newer = default_storage.save("dossiers/2026/03/moi.pdf", ContentFile(SCAN + b"moi"))
    out = StringIO()
    call_command("encrypt_media", stdout=out)
    assert "Đã mã hóa 1 tệp và mã hóa lại 0 tệp." in out.getvalue()
    assert is_encrypted(older.read_bytes())

    replacement = Fernet.generate_key().decode()
    settings.MEDIA_ENCRYPTION_KEYS = [replacement, key]
    out = StringIO()
    call_command("encrypt_media", stdout=out)
    assert "Đã mã hóa 0 tệp và mã hóa lại 2 tệp." in out.getvalue()
    settings.MEDIA_ENCRYPTION_KEYS = [replacement]
    with default_storage.open("dossiers/2025/12/cu.pdf") as stored:
        assert stored.read() == SCAN
    with default_storage.open(newer) as stored:
        assert stored.read() == SCAN + b"moi"


def test_encrypt_media_needs_a_key(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(CommandError, match="MEDIA_ENCRYPTION_KEY"):
        call_command("encrypt_media", stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_backups_keep_files_encrypted(encrypted, tmp_path):
    name = default_storage.save("dossiers/2026/03/cccd.pdf", ContentFile(SCAN))
    archive.create(tmp_path / "sao-luu")
    copy = (tmp_path / "sao-luu" / "media" / name).read_bytes()
    assert copy == (encrypted / name).read_bytes() and is_encrypted(copy)


def test_a_malformed_key_stops_the_start(key):
    assert _fernet_keys(f" {key} ,") == [key]
    assert _fernet_keys("") == []
    with pytest.raises(ImproperlyConfigured, match="MEDIA_ENCRYPTION_KEY"):
        _fernet_keys("khong-phai-khoa")
