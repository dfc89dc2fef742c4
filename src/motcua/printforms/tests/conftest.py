"""Dossiers at each point a form applies, on the dossiers app's world (a commune and its staff)."""

from datetime import timedelta
from io import BytesIO

import pypdfium2
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.models import Role
from motcua.dossiers import lifecycle, services
from motcua.dossiers.tests.conftest import MONDAY_MORNING, World, vn, world  # noqa: F401 - the shared world fixture

__all__ = ["MONDAY_MORNING", "World", "vn", "world", "pdf_text", "pdf_pages"]


def pdf_pages(content: bytes) -> pypdfium2.PdfDocument:
    """Open the bytes with PDFium, as a viewer would; fails on anything that is not a PDF."""
    assert content.startswith(b"%PDF-")
    return pypdfium2.PdfDocument(BytesIO(content))


def pdf_text(content: bytes) -> str:
    """All the text PDFium extracts, line breaks folded to spaces (table cells wrap)."""
    document = pdf_pages(content)
    text = " ".join(page.get_textpage().get_text_range() for page in document)
    return " ".join(text.split())


@pytest.fixture
def received(world):
    """Received at the counter on Monday 2 March 2026, 08:00."""
    return world.receive()


@pytest.fixture
def returned(world, received):
    """Walked through every step to the applicant, one handover late, one early."""
    staff = world.staff
    dossier = lifecycle.hand_over(dossier=received, actor=staff[Role.RECEPTION], at=vn(2026, 3, 2, 9, 0))
    dossier = lifecycle.assign(
        dossier=dossier, actor=staff[Role.DIVISION_HEAD], assignee=staff[Role.HANDLER], at=vn(2026, 3, 3, 10, 0)
    )
    dossier = lifecycle.process(dossier=dossier, actor=staff[Role.HANDLER], at=vn(2026, 3, 4, 9, 0))
    dossier = lifecycle.review(dossier=dossier, actor=staff[Role.DIVISION_HEAD], at=vn(2026, 3, 4, 10, 0))
    dossier = lifecycle.approve(dossier=dossier, actor=staff[Role.LEADER], at=vn(2026, 3, 4, 11, 0))
    dossier = lifecycle.collect_fees(dossier=dossier, actor=staff[Role.RECEPTION], amount=dossier.fee_due, at=vn(2026, 3, 4, 14, 0))
    return lifecycle.return_result(
        dossier=dossier, actor=staff[Role.RECEPTION], collected_by="Trần Thị Lan", collected_id_number="074190000123",
        at=vn(2026, 3, 4, 15, 0),
    )


@pytest.fixture
def transferred(world):
    """Processed at the commune, then sent to the district (liên thông)."""
    staff = world.staff
    dossier = world.receive(version=world.transfer_version)
    dossier = lifecycle.hand_over(dossier=dossier, actor=staff[Role.RECEPTION], at=vn(2026, 3, 2, 9, 0))
    dossier = lifecycle.assign(dossier=dossier, actor=staff[Role.DIVISION_HEAD], assignee=staff[Role.HANDLER], at=vn(2026, 3, 2, 10, 0))
    dossier = lifecycle.process(dossier=dossier, actor=staff[Role.HANDLER], at=vn(2026, 3, 2, 11, 0))
    return lifecycle.transfer(dossier=dossier, actor=staff[Role.HANDLER], to_agency=world.district, at=vn(2026, 3, 2, 14, 0))


@pytest.fixture
def supplement_requested(world, received):
    return lifecycle.request_supplement(
        dossier=received,
        actor=world.staff[Role.RECEPTION],
        items=["Bản sao giấy khai sinh có chứng thực", "Ảnh 4x6 nền trắng"],
        reason="Giấy khai sinh nộp kèm là bản chụp, không có chứng thực.",
        at=vn(2026, 3, 2, 10, 0),
    )


@pytest.fixture
def refused(world):
    """Filed online, then refused at the desk."""
    scan = SimpleUploadedFile("to-khai.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    dossier = services.submit_online(
        actor=world.citizen,
        procedure_version=world.version,
        agency=world.commune,
        applicant=world.applicant(),
        form_data={"noi_dung": "Cấp bản sao"},
        documents=world.documents(file=scan),
        delivery="counter",
        at=MONDAY_MORNING,
    )
    return lifecycle.refuse(
        dossier=dossier,
        actor=world.staff[Role.RECEPTION],
        reason="Thủ tục thuộc thẩm quyền giải quyết của UBND thành phố.",
        at=MONDAY_MORNING + timedelta(hours=1),
    )


@pytest.fixture
def extended(world, received):
    return lifecycle.extend(
        dossier=received,
        actor=world.staff[Role.LEADER],
        new_promised_at=received.promised_at + timedelta(days=3),
        reason="Cần xác minh thông tin cư trú với công an phường.",
        at=vn(2026, 3, 3, 9, 0),
    )
