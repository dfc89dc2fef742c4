"""Every form the applicant is issued (Mẫu 01–04), printed for every procedure of the demo's
catalog with an applicant whose name and address are as long as the fields allow: each fits
its one A4 page, and zbar reads the receipt's Code 128 from a 150 dpi scan of the sheet."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.db.models import QuerySet

from motcua.catalog.models import ProcedureVersion
from motcua.demo.tests.conftest import demo  # noqa: F401 - the demo province, loaded once for the module
from motcua.dossiers.models import DocumentKind, Dossier, DossierDocument, DossierEvent
from motcua.printforms import forms, layout
from motcua.printforms.tests.conftest import pdf_pages, pdf_text
from motcua.printforms.tests.scanning import zbar_codes

pytestmark = pytest.mark.usefixtures("demo", "db")

LONG_NAME = (
    "Công ty trách nhiệm hữu hạn một thành viên Thương mại – Dịch vụ – Xây dựng và Vận tải hàng hóa "
    "đường bộ Nguyễn Trần Hoàng Phương Nam Bình Dương (chi nhánh Thủ Dầu Một)"
)
LONG_ADDRESS = (
    "Số 1234/56/78A, đường Cách Mạng Tháng Tám nối dài, khu phố 7, phường Phú Cường, thành phố Thủ Dầu Một, "
    "tỉnh Bình Dương (đối diện cổng chợ Phú Cường, cạnh trụ sở Ủy ban nhân dân phường, tầng 3, phòng 305)"
)
LONG_REASON = (
    "Giấy tờ chứng minh nơi cư trú nộp kèm là bản chụp không có chứng thực, thông tin họ tên trên tờ khai không "
    "khớp với căn cước công dân, chữ ký của người được ủy quyền không có xác nhận của cơ quan có thẩm quyền, "
    "ảnh chụp không đúng kích thước quy định và một số trang của hồ sơ bị mờ, không đọc được nội dung."
)

APPLICANT_FORMS = {number: (action, render) for number, (action, render, _title) in forms.APPLICANT_FORMS.items()}


def versions() -> list[ProcedureVersion]:
    found = list(ProcedureVersion.objects.select_related("field").prefetch_related("documents").order_by("pk"))
    assert len(found) >= 10, "the demo's catalog"
    return found


def issued(action: str) -> Dossier:
    """A demo dossier that has been issued the form of `action`."""
    dossier = Dossier.objects.filter(events__action=action).order_by("pk").first()
    assert dossier is not None, f"the demo has a dossier with a “{action}” event"
    return dossier


def as_filed_for(dossier: Dossier, version: ProcedureVersion, action: str) -> Dossier:
    """The dossier as if the longest-named applicant had filed every paper of `version`."""
    Dossier.objects.filter(pk=dossier.pk).update(
        procedure_version=version,
        applicant_name=LONG_NAME[:255],
        applicant_address=LONG_ADDRESS[:255],
        applicant_email="nguyen.tran.hoang.phuong.nam.vantai@congtyvantaibinhduong.example.vn",
        representative="Nguyễn Trần Hoàng Phương Nam, Giám đốc chi nhánh (giấy ủy quyền số 123/2026/UQ)",
        delivery=ProcedureVersion.Delivery.POST,  # the address is printed twice
    )
    # The journal refuses edits (EventQuerySet.update); the test writes past it, as only it may.
    # On PostgreSQL a trigger refuses them too: the test sets it aside for this one write.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        try:
            QuerySet.update(DossierEvent.objects.filter(dossier=dossier, action=action), note=LONG_REASON)
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = DEFAULT")
    DossierDocument.objects.filter(dossier=dossier, kind=DocumentKind.APPLICANT).delete()
    DossierDocument.objects.bulk_create(
        DossierDocument(dossier=dossier, required_document=paper, name=paper.name, originals=paper.originals, copies=paper.copies)
        for paper in version.documents.all()
    )
    return Dossier.objects.select_related("procedure_version__field").get(pk=dossier.pk)


@pytest.mark.parametrize("number", sorted(APPLICANT_FORMS))
def test_every_form_fits_one_page_for_every_demo_procedure_and_the_longest_applicant(number):
    action, render = APPLICANT_FORMS[number]
    dossier = issued(action)
    overflowing = []
    for version in versions():
        content = render(as_filed_for(dossier, version, action))
        if len(pdf_pages(content)) != 1:
            overflowing.append(version.name)
    assert not overflowing, f"Mẫu {number} runs onto a second page for: {overflowing}"
    assert LONG_NAME in pdf_text(content)  # nothing was cut to make it fit


def test_zbar_reads_the_dossier_code_on_every_demo_receipt_at_150_dpi(tmp_path):
    receipts = Dossier.objects.filter(received_at__isnull=False, events__action="receive").distinct().order_by("pk")
    assert receipts.count() >= 10
    unread = [dossier.code for dossier in receipts if zbar_codes(forms.receipt(dossier), tmp_path) != [dossier.code]]
    assert not unread


def test_zbar_reads_a_ten_thousandth_dossier_of_the_day_too(tmp_path):
    dossier = issued("receive")
    dossier.code = dossier.code[:-4] + "12345"
    assert zbar_codes(forms.receipt(dossier), tmp_path) == [dossier.code]


def sheet(code: str) -> bytes:
    """A form's sheet drawn from plain text (no database: threads of a test see none of its
    rows), with both faces of the font, a barcode and a QR code."""
    document = layout.Document(pagesize=layout.A4_PORTRAIT, title=code)
    styles = layout.Styles(10)
    story = [
        layout.header(styles, document.frame_width, agency_lines=["UBND thành phố Thủ Dầu Một", "UBND phường Phú Cường"],
                      number=f"{code[-4:]}/TNHS", dated="Phú Cường, ngày 02 tháng 03 năm 2026"),
        layout.text("Giấy tiếp nhận hồ sơ và hẹn trả kết quả".upper(), styles.title),
        layout.dossier_codes(styles, document.frame_width, code),
        layout.field("Tiếp nhận hồ sơ của", f"{LONG_NAME} {code}", styles.body),
        layout.field("Địa chỉ", LONG_ADDRESS, styles.body),
        layout.signatures(styles, document.frame_width, [("Người nộp hồ sơ", "Ký và ghi rõ họ tên", "Trần Thị Lan")]),
    ]
    return document.render(story)


def test_forms_render_from_many_threads_at_once():
    """A threaded server prints many forms at the same time: every PDF is whole and its own.

    Without the lock in layout.Document.render, reportlab's fonts, whose subsetting state is
    shared by every document being built, failed here with an IndexError or mixed glyphs."""
    codes = [f"000.00.01.H56-260302-{n:04d}" for n in range(1, 25)]
    expected = {code: sheet(code) for code in codes[:3]}
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda code: (code, sheet(code)), codes * 8))
    assert len(results) == len(codes) * 8
    for code, content in results:
        assert len(pdf_pages(content)) == 1
        text = pdf_text(content)
        assert f"{LONG_NAME} {code}" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        if code in expected:
            assert len(content) == len(expected[code])  # the same file as one printed alone
