"""Encrypt, in place, the stored files written before MEDIA_ENCRYPTION_KEY was set, and
re-encrypt the others under the first key after a rotation (motcua.storage).

    manage.py encrypt_media

Each file is replaced whole (a new file moved over the old one on a local folder, one PUT on
object storage), so an interruption leaves every file either as it was or done; run it again
to finish.
"""

import os
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from motcua.backups.archive import stored_names
from motcua.storage import EncryptedStorage, is_encrypted


def _replace(inner, name: str, data: bytes) -> None:
    try:
        target = Path(inner.path(name))
    except NotImplementedError:  # object storage: one PUT replaces the object whole
        inner._save(name, ContentFile(data))
        return
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".encrypt-")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.chmod(temporary, target.stat().st_mode)
    os.replace(temporary, target)


class Command(BaseCommand):
    help = "Mã hóa các tệp đã lưu trước khi bật MEDIA_ENCRYPTION_KEY và mã hóa lại theo khóa đầu tiên sau khi đổi khóa."

    def handle(self, *args, **options):
        storage = storages["default"]
        if not isinstance(storage, EncryptedStorage):
            raise CommandError("MEDIA_ENCRYPTION_KEY chưa được đặt: không có khóa để mã hóa tệp.")
        encrypted = rotated = 0
        for name in stored_names(storage.inner):
            with storage.inner.open(name, "rb") as stored:
                data = stored.read()
            if storage.is_current(data):
                continue
            if is_encrypted(data):
                rotated += 1
            else:
                encrypted += 1
            _replace(storage.inner, name, storage.encrypt(storage.decrypt(data, name)))
        self.stdout.write(self.style.SUCCESS(f"Đã mã hóa {encrypted} tệp và mã hóa lại {rotated} tệp."))
