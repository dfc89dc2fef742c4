"""Uploaded files encrypted at rest: a storage that wraps the configured one (local folder
or object storage) and encrypts every file it writes with Fernet (AES-128-CBC and
HMAC-SHA256) under MEDIA_ENCRYPTION_KEY.

- Whoever reads the disk, the bucket or a backup without the key sees only ciphertext; a
  file changed there no longer decrypts, and reading it raises TamperedFile instead of
  handing out altered bytes.
- Several keys, comma-separated, rotate: the first encrypts, any of them decrypts.
- The application reads files through the storage (views answer with the decrypted bytes),
  so nothing else changes. An address from url() points at the stored bytes: for encrypted
  files that is ciphertext, and no file is ever served from there (motcua.urls).
- Every file is encrypted, the catalog's blank forms too: they are public, but served by the
  application like the rest, and one changed at rest is refused rather than handed out.
- A file written before encryption was turned on has no ENCRYPTED marker and is read as it
  is; `manage.py encrypt_media` encrypts such files in place (and re-encrypts the others
  under the first key, after a rotation).
"""

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.utils.deconstruct import deconstructible
from django.utils.module_loading import import_string

# Written before each Fernet token: tells an encrypted file from one written in the clear
# (no kind of document the platform accepts starts with it).
ENCRYPTED = b"MOTCUA-ENC1\n"


class TamperedFile(Exception):
    """A stored file that does not decrypt: changed at rest, or encrypted under another key."""


def cipher(keys: list[str]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("MEDIA_ENCRYPTION_KEY is empty: there is no key to encrypt files with.")
    try:
        return MultiFernet([Fernet(key.strip().encode()) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(f"MEDIA_ENCRYPTION_KEY: each key must be 32 url-safe base64-encoded bytes ({error}).")


def is_encrypted(data: bytes) -> bool:
    return data.startswith(ENCRYPTED)


@deconstructible
class EncryptedStorage(Storage):
    """Encrypts what it writes to `inner` (a STORAGES-style dict: BACKEND and OPTIONS)."""

    def __init__(self, inner: dict | None = None, keys: list[str] | None = None):
        inner = inner or {"BACKEND": "django.core.files.storage.FileSystemStorage"}
        self.inner = import_string(inner["BACKEND"])(**inner.get("OPTIONS", {}))
        self._keys = keys

    @property
    def keys(self) -> list[str]:
        return self._keys if self._keys is not None else settings.MEDIA_ENCRYPTION_KEYS

    @property
    def cipher(self) -> MultiFernet:
        return cipher(self.keys)

    def is_current(self, data: bytes) -> bool:
        """Whether stored bytes are encrypted under the first key (nothing to redo after a rotation)."""
        if not is_encrypted(data):
            return False
        try:
            cipher(self.keys[:1]).decrypt(data[len(ENCRYPTED):])
        except InvalidToken:
            return False
        return True

    def encrypt(self, data: bytes) -> bytes:
        return ENCRYPTED + self.cipher.encrypt(data)

    def decrypt(self, data: bytes, name: str = "") -> bytes:
        if not is_encrypted(data):
            return data
        try:
            return self.cipher.decrypt(data[len(ENCRYPTED):])
        except InvalidToken:
            raise TamperedFile(f"{name}: the stored file does not decrypt (changed at rest, or another key).")

    def _save(self, name, content):
        return self.inner._save(name, ContentFile(self.encrypt(b"".join(content.chunks()))))

    def _open(self, name, mode="rb"):
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("Encrypted files are written whole through save(), not opened for writing.")
        with self.inner.open(name, "rb") as stored:
            data = stored.read()
        return ContentFile(self.decrypt(data, name), name=name)

    def size(self, name):
        with self.open(name) as content:
            return content.size

    # Everything else is the wrapped storage's: names, listing, times, addresses.
    def delete(self, name):
        return self.inner.delete(name)

    def exists(self, name):
        return self.inner.exists(name)

    def listdir(self, path):
        return self.inner.listdir(path)

    def url(self, name):
        return self.inner.url(name)

    def get_valid_name(self, name):
        return self.inner.get_valid_name(name)

    def get_alternative_name(self, file_root, file_ext):
        return self.inner.get_alternative_name(file_root, file_ext)

    def get_available_name(self, name, max_length=None):
        return self.inner.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.inner.generate_filename(filename)

    def get_accessed_time(self, name):
        return self.inner.get_accessed_time(name)

    def get_created_time(self, name):
        return self.inner.get_created_time(name)

    def get_modified_time(self, name):
        return self.inner.get_modified_time(name)


def at_rest(storage: Storage) -> Storage:
    """The storage that holds the bytes as they are at rest (ciphertext when encrypted)."""
    return getattr(storage, "inner", storage)
