"""The one upload checker (motcua.uploads): each purpose accepts its own kinds, read from the
content whatever the file is called, and every stored file gets a name of ours.

The blank forms in samples/ were written by LibreOffice 7.4 (a two-line tờ khai and a
two-row list, saved as DOC, DOCX, ODT, XLS, XLSX and ODS)."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from motcua import uploads

SAMPLES = Path(__file__).parent / "samples"
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
BLANK_FORM_SAMPLES = {
    "to-khai.doc": "doc", "to-khai.docx": "docx", "to-khai.odt": "odt",
    "danh-sach.xls": "xls", "danh-sach.xlsx": "xlsx", "danh-sach.ods": "ods",
}


def randomly_named(name: str, folder: str) -> bool:
    """Whether a stored file's name is one RandomName gives: a dated folder, 32 hex digits, a kind."""
    return re.fullmatch(rf"{re.escape(folder)}/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}\.({'|'.join(uploads.KINDS)})", name) is not None


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def upload(content: bytes, name: str = "tep.bin", content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def a_zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "extension"), BLANK_FORM_SAMPLES.items())
def test_every_kind_of_blank_form_is_recognised_and_renamed_by_its_content(name, extension):
    # Named as something else, sent as something else: the content decides.
    checked = uploads.check_document(upload(sample(name), "mau.html", "text/html"), "Tờ khai", accepted=uploads.BLANK_FORMS)
    assert checked.name == f"tai-lieu.{extension}"


HOSTILE = {
    "HTML": b"<!doctype html><html><script>alert(document.cookie)</script></html>",
    "SVG": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "SVG with an XML declaration": b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
    "shell script": b"#!/bin/sh\nrm -rf /\n",
    "Windows executable": b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200),
    "ZIP of something else": a_zip({"META-INF/MANIFEST.MF": b"Main-Class: X\n", "X.class": b"\xca\xfe\xba\xbe"}),
    "OOXML package of no Office kind": a_zip({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}),
    "ODF web page": a_zip({"mimetype": b"application/vnd.oasis.opendocument.text-web", "content.xml": b"<x/>"}),
    "OLE file with neither a Word nor an Excel stream": sample("to-khai.doc").replace(
        "WordDocument".encode("utf-16-le"), "XordDocument".encode("utf-16-le")
    ),
    "Word file cut in half": sample("to-khai.doc")[:2048],
    "ZIP cut in half": sample("to-khai.docx")[:2000],
    "empty file": b"",
}


@pytest.mark.parametrize("case", HOSTILE)
def test_anything_but_a_blank_form_is_refused_in_vietnamese(case):
    with pytest.raises(ValidationError) as refused:
        uploads.check_document(upload(HOSTILE[case], "to-khai.docx"), "Tờ khai", accepted=uploads.BLANK_FORMS)
    assert refused.value.messages == ["Tệp “Tờ khai” phải là tệp PDF, DOC, DOCX, XLS, XLSX, ODT hoặc ODS."]


@pytest.mark.parametrize("content", [sample("to-khai.docx"), b"\x89PNG\r\n\x1a\n" + bytes(40), HOSTILE["HTML"]])
def test_a_result_is_a_pdf_and_nothing_else(content):
    with pytest.raises(ValidationError) as refused:
        uploads.check_document(upload(content, "ket-qua.pdf", "application/pdf"), "Giấy phép", accepted=uploads.RESULTS)
    assert refused.value.messages == ["Tệp “Giấy phép” phải là tệp PDF."]
    assert uploads.check_document(upload(PDF, "ket-qua.html", "text/html"), "Giấy phép", accepted=uploads.RESULTS).name == "tai-lieu.pdf"


def test_an_applicants_papers_are_scans_and_photos_not_office_files():
    with pytest.raises(ValidationError, match="phải là tệp PDF, JPEG hoặc PNG"):
        uploads.check_document(upload(sample("to-khai.docx")), "Giấy khai sinh")


class Unread(SimpleUploadedFile):
    def read(self, *args):
        raise AssertionError("read, when its size alone should have refused it")


def test_a_file_over_the_limit_is_refused_before_it_is_read(settings):
    settings.UPLOAD_MAX_MEGABYTES = 1
    big = Unread("ket-qua.pdf", PDF + bytes(1024 * 1024))
    with pytest.raises(ValidationError) as refused:
        uploads.check_document(big, "Giấy phép", accepted=uploads.RESULTS)
    assert refused.value.messages == ["Tệp “Giấy phép” quá lớn (tối đa 1 MB)."]


def test_forms_say_what_they_accept(settings):
    settings.UPLOAD_MAX_MEGABYTES = 10
    assert uploads.accepted_text(uploads.RESULTS) == "Tệp PDF, tối đa 10 MB."
    assert uploads.accepted_text(uploads.PAPERS) == "Tệp PDF, JPEG hoặc PNG, tối đa 10 MB."


@given(magic=st.sampled_from([uploads.OLE_MAGIC, uploads.ZIP_MAGIC, b"%PDF-", b""]), rest=st.binary(max_size=4096))
def test_no_content_makes_the_checker_fail_other_than_by_refusing(magic, rest):
    kind = uploads.kind_of(ContentFile(magic + rest))
    assert kind is None or kind in uploads.KINDS.values()


@pytest.mark.parametrize(
    ("uploaded", "extension"),
    [
        ("tai-lieu.pdf", ".pdf"),
        ("000.00.01.H56-260302-0001.PDF", ".pdf"),
        ("../../../etc/passwd", ""),
        ("..\\..\\mau.docx", ".docx"),
        ("Trần Thị Lan – CCCD.jpg", ".jpg"),
        ("trang.html", ""),
        ("hinh.svg", ""),
    ],
)
def test_stored_names_are_random_and_keep_only_a_known_kind(uploaded, extension):
    name = uploads.RandomName("dossiers")(None, uploaded)
    assert re.fullmatch(r"dossiers/\d{4}/\d{2}/[0-9a-f]{32}", name.removesuffix(extension))
    assert randomly_named(name, "dossiers") == bool(extension)
    assert uploads.RandomName("dossiers")(None, uploaded) != name
