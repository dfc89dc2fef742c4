"""Keeping private keys and token PINs at rest: encrypted with Fernet (AES-128-CBC with
HMAC-SHA256) under a key derived from SIGNING_KEY_SECRET, or from SECRET_KEY when that is
empty. Nothing here ever writes a key or a password in clear."""

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _fernet() -> Fernet:
    secret = (settings.SIGNING_KEY_SECRET or settings.SECRET_KEY).encode()
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"motcua.signatures.keystore").derive(secret)
    return Fernet(base64.urlsafe_b64encode(key))


def seal(secret: bytes) -> bytes:
    return _fernet().encrypt(secret)


def unseal(token: bytes) -> bytes:
    try:
        return _fernet().decrypt(bytes(token))
    except InvalidToken:
        raise ImproperlyConfigured(
            "A stored signing key cannot be decrypted: SIGNING_KEY_SECRET (or SECRET_KEY) changed since it was uploaded."
        )
