"""Files people upload (scans of papers, results, blank forms) and every file the platform
stores: judged by their content, never by the name or type the browser claims, and stored
under names of our own.

- Each purpose accepts its own kinds (PAPERS, RESULTS, BLANK_FORMS); check_document() refuses
  anything else, and anything over UPLOAD_MAX_MEGABYTES, with a Vietnamese message.
- A kind is read from the content: PDF, JPEG and PNG by their first bytes; DOC and XLS are OLE
  compound files holding a Word document or an Excel workbook stream; DOCX and XLSX are ZIP
  containers holding the main part of a Word document or an Excel workbook; ODT and ODS are
  ZIP containers whose `mimetype` entry says so. HTML, SVG, scripts, executables and any other
  ZIP or OLE file are none of these.
- RandomName is the upload_to of every stored file: a dated folder and a random name, so that
  no dossier code, applicant or uploaded file name ever appears in a storage path.
"""

import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

import olefile
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Kind:
    extension: str
    content_type: str
    label: str


PDF = Kind("pdf", "application/pdf", "PDF")
JPEG = Kind("jpg", "image/jpeg", "JPEG")
PNG = Kind("png", "image/png", "PNG")
DOC = Kind("doc", "application/msword", "DOC")
XLS = Kind("xls", "application/vnd.ms-excel", "XLS")
DOCX = Kind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX")
XLSX = Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX")
ODT = Kind("odt", "application/vnd.oasis.opendocument.text", "ODT")
ODS = Kind("ods", "application/vnd.oasis.opendocument.spreadsheet", "ODS")
KINDS = {kind.extension: kind for kind in (PDF, JPEG, PNG, DOC, XLS, DOCX, XLSX, ODT, ODS)}

# What each purpose accepts.
PAPERS = (PDF, JPEG, PNG)  # an applicant's papers: scans and photos
RESULTS = (PDF,)  # results are signed, and signatures are PAdES: PDF only
BLANK_FORMS = (PDF, DOC, DOCX, XLS, XLSX, ODT, ODS)  # the forms (tờ khai) a procedure offers to fill in

MAGIC = {b"%PDF-": PDF, b"\xff\xd8\xff": JPEG, b"\x89PNG\r\n\x1a\n": PNG}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# The stream that makes an OLE compound file a Word document or an Excel workbook (BIFF8, BIFF5).
OLE_STREAMS = {"WordDocument": DOC, "Workbook": XLS, "Book": XLS}
# The main part that makes an Office Open XML package a Word document or an Excel workbook.
OOXML_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX}
ODF_TYPES = {ODT.content_type.encode(): ODT, ODS.content_type.encode(): ODS}


def _ole_kind(upload: File) -> Kind | None:
    try:
        container = olefile.OleFileIO(upload, raise_defects=olefile.DEFECT_INCORRECT)
    except Exception:  # olefile raises whatever a malformed file leads it to: not a document of ours
        return None
    with container:
        streams = {"/".join(path) for path in container.listdir()}
    return next((kind for stream, kind in OLE_STREAMS.items() if stream in streams), None)


def _zip_kind(upload: File) -> Kind | None:
    try:
        with zipfile.ZipFile(upload) as container:
            names = set(container.namelist())
            if "[Content_Types].xml" in names:
                return next((kind for part, kind in OOXML_PARTS.items() if part in names), None)
            if "mimetype" in names and container.getinfo("mimetype").file_size <= 100:
                return ODF_TYPES.get(container.read("mimetype").strip())
    except Exception:  # a damaged or hostile archive (bad offsets, unknown compression, encryption)
        return None
    return None


def kind_of(upload: File) -> Kind | None:
    """The kind of document `upload` is, by its content, or None; leaves it at its start."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    try:
        if head.startswith(OLE_MAGIC):
            return _ole_kind(upload)
        if head.startswith(ZIP_MAGIC):
            return _zip_kind(upload)
        return next((kind for magic, kind in MAGIC.items() if head.startswith(magic)), None)
    finally:
        upload.seek(0)


def sniff(upload: File) -> str | None:
    """The extension of the kind of document ("pdf", "jpg", "docx" …) by its content, or None."""
    kind = kind_of(upload)
    return kind.extension if kind else None


def one_of(kinds: tuple[Kind, ...]) -> str:
    """ "PDF", "PDF, JPEG hoặc PNG": the kinds a purpose accepts, as the messages name them."""
    *some, last = [kind.label for kind in kinds]
    return _("%(some)s hoặc %(last)s") % {"some": ", ".join(some), "last": last} if some else last


def accepted_text(kinds: tuple[Kind, ...]) -> str:
    """What a form accepts, said before anyone picks a file."""
    return _("Tệp %(kinds)s, tối đa %(limit)s MB.") % {"kinds": one_of(kinds), "limit": settings.UPLOAD_MAX_MEGABYTES}


def check_size(upload: File, document_name: str) -> None:
    """Refuse a file over UPLOAD_MAX_MEGABYTES before anything reads it."""
    limit = settings.UPLOAD_MAX_MEGABYTES
    if upload.size > limit * 1024 * 1024:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (tối đa %(limit)s MB).") % {"name": document_name, "limit": limit}
        )


def check_document(upload: File, document_name: str, accepted: tuple[Kind, ...] = PAPERS) -> File:
    """Accept a file of one of the `accepted` kinds under UPLOAD_MAX_MEGABYTES; give it a name
    of our own so that nothing the browser sent ends up in a storage path."""
    check_size(upload, document_name)
    kind = kind_of(upload)
    if kind not in accepted:
        raise ValidationError(_("Tệp “%(name)s” phải là tệp %(kinds)s.") % {"name": document_name, "kinds": one_of(accepted)})
    upload.name = f"tai-lieu.{kind.extension}"
    return upload


@deconstructible
class RandomName:
    """upload_to of every stored file: `<folder>/<year>/<month>/<random>.<kind>`. Only the
    extension of the name given is kept, and only when it is one of KINDS (the checker's own
    names carry the kind it read): a name holding a dossier code, an applicant's name or a
    browser's ../ never reaches the storage."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        extension = PurePosixPath(filename.replace("\\", "/")).suffix.lower().lstrip(".")
        suffix = f".{extension}" if extension in KINDS else ""
        return f"{self.folder}/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other) -> bool:
        return isinstance(other, RandomName) and other.folder == self.folder

    def __hash__(self) -> int:
        return hash(self.folder)
