"""No address serves the storage itself: every stored file is answered by a view that checks
who asks, with DEBUG on as with DEBUG off, and object storage keeps its files private."""

import importlib
import json
import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.core.files.base import ContentFile
from django.urls import clear_url_caches

import motcua.urls
from motcua.accounts.models import Role
from motcua.conf.tests.test_deploy import ROOT
from motcua.dossiers.tests.conftest import World

PDF = b"%PDF-1.7\nCCCD 074190000123\n%%EOF\n"


@pytest.fixture
def debug_urls(settings):
    """The addresses as a process started with DEBUG=true builds them (motcua.urls is read once)."""
    settings.DEBUG = True
    importlib.reload(motcua.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(motcua.urls)
    clear_url_caches()


@pytest.mark.django_db
def test_a_stored_scan_is_not_served_from_media_even_with_debug_on(debug_urls, client):
    world = World()
    dossier = world.receive()
    document = dossier.documents.first()
    document.file.save("cccd.pdf", ContentFile(PDF))

    assert client.get(f"/media/{document.file.name}").status_code == 404
    client.force_login(world.citizen)
    assert client.get(f"/media/{document.file.name}").status_code == 404
    # Whoever may see the dossier still gets it, through the back office.
    client.force_login(world.staff[Role.HANDLER])
    response = client.get(f"/mot-cua/ho-so/{dossier.code}/giay-to/{document.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


def test_object_storage_writes_private_objects_and_hands_out_no_public_address(tmp_path):
    """With MEDIA_STORAGE=s3 (and encryption around it), objects are written with the private
    ACL, and any address the storage could make would be signed and expiring."""
    environ = {
        **{name: value for name, value in os.environ.items() if name != "DJANGO_SETTINGS_MODULE"},
        "MEDIA_STORAGE": "s3", "MEDIA_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "MOTCUA_VAR_DIR": str(tmp_path), "PYTHONPATH": str(ROOT / "src"),
    }
    printed = subprocess.run(
        [sys.executable, "-c", "import json; from motcua.conf import settings; print(json.dumps(settings.STORAGES['default']))"],
        env=environ, capture_output=True, text=True, timeout=60, check=True,
    ).stdout
    storage = json.loads(printed)
    assert storage["BACKEND"] == "motcua.storage.EncryptedStorage"
    inner = storage["OPTIONS"]["inner"]
    assert inner["BACKEND"] == "storages.backends.s3.S3Storage"
    assert inner["OPTIONS"]["default_acl"] == "private" and inner["OPTIONS"]["querystring_auth"] is True
    assert not inner["OPTIONS"].get("custom_domain")
