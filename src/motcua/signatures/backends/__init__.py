"""Signing backends: where the private key lives and how pyHanko reaches it.

Each backend is a small class registered under the `SigningCredential.backend` value it
serves. `pkcs12` keeps the key encrypted in the database (keystore.py); `pkcs11` leaves it
on a hardware token or HSM and signs through its PKCS#11 module. A new kind of key store
(a remote signing service, say) is one more class here.
"""

from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager

from pyhanko.sign.signers import Signer


class SigningBackend(ABC):
    @abstractmethod
    def open(self, credential) -> "contextmanager[Signer]":
        """A context manager yielding a pyHanko Signer for `credential`, released on exit."""


_REGISTRY: dict[str, SigningBackend] = {}


def register(name: str):
    def decorate(cls: type[SigningBackend]) -> type[SigningBackend]:
        _REGISTRY[name] = cls()
        return cls

    return decorate


def backend_for(credential) -> SigningBackend:
    return _REGISTRY[credential.backend]


@contextmanager
def signer_for(credential) -> Iterator[Signer]:
    with backend_for(credential).open(credential) as signer:
        yield signer


from motcua.signatures.backends import pkcs11, pkcs12  # noqa: E402,F401  (each registers itself)
