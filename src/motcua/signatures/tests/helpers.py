"""Small PDFs to sign, made with reportlab as the printed forms are."""

from io import BytesIO

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


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
