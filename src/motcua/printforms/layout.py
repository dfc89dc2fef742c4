"""The building blocks every official form shares, drawn with reportlab.

Thông tư 01/2018/TT-VPCP lays the forms out like any administrative document: the agency
and the number on the left, the national title and the place-and-date line on the right,
the form's name in capitals, its content, then the signature blocks. The font is embedded
so the Vietnamese letters print the same everywhere (fonts/README.md).
"""

import threading
from functools import cache
from io import BytesIO
from pathlib import Path
from urllib.parse import urlencode
from xml.sax.saxutils import escape

from django.conf import settings
from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, A5, landscape, portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONTS = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD = "MotCuaSerif", "MotCuaSerif-Bold"

A5_PORTRAIT = A5
A4_PORTRAIT = portrait(A4)
A4_LANDSCAPE = landscape(A4)
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"


# reportlab keeps per-document state inside shared objects: each registered TTFont records,
# in a WeakKeyDictionary keyed by the document being built, which glyphs it has subset so far
# (TTFont.state), and the font registry and width caches are plain module dictionaries. None
# of it is guarded, so two threads of one server building PDFs at once could read another
# document's half-built subset ("IndexError: Subset 1 does not exist in font …"). Every font
# registration and every build in the process holds this lock; a form takes milliseconds.
RENDERING = threading.RLock()


@cache
def _register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(REGULAR, FONTS / "DejaVuSerif.ttf"))
    pdfmetrics.registerFont(TTFont(BOLD, FONTS / "DejaVuSerif-Bold.ttf"))
    # No italic face is vendored: <i> falls back to the upright one rather than failing.
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)


def register_fonts() -> None:
    with RENDERING:
        _register_fonts()


class Styles:
    """Paragraph styles for one body size (10 pt on the A4 forms, 9 pt on A5, 8 pt in tables)."""

    def __init__(self, size: float = 9):
        register_fonts()
        leading = size * 1.3
        self.body = ParagraphStyle("body", fontName=REGULAR, fontSize=size, leading=leading, alignment=TA_JUSTIFY, spaceAfter=1.5)
        self.left = ParagraphStyle("left", parent=self.body, alignment=TA_LEFT, spaceAfter=0)
        self.centre = ParagraphStyle("centre", parent=self.body, alignment=TA_CENTER, spaceAfter=0)
        self.heading = ParagraphStyle("heading", parent=self.centre, fontName=BOLD)
        self.title = ParagraphStyle(
            "title", parent=self.centre, fontName=BOLD, fontSize=size + 2.5, leading=(size + 2.5) * 1.3, spaceBefore=4, spaceAfter=2
        )
        self.item = ParagraphStyle("item", parent=self.body, leftIndent=4 * mm, firstLineIndent=0, spaceAfter=0.5)
        self.small = ParagraphStyle("small", parent=self.left, fontSize=size - 1, leading=(size - 1) * 1.25)
        self.small_centre = ParagraphStyle("small_centre", parent=self.small, alignment=TA_CENTER)
        self.small_heading = ParagraphStyle("small_heading", parent=self.small_centre, fontName=BOLD)


def text(value, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: whatever an applicant typed is escaped, never markup."""
    return Paragraph(escape(str(value)).replace("\n", "<br/>"), style)


def field(label: str, value, style: ParagraphStyle) -> Paragraph:
    """“Label: value”, the value in bold, as the forms fill their dotted lines."""
    shown = escape(str(value)) if value not in (None, "") else "………"
    return Paragraph(f"{escape(label)}: <b>{shown}</b>", style)


def rule(width: float) -> Table:
    """The short line under the agency name and under the national motto."""
    line = Table([[""]], colWidths=[width], rowHeights=[1], hAlign="CENTER")
    line.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, -1), 0.6, colors.black)]))
    return line


def header(styles: Styles, frame_width: float, *, agency_lines: list[str], number: str, dated: str) -> Table:
    """Agency and number on the left; the national title, motto and place-and-date on the right."""
    left_width = frame_width * 0.42
    right_width = frame_width - left_width
    *above, agency = agency_lines or [""]
    left = [text(line.upper(), styles.small_centre) for line in above]
    left += [text(agency.upper(), styles.small_heading), rule(left_width * 0.35)]
    if number:
        left.append(text(f"Số: {number}", styles.small_centre))
    right = [
        text(NATIONAL_TITLE, styles.small_heading),
        text(NATIONAL_MOTTO, styles.small_heading),
        rule(right_width * 0.45),
        Paragraph(f"<i>{escape(dated)}</i>", styles.small_centre),
    ]
    table = Table([[left, right]], colWidths=[left_width, right_width])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def signatures(styles: Styles, frame_width: float, blocks: list[tuple[str, str, str] | None]) -> Table:
    """Signature blocks side by side: (title, how to sign, name printed under the space);
    None keeps a column empty, as a form signed on the right only does on its left."""
    cells = []
    for block in blocks:
        if block is None:
            cells.append("")
            continue
        title, hint, name = block
        cells.append(
            [
                text(title.upper(), styles.heading),
                Paragraph(f"<i>({escape(hint)})</i>", styles.small_centre),
                Spacer(1, 16 * mm),
                Paragraph(f"<b>{escape(name)}</b>", styles.centre) if name else Spacer(1, 1),
            ]
        )
    width = frame_width / max(len(cells), 1)
    table = Table([cells], colWidths=[width] * len(cells))
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def look_up_address(code: str) -> str:
    """Where a phone that reads the receipt's QR code lands: the portal's look-up page with
    the code filled in (the applicant then gives the second factor)."""
    return f"{settings.PUBLIC_URL.rstrip('/')}/tra-cuu/?{urlencode({'ma': code})}"


# Code 128 as a counter scanner and a phone read it from the printed sheet, and as zbar reads
# it from a 150 dpi scan: a module (the narrowest bar) of 0.53 mm is 3 pixels there; the quiet
# zones either side are the ten modules the standard asks for.
BAR_MODULE = 0.53 * mm
NARROWEST_MODULE = 0.34 * mm  # 2 pixels at 150 dpi: only a very long code comes down to it
BAR_HEIGHT = 15 * mm
QUIET_MODULES = 10


def dossier_codes(styles: Styles, frame_width: float, code: str) -> Table:
    """The dossier code as a Code 128 barcode (what a counter scanner types into the back
    office) and as a QR code opening the public look-up page, sized to be read from the
    printed sheet."""
    qr_side = 24 * mm
    qr = QrCode(look_up_address(code), width=qr_side, height=qr_side, qrLevel="M", qrBorder=4)
    room = frame_width - qr_side - 2 * mm
    barcode = _code128(code, room)
    left = [barcode, Spacer(1, 1 * mm), text(code, styles.small_centre)]
    table = Table([[left, qr]], colWidths=[room, qr_side + 2 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _code128(code: str, room: float) -> Code128:
    """Bars BAR_MODULE wide when the code and its quiet zones fit in `room`, narrower (never
    below NARROWEST_MODULE) for a longer code."""

    def draw(module: float) -> Code128:
        quiet = QUIET_MODULES * module
        return Code128(code, barWidth=module, barHeight=BAR_HEIGHT, quiet=True, lquiet=quiet, rquiet=quiet)

    barcode = draw(BAR_MODULE)
    if barcode.width > room:
        barcode = draw(max(NARROWEST_MODULE, BAR_MODULE * room / barcode.width))
    return barcode


def grid(rows: list[list], widths: list[float], *, header_rows: int = 1) -> Table:
    """A ruled table whose header repeats on every page."""
    table = Table(rows, colWidths=widths, repeatRows=header_rows)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#eeeeee")),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


class Document:
    """One PDF: its page, margins and metadata; `frame_width` is what the content may use."""

    def __init__(self, *, pagesize=A5_PORTRAIT, title: str, subject: str = "", margin: float = 10 * mm):
        register_fonts()
        self.pagesize = pagesize
        self.title = title
        self.subject = subject
        self.margin = margin
        self.frame_width = pagesize[0] - 2 * margin
        self.pages = 0  # how many pages the last render took

    def render(self, story: list[Flowable]) -> bytes:
        buffer = BytesIO()
        template = SimpleDocTemplate(
            buffer,
            pagesize=self.pagesize,
            leftMargin=self.margin,
            rightMargin=self.margin,
            topMargin=self.margin,
            bottomMargin=self.margin,
            title=self.title,
            subject=self.subject,
            author="MotCua",
            creator="MotCua",
        )
        # A form that runs over its sheet numbers the pages after the first.
        with RENDERING:
            template.build(story, onLaterPages=_page_number)
        self.pages = template.page
        return buffer.getvalue()


def _page_number(canvas, document) -> None:
    canvas.saveState()
    canvas.setFont(REGULAR, 7)
    canvas.drawRightString(document.pagesize[0] - document.rightMargin, document.bottomMargin / 2, f"Trang {document.page}")
    canvas.restoreState()
