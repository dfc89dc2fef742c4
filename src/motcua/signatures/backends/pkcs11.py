"""Keys on a hardware token or HSM, reached through its PKCS#11 module: the key never
leaves the device. The credential names the module (or SIGNING_PKCS11_MODULE), the token
label and the key label; the PIN is stored encrypted (keystore.py). python-pkcs11 is
imported only when such a credential signs."""

from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from motcua.signatures import keystore
from motcua.signatures.backends import SigningBackend, register
from motcua.signatures.certificates import load_pem_list, to_asn1


@register("pkcs11")
class Pkcs11Backend(SigningBackend):
    @contextmanager
    def open(self, credential):
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign import pkcs11

        module = credential.pkcs11_module or settings.SIGNING_PKCS11_MODULE
        if not module:
            raise ImproperlyConfigured("A PKCS#11 credential needs a module path (or SIGNING_PKCS11_MODULE).")
        pin = keystore.unseal(credential.encrypted_pin).decode() if credential.encrypted_pin else None
        session = pkcs11.open_pkcs11_session(
            module, token_criteria=TokenCriteria(label=credential.pkcs11_token_label), user_pin=pin
        )
        try:
            yield pkcs11.PKCS11Signer(
                session,
                key_label=credential.pkcs11_key_label,
                signing_cert=to_asn1(load_pem_list(credential.certificate_pem)[0]),
                ca_chain=[to_asn1(c) for c in load_pem_list(credential.chain_pem)],
                # Hash here and let the token sign the digest: every token (SoftHSM2 included)
                # has the raw ECDSA / RSA mechanisms, not all have the hash-and-sign ones.
                use_raw_mechanism=True,
            )
        finally:
            session.close()
