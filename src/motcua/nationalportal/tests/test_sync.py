"""Every dossier and every step reach the national portal in order, through the outbox and
the worker, against the stand-in portal speaking the protocol over real HTTP."""

import io
import re
from datetime import timedelta
from itertools import groupby

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from motcua.accounts.models import Role
from motcua.catalog.tests.factories import Kind
from motcua.dossiers import lifecycle, services
from motcua.dossiers.tests.conftest import MONDAY_MORNING
from motcua.dossiers.tests.test_lifecycle import drive, later
from motcua.nationalportal import standin, sync
from motcua.nationalportal.client import PortalClient
from motcua.nationalportal.models import Service, State, Sync


def file_online(world):
    return services.submit_online(
        actor=world.citizen, procedure_version=world.version, agency=world.commune, applicant=world.applicant(),
        form_data={"noi_dung": "Cấp bản sao"},
        documents=world.documents(file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="to-khai.pdf")),
        delivery="counter", at=MONDAY_MORNING,
    )


def whole_life(world):
    """Filed online, received, supplement asked and given, processed, approved, paid, returned."""
    staff = world.staff
    dossier = file_online(world)
    dossier = lifecycle.receive(dossier=dossier, actor=staff[Role.RECEPTION], at=later(dossier))
    dossier = lifecycle.request_supplement(
        dossier=dossier, actor=staff[Role.RECEPTION], items=["Bản sao giấy khai sinh"], reason="Thiếu bản sao", at=later(dossier)
    )
    dossier = lifecycle.supplement(dossier=dossier, actor=staff[Role.RECEPTION], note="Đã nộp bản sao", at=later(dossier))
    dossier = drive(world, dossier, Kind.APPROVAL)
    dossier = lifecycle.approve(dossier=dossier, actor=staff[Role.LEADER], at=later(dossier))
    dossier = lifecycle.collect_fees(dossier=dossier, actor=staff[Role.RECEPTION], amount=dossier.fee_outstanding, at=later(dossier))
    return lifecycle.return_result(
        dossier=dossier, actor=staff[Role.RECEPTION], collected_by="Trần Thị Lan", collected_id_number="074190000123",
        at=later(dossier),
    )


def shown_statuses(portal, code) -> list[str]:
    """The statuses the portal showed one after another."""
    return [status for status, _run in groupby(portal.statuses[code])]


def send_all():
    return sync.run_once(PortalClient.from_settings())


def test_a_dossier_s_whole_life_reaches_the_portal_in_order(world, portal):
    dossier = whole_life(world)
    assert send_all() == Sync.objects.count()
    assert set(Sync.objects.values_list("state", flat=True)) == {State.SENT}

    assert shown_statuses(portal, dossier.code) == ["1", "2", "5", "2", "4", "9", "10"]
    record = portal.dossiers[dossier.code]
    assert record["MaTTHC"] == world.version.procedure.code and record["ChuHoSo"] == "Trần Thị Lan"
    assert record["LoaiDoiTuong"] == "1" and record["MaDoiTuong"] == "074190000123"
    assert record["NgayTiepNhan"] == "20260302090000"  # received an hour after filing, Vietnamese time
    assert re.fullmatch(r"\d{14}", record["NgayHenTra"]) and re.fullmatch(r"\d{14}", record["NgayTra"])
    assert [request["NoiDungBoSung"] for request in record["DanhSachHoSoBoSung"]] == ["Thiếu bản sao"]
    assert record["DanhSachHoSoBoSung"][0]["TrangThaiBoSung"] == "1"
    assert [document["TenTepDinhKem"] for document in record["TaiLieuNop"]] == list(
        dossier.documents.values_list("name", flat=True)
    )
    # One progress line per step the applicant can follow, in the order they happened.
    lines = portal.progress[dossier.code]
    events = dossier.events.exclude(action__in=sync.NOT_SENT).order_by("sequence")
    assert [line["ThoiDiemXuLy"] for line in lines] == [
        timezone.localtime(event.at).strftime("%Y%m%d%H%M%S") for event in events
    ]
    assert [line["TrangThai"] for line in lines] == [str(lifecycle.NATIONAL_STATUS[event.to_state]) for event in events]
    assert lines[0]["NoiDungXuLy"] == "Nộp hồ sơ trực tuyến" and lines[2]["NoiDungXuLy"].endswith(": Thiếu bản sao")
    # Each record went out once, under one session.
    assert len(portal.received) == Sync.objects.count() and portal.logins == 1


def test_the_dossier_is_created_then_updated_and_only_when_what_the_portal_shows_changed(world, portal):
    dossier = world.receive()
    dossier = lifecycle.hand_over(dossier=dossier, actor=world.staff[Role.RECEPTION], at=later(dossier))
    dossier_syncs = Sync.objects.filter(dossier=dossier, service=Service.DOSSIER).order_by("pk")
    assert [(s.updating, s.payload["isUpdating"], s.national_status) for s in dossier_syncs] == [(False, False, 2), (True, True, 4)]
    # Signing a document changes nothing the portal shows: no record at all.
    before = Sync.objects.count()
    lifecycle.record_signature(dossier=dossier, actor=world.staff[Role.HANDLER], document="Dự thảo", data={})
    assert Sync.objects.count() == before


def test_nothing_is_written_while_the_link_is_not_configured(world, settings):
    settings.NATIONAL_PORTAL_URL = ""
    world.receive()
    assert not Sync.objects.exists()
    with pytest.raises(CommandError, match="chưa được cấu hình"):
        call_command("sync_national_portal", "--once")


def test_the_portal_gets_vietnamese_whatever_the_official_reads(world, portal):
    with translation.override("en"):
        dossier = world.receive()
    progress = Sync.objects.get(dossier=dossier, service=Service.PROGRESS).payload["data"][0]
    assert progress["NoiDungXuLy"] == "Tiếp nhận hồ sơ"


def test_a_refused_dossier_holds_back_its_updates_until_sent_again(world, portal):
    portal.refuse_next = [(standin.UNKNOWN_PROCEDURE, "Mã thủ tục không có trong CSDL quốc gia về TTHC")]
    dossier = world.receive()
    dossier = lifecycle.hand_over(dossier=dossier, actor=world.staff[Role.RECEPTION], at=later(dossier))
    send_all()
    first = Sync.objects.order_by("pk").first()
    assert (first.state, first.error_code, first.error) == (
        State.REFUSED, standin.UNKNOWN_PROCEDURE, "Mã thủ tục không có trong CSDL quốc gia về TTHC",
    )
    # Nothing after it went: the portal never sees an update before the dossier.
    assert set(Sync.objects.exclude(pk=first.pk).values_list("state", flat=True)) == {State.PENDING}
    assert len(portal.received) == 1 and dossier.code not in portal.dossiers

    assert sync.send_again(Sync.objects.all()) == 1
    send_all()
    assert set(Sync.objects.values_list("state", flat=True)) == {State.SENT}
    assert shown_statuses(portal, dossier.code) == ["2", "4"]


def test_an_unreachable_portal_is_tried_again_later_then_given_up(world, portal):
    portal.down = True
    world.receive()
    send_all()
    first = Sync.objects.order_by("pk").first()
    assert first.state == State.PENDING and first.attempts == 1 and "HTTP 503" in first.error
    assert first.next_attempt_at > timezone.now() + timedelta(seconds=50)
    # The other records of the dossier wait behind it.
    assert Sync.objects.filter(attempts=0).count() == Sync.objects.count() - 1

    for _attempt in range(sync.MAX_ATTEMPTS - 1):
        Sync.objects.filter(pk=first.pk).update(next_attempt_at=timezone.now())
        send_all()
    first.refresh_from_db()
    assert first.state == State.FAILED and first.attempts == sync.MAX_ATTEMPTS

    portal.down = False
    sync.send_again(Sync.objects.all())
    send_all()
    assert set(Sync.objects.values_list("state", flat=True)) == {State.SENT}


def test_an_expired_session_is_renewed_and_the_call_repeated(world, portal):
    dossier = world.receive()
    send_all()
    portal.expire_sessions()
    lifecycle.hand_over(dossier=dossier, actor=world.staff[Role.RECEPTION], at=later(dossier))
    client = PortalClient.from_settings()
    client._session = "het-han"
    sync.run_once(client)
    assert set(Sync.objects.values_list("state", flat=True)) == {State.SENT}
    assert portal.logins == 2


def test_wrong_credentials_hold_every_record_back_until_they_are_put_right(world, portal, settings):
    settings.NATIONAL_PORTAL_PASSWORD = "sai"
    world.receive()
    send_all()
    first = Sync.objects.order_by("pk").first()
    assert (first.state, first.attempts) == (State.PENDING, 1)
    assert f"Cổng từ chối đăng nhập ({standin.WRONG_CREDENTIALS})" in first.error and "sai" not in first.error
    assert portal.received == []

    settings.NATIONAL_PORTAL_PASSWORD = standin.PASSWORD
    Sync.objects.update(next_attempt_at=timezone.now())
    send_all()
    assert set(Sync.objects.values_list("state", flat=True)) == {State.SENT}


def test_a_period_is_sent_again_without_writing_or_showing_anything_twice(world, portal):
    dossier = whole_life(world)
    send_all()
    count, shown, shown_lines = Sync.objects.count(), dict(portal.dossiers), list(portal.progress[dossier.code])
    # The portal loses what it had.
    for kept in (portal.dossiers, portal.progress, portal.statuses):
        kept.clear()
    out = io.StringIO()
    call_command("sync_national_portal", "--once", "--resend-from", "2026-03-01", "--resend-to", "2026-12-31", stdout=out)
    assert out.getvalue().startswith(f"{count} bản ghi")
    assert Sync.objects.count() == count and set(Sync.objects.values_list("state", flat=True)) == {State.SENT}
    assert portal.dossiers == shown
    assert portal.progress[dossier.code] == shown_lines


def test_sending_a_period_again_rejects_a_malformed_period(world, portal):
    with pytest.raises(CommandError, match="Thời điểm không hợp lệ"):
        call_command("sync_national_portal", "--once", "--resend-from", "hôm qua")
    with pytest.raises(CommandError, match="phải sau"):
        call_command("sync_national_portal", "--once", "--resend-from", "2026-03-02", "--resend-to", "2026-03-01")


def test_a_record_the_portal_took_is_never_claimed_again(world, portal):
    world.receive()
    send_all()
    assert sync.claim(now=timezone.now() + timedelta(days=1)) is None
    assert sync.send_again(Sync.objects.all()) == 0
