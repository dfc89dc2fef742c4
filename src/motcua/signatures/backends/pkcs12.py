"""Keys from PKCS#12 files, kept encrypted in the database (keystore.py)."""

from contextlib import contextmanager

from asn1crypto import keys
from pyhanko.sign.signers import SimpleSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore

from motcua.signatures import keystore
from motcua.signatures.backends import SigningBackend, register
from motcua.signatures.certificates import load_pem_list, to_asn1


@register("pkcs12")
class Pkcs12Backend(SigningBackend):
    @contextmanager
    def open(self, credential):
        certificate = load_pem_list(credential.certificate_pem)[0]
        chain = load_pem_list(credential.chain_pem)
        key = keys.PrivateKeyInfo.load(keystore.unseal(credential.encrypted_key))
        yield SimpleSigner(
            signing_cert=to_asn1(certificate),
            signing_key=key,
            cert_registry=SimpleCertificateStore.from_certs([to_asn1(c) for c in chain]),
        )
