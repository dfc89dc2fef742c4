"""Signing one PDF as PAdES with a visible stamp, and nothing else: no database, no
dossier. services.py decides who signs what and records it.

The stamp (signer, position, time, and a QR code opening the public verification page of
this very signature) is placed where a Vietnamese official signs: in the signing space of
the rightmost signature block of a printed form (under its "(Ký …)" line), or at the bottom
right of the last page of a document without one. A timestamp from SIGNING_TSA_URL
(RFC 3161) is added when one is configured.
"""

import functools
import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from fontTools import ttLib
from fontTools.ttLib.scaleUpem import scale_upem
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.timestamps import HTTPTimeStamper, TimestampRequestError
from pyhanko.stamp import QRStampStyle

from motcua.signatures.backends import signer_for
from motcua.signatures.certificates import check_before_signing, load_pem_list

FONT = Path(__file__).resolve().parents[1] / "printforms" / "fonts" / "DejaVuSerif.ttf"
# The stamp: at most 70 mm wide (45 % of a narrower page); 16 mm high in a form's signing
# space, otherwise 24 mm high, 15 mm from the right edge and 15 mm from the bottom.
MM = 72 / 25.4
STAMP_WIDTH, STAMP_HEIGHT, SPACE_HEIGHT = 70 * MM, 24 * MM, 16 * MM
STAMP_RIGHT, STAMP_BOTTOM = 15 * MM, 15 * MM
LOCAL_TIME = ZoneInfo(settings.TIME_ZONE)

STAMP_TEXT = "Ký bởi: %(signer)s\nChức vụ: %(position)s\nThời gian: %(when)s\nKiểm tra: quét mã QR"


@dataclass(frozen=True)
class SignedPdf:
    content: bytes
    sha256: str
    timestamped: bool


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@functools.cache
def stamp_font() -> str:
    """The stamp's font file: the forms' DejaVu Serif redrawn on a 1000-unit em.

    pyHanko writes glyph widths in the font's own units, and a PDF reads them as thousandths
    of an em; DejaVu's em has 2048 units, which would space the letters twice too far apart.
    Scaled once per process (about a second) into the temporary folder."""
    source = FONT.read_bytes()
    path = Path(tempfile.gettempdir()) / f"motcua-stamp-{hashlib.sha256(source).hexdigest()[:16]}.ttf"
    if not path.exists():
        font = ttLib.TTFont(FONT)
        scale_upem(font, 1000)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        font.save(partial)
        partial.replace(path)  # atomic: another process never reads a half-written file
    return str(path)


def _signing_space(content: bytes) -> tuple[float, float, float] | None:
    """Where the official signs on the last page of a form: under the rightmost hint
    "(Ký …)" of a signature block (printforms leaves 16 mm there before the printed name).
    Returns the hint's horizontal centre and bottom, and the page's width, or None."""
    document = pdfium.PdfDocument(content)
    try:
        page = document[len(document) - 1]
        width = page.get_size()[0]
        text = page.get_textpage()
        found = []
        search = text.search("(Ký", match_case=True)
        while (hit := search.get_next()) is not None:
            start = hit[0]
            line = text.get_text_range(start, 80)
            length = line.find(")") + 1 or hit[1]
            boxes = [text.get_charbox(i) for i in range(start, start + length)]
            found.append(((min(b[0] for b in boxes) + max(b[2] for b in boxes)) / 2, min(b[1] for b in boxes)))
        if not found:
            return None
        centre, bottom = max(found, key=lambda place: (place[0], -place[1]))
        return centre, bottom, width
    finally:
        document.close()


def _stamp_box(content: bytes, writer: IncrementalPdfFileWriter, earlier_signatures: int) -> tuple[int, int, int, int]:
    """The stamp's rectangle: in the signing space of the rightmost signature block when
    the document has one (a printed form), else at the bottom right of the last page; a
    later signature (the seal after the leader) goes to the left of the earlier ones."""
    page_ref, _resources = writer.find_page_for_modification(-1)
    left, bottom, right, _top = (float(v) for v in page_ref.get_object()["/MediaBox"])
    place = _signing_space(content)
    if place is not None:
        centre, hint_bottom, width = place
        stamp_width = min(STAMP_WIDTH, width * 0.45)
        x1, y2 = centre - stamp_width / 2, hint_bottom - 1 * MM
        y1 = y2 - SPACE_HEIGHT
    else:
        stamp_width = min(STAMP_WIDTH, (right - left) * 0.45)
        x1, y1 = right - STAMP_RIGHT - stamp_width, bottom + STAMP_BOTTOM
        y2 = y1 + STAMP_HEIGHT
    x1 = max(left + 5 * MM, x1 - earlier_signatures * (stamp_width + 3 * MM))
    return (int(x1), int(y1), int(x1 + stamp_width), int(y2))


def _writer(content: bytes) -> IncrementalPdfFileWriter:
    if not content.startswith(b"%PDF-"):
        raise ValidationError(_("Tệp cần ký không phải là tệp PDF."))
    try:
        return IncrementalPdfFileWriter(BytesIO(content), strict=False)
    except (PdfError, ValueError, KeyError, TypeError) as error:
        raise ValidationError(_("Không đọc được tệp PDF cần ký: %(error)s") % {"error": error})


def sign(*, content: bytes, credential, verify_url: str, position: str, field_name: str, at: datetime) -> SignedPdf:
    """Sign `content` (a PDF) with `credential` after checking its certificate at `at`."""
    certificate = load_pem_list(credential.certificate_pem)[0]
    check_before_signing(certificate, load_pem_list(credential.chain_pem), at)
    writer = _writer(content)
    try:
        box = _stamp_box(content, writer, sum(1 for _field in fields.enumerate_sig_fields(writer, filled_status=True)))
    except (PdfError, pdfium.PdfiumError, KeyError, IndexError, ValueError) as error:
        raise ValidationError(_("Không đọc được trang cuối của tệp PDF: %(error)s") % {"error": error})
    timestamper = HTTPTimeStamper(settings.SIGNING_TSA_URL) if settings.SIGNING_TSA_URL else None
    style = QRStampStyle(
        stamp_text=STAMP_TEXT,
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(stamp_font()), font_size=7),
        border_width=1,
        background=None,
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        subfilter=SigSeedSubFilter.PADES,
        reason=_("Ký số văn bản trên hệ thống giải quyết thủ tục hành chính"),
        name=credential.signer_name,
        use_pades_lta=False,
    )
    output = BytesIO()
    with signer_for(credential) as signer:
        pdf_signer = signers.PdfSigner(
            metadata, signer, timestamper=timestamper, stamp_style=style,
            new_field_spec=fields.SigFieldSpec(sig_field_name=field_name, on_page=-1, box=box),
        )
        try:
            pdf_signer.sign_pdf(
                writer,
                output=output,
                appearance_text_params={
                    "url": verify_url,
                    "signer": credential.signer_name,
                    "position": position or "–",
                    "when": at.astimezone(LOCAL_TIME).strftime("%H:%M %d/%m/%Y"),
                },
            )
        except TimestampRequestError as error:
            raise ValidationError(_("Máy chủ cấp dấu thời gian không trả lời: %(error)s") % {"error": error})
    signed = output.getvalue()
    return SignedPdf(content=signed, sha256=sha256(signed), timestamped=timestamper is not None)
