"""Small PDFs to sign, made with reportlab as the printed forms are, and signed the way
software other than MotCua signs them."""

from io import BytesIO

from asn1crypto import keys
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from motcua.signatures import pki
from motcua.signatures.certificates import to_asn1


def a_pdf(text: str = "Quyet dinh cap giay phep xay dung") -> bytes:
    buffer = BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.drawString(72, 760, text)
    page.showPage()
    page.save()
    return buffer.getvalue()


def flip_byte(content: bytes, marker: bytes) -> bytes:
    """`content` with the first byte of `marker` changed: a one-byte forgery."""
    at = content.index(marker)
    return content[:at] + bytes([content[at] ^ 0x01]) + content[at + 1 :]


def signed_by(issued: pki.Issued, chain=(), *, content: bytes | None = None, field_name: str = "ChuKy", **metadata) -> bytes:
    """`content` (a fresh PDF by default) signed by `issued` with pyHanko alone, carrying the
    issuers' certificates in `chain` and no others; `metadata` as PdfSignatureMetadata takes it."""
    signer = signers.SimpleSigner(
        signing_cert=to_asn1(issued.certificate),
        signing_key=keys.PrivateKeyInfo.load(issued.key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())),
        cert_registry=SimpleCertificateStore.from_certs([to_asn1(c) for c in chain]),
    )
    writer = IncrementalPdfFileWriter(BytesIO(content or a_pdf()), strict=False)
    output = signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name=field_name, **metadata), signer=signer)
    return output.getvalue()
