"""Dossiers filed on the national portal: fetched, checked by content, taken into the
lifecycle under the portal's code, or refused with the reason the portal is told."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from motcua.accounts.models import Role
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier, DossierDocument, State
from motcua.nationalportal import inbound, standin, sync
from motcua.nationalportal.client import PortalClient, PortalUnavailable
from motcua.nationalportal.models import Filing, Sync

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def filed(world, portal, code="G22.99-261206-0001", files=None, **changes):
    record = {
        "MaTTHC": world.version.procedure.code,
        "TenTTHC": world.version.name,
        "MaDonViTiepNhan": world.commune.code,
        "ChuHoSo": "Nguyễn Văn An",
        "LoaiDoiTuong": "1",
        "MaDoiTuong": "074190000555",
        "DiaChi": "5 Yersin, Phú Cường",
        "SoDienThoai": "0912000555",
        "Email": "an@example.vn",
        "NgayNop": "20260302080000",
        "HinhThucNhanKetQua": "1",
        "DuLieuToKhai": {"noi_dung": "Cấp bản sao"},
        **changes,
    }
    papers = files if files is not None else {document.name: PDF for document in world.version.documents.all()}
    return portal.file(code, record, papers)


def fetch():
    return inbound.fetch(PortalClient.from_settings())


def test_a_dossier_filed_on_the_portal_enters_the_lifecycle_under_the_portal_s_code(world, portal):
    filed(world, portal)
    [filing] = fetch()
    assert filing.outcome == Filing.Outcome.ACCEPTED
    dossier = filing.dossier
    assert (dossier.state, dossier.channel, dossier.national_code) == (State.SUBMITTED, "online", "G22.99-261206-0001")
    assert dossier.applicant is None and dossier.applicant_name == "Nguyễn Văn An"
    assert dossier.events.get().action == "submit"
    assert [document.file.read() for document in dossier.documents.all()] == [PDF] * world.version.documents.count()

    sync.run_once(PortalClient.from_settings())
    assert portal.dossiers["G22.99-261206-0001"]["TrangThaiHoSo"] == "1"
    # Answered: the portal no longer hands it over, and a second fetch takes nothing.
    assert fetch() == [] and Dossier.objects.count() == 1

    lifecycle.receive(dossier=dossier, actor=world.staff[Role.RECEPTION])
    sync.run_once(PortalClient.from_settings())
    assert portal.statuses["G22.99-261206-0001"] == ["1", "2"]
    assert Sync.objects.filter(payload__data__0__MaHoSo=dossier.code).count() == 0


def test_a_dossier_for_a_procedure_the_province_does_not_carry_is_refused_and_the_portal_told(world, portal):
    filed(world, portal, MaTTHC="2.000111")
    [filing] = fetch()
    assert filing.outcome == Filing.Outcome.REFUSED and "2.000111" in filing.reason
    assert filing.answered_at is not None and not Dossier.objects.exists()
    answer = portal.dossiers["G22.99-261206-0001"]
    assert answer["TrangThaiHoSo"] == "3" and answer["GhiChu"] == filing.reason
    assert fetch() == []


@pytest.mark.parametrize(
    "changes, reason",
    [
        ({"MaDonViTiepNhan": "000.99.99.H56"}, "Không có cơ quan tiếp nhận"),
        ({"MaDoiTuong": "12345"}, "Số định danh cá nhân"),
        ({"DuLieuToKhai": {}}, "Nội dung yêu cầu"),
        ({"DuLieuToKhai": "không phải tờ khai"}, "Tờ khai (DuLieuToKhai) không đọc được"),
        ({"NgayNop": "06/12/2026"}, "NgayNop"),
        ({"HinhThucNhanKetQua": "2"}, "hình thức"),
    ],
)
def test_what_is_wrong_in_a_filing_is_the_reason_it_is_refused(world, portal, changes, reason):
    filed(world, portal, **changes)
    [filing] = fetch()
    assert filing.outcome == Filing.Outcome.REFUSED and reason in filing.reason
    assert not Dossier.objects.exists() and not DossierDocument.objects.exists()


def test_a_paper_is_checked_by_its_content(world, portal):
    name = world.version.documents.first().name
    filed(world, portal, files={name: b"<html><script>alert(1)</script></html>"})
    [filing] = fetch()
    assert filing.outcome == Filing.Outcome.REFUSED and name in filing.reason
    assert not Dossier.objects.exists()


def test_a_paper_anywhere_but_on_the_portal_is_never_fetched(world, portal):
    asked = []

    class Recorder(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            asked.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(PDF)

        def log_message(self, *args):
            pass

    elsewhere = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=elsewhere.serve_forever, daemon=True).start()
    try:
        record = filed(world, portal)
        record["TaiLieuNop"][0]["DuongDanTaiTepTin"] = f"http://127.0.0.1:{elsewhere.server_port}/giay-to.pdf"
        [filing] = fetch()
    finally:
        elsewhere.shutdown()
        elsewhere.server_close()
    assert filing.outcome == Filing.Outcome.REFUSED and "không nằm trên Cổng" in filing.reason
    assert asked == []


def test_a_refusal_the_portal_did_not_take_is_told_at_the_next_fetch(world, portal):
    filed(world, portal, MaTTHC="2.000111")
    portal.down = True
    with pytest.raises(PortalUnavailable):
        fetch()
    portal.down = False
    # The portal answers the list, then is down when told of the refusal.
    original = portal._dossiers

    def down_once(body):
        portal._dossiers = original
        raise standin.Refusal("99", "Hệ thống bận")

    portal._dossiers = down_once
    [filing] = fetch()
    filing.refresh_from_db()
    assert filing.outcome == Filing.Outcome.REFUSED and filing.answered_at is None
    assert fetch() == []
    filing.refresh_from_db()
    assert filing.answered_at is not None and portal.dossiers["G22.99-261206-0001"]["TrangThaiHoSo"] == "3"


def test_the_sync_worker_takes_in_what_was_filed(world, portal):
    filed(world, portal)
    out = io.StringIO()
    call_command("sync_national_portal", "--once", stdout=out)
    assert "G22.99-261206-0001 (Đã nhận vào hệ thống)" in out.getvalue()
    assert portal.dossiers["G22.99-261206-0001"]["TrangThaiHoSo"] == "1"
