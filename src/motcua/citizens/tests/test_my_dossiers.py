"""“My dossiers”: only one's own, the public part of the history, answering a supplement
request online, withdrawing, and downloading the result."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import CitizenFactory, verified
from motcua.dossiers import lifecycle, services
from motcua.dossiers.models import DocumentKind, DossierDocument, DossierEvent, State
from motcua.dossiers.tests.conftest import MONDAY_MORNING

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def pdf(name="giay-to.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def dossier_of(world, citizen):
    """A paper dossier received under the citizen's number, which their account has verified."""
    if citizen.identity_verification_id is None:
        verified(citizen)
    return services.receive_at_counter(
        actor=world.staff[Role.RECEPTION], procedure_version=world.version, agency=world.commune,
        applicant=world.applicant(name=citizen.full_name, id_number=citizen.national_id),
        form_data={"noi_dung": "Cấp bản sao"}, documents=world.documents(), delivery="counter", at=MONDAY_MORNING,
    )


def waiting_for_supplement(world, citizen):
    dossier = dossier_of(world, citizen)
    return lifecycle.request_supplement(
        dossier=dossier, actor=world.staff[Role.RECEPTION], items=["Bản sao giấy khai sinh", "Ảnh 4x6"],
        reason="Thiếu giấy khai sinh và ảnh",
    )


@pytest.fixture
def signed_in(client, world):
    client.force_login(world.citizen)
    return client


def test_my_dossiers_lists_mine_only_with_plain_status_and_promised_date(signed_in, world):
    mine = dossier_of(world, world.citizen)
    theirs = dossier_of(world, CitizenFactory())

    page = signed_in.get("/tai-khoan/ho-so/").content.decode()

    assert mine.code in page and theirs.code not in page
    assert "Cơ quan đã tiếp nhận hồ sơ" in page
    assert mine.promised_at.astimezone(lifecycle.timezone.get_current_timezone()).strftime("%d/%m/%Y %H:%M") in page


def test_someone_elses_dossier_is_not_found_anywhere(signed_in, world):
    theirs = waiting_for_supplement(world, CitizenFactory())
    result = DossierDocument.objects.create(dossier=theirs, name="KQ", kind=DocumentKind.FINAL_RESULT, file=pdf())

    assert signed_in.get(f"/tai-khoan/ho-so/{theirs.code}/").status_code == 404
    assert signed_in.get(f"/tai-khoan/ho-so/{theirs.code}/giay-to/{result.pk}/").status_code == 404
    assert signed_in.post(f"/tai-khoan/ho-so/{theirs.code}/bo-sung/", {"giay-to-0": pdf()}).status_code == 404
    assert signed_in.post(f"/tai-khoan/ho-so/{theirs.code}/rut/", {"reason": "Không cần nữa"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == State.SUPPLEMENT_REQUESTED
    assert signed_in.get("/tai-khoan/ho-so/KHONG-CO/").status_code == 404


def test_my_dossiers_needs_a_signed_in_applicant(client, world):
    assert client.get("/tai-khoan/ho-so/")["Location"].startswith("/dang-nhap/")
    client.force_login(world.staff[Role.RECEPTION])
    dossier = dossier_of(world, world.citizen)
    # An official who may see the dossier in the back office still has no "my dossiers".
    assert client.get(f"/tai-khoan/ho-so/{dossier.code}/").status_code == 302


def test_the_timeline_shows_public_events_without_officials_or_internal_notes(signed_in, world):
    dossier = dossier_of(world, world.citizen)
    lifecycle.hand_over(dossier=dossier, actor=world.staff[Role.RECEPTION], note="Ghi chú nội bộ: hồ sơ quen")
    services.add_note(dossier=dossier, actor=world.staff[Role.RECEPTION], text="Trao đổi riêng giữa cán bộ")

    page = signed_in.get(f"/tai-khoan/ho-so/{dossier.code}/").content.decode()

    # What happened and what comes next in plain words, not the office's step names.
    assert "Đã tiếp nhận hồ sơ" in page
    assert "Bộ phận một cửa đã chuyển hồ sơ để giải quyết</strong> — tiếp theo: lãnh đạo phòng phân công cán bộ giải quyết" in page
    assert world.commune.name in page and "Phân công thụ lý" not in page and "Chuyển xử lý" not in page
    assert "Ghi chú nội bộ" not in page and "Trao đổi riêng" not in page
    for official in world.staff.values():
        assert official.full_name not in page and official.username not in page


def test_draft_results_stay_hidden_and_the_final_result_downloads_for_the_owner(signed_in, world):
    dossier = dossier_of(world, world.citizen)
    draft = DossierDocument.objects.create(dossier=dossier, name="Dự thảo", kind=DocumentKind.DRAFT_RESULT, file=pdf())
    final = DossierDocument.objects.create(dossier=dossier, name="Bản sao trích lục", kind=DocumentKind.FINAL_RESULT, file=pdf())

    page = signed_in.get(f"/tai-khoan/ho-so/{dossier.code}/").content.decode()
    download = signed_in.get(f"/tai-khoan/ho-so/{dossier.code}/giay-to/{final.pk}/")

    assert "Bản sao trích lục" in page and "Dự thảo" not in page
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF
    assert signed_in.get(f"/tai-khoan/ho-so/{dossier.code}/giay-to/{draft.pk}/").status_code == 404
    other = dossier_of(world, world.citizen)
    # A document of my other dossier is not reachable through this dossier's address.
    assert signed_in.get(f"/tai-khoan/ho-so/{other.code}/giay-to/{final.pk}/").status_code == 404


def test_the_supplement_request_is_shown_with_its_items_and_reason(signed_in, world):
    dossier = waiting_for_supplement(world, world.citizen)

    listed = signed_in.get("/tai-khoan/ho-so/").content.decode()
    assert "Cơ quan yêu cầu bổ sung: Bản sao giấy khai sinh; Ảnh 4x6" in listed

    page = signed_in.get(f"/tai-khoan/ho-so/{dossier.code}/").content.decode()

    assert "Cần bạn bổ sung giấy tờ" in page
    assert "Thiếu giấy khai sinh và ảnh" in page
    assert "Bản sao giấy khai sinh" in page and "Ảnh 4x6" in page
    assert 'enctype="multipart/form-data"' in page


def test_answering_online_sends_the_dossier_back_to_processing_with_the_papers(signed_in, world):
    dossier = waiting_for_supplement(world, world.citizen)
    before = dossier.documents.count()

    response = signed_in.post(
        f"/tai-khoan/ho-so/{dossier.code}/bo-sung/",
        {"giay-to-0": pdf("khai-sinh.pdf"), "giay-to-1": SimpleUploadedFile("anh.png", PNG), "note": "Đã bổ sung đủ"},
    )

    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == State.RECEIVED  # back where it was: with the desk, clock running again
    assert dossier.paused_at is None
    added = list(dossier.documents.order_by("pk")[before:])
    assert [(d.name, d.kind) for d in added] == [("Bản sao giấy khai sinh", "applicant"), ("Ảnh 4x6", "applicant")]
    assert added[0].file.read() == PDF
    assert added[0].file.name.endswith(".pdf") and "khai-sinh" not in added[0].file.name
    event = dossier.events.order_by("-sequence").first()
    assert (event.action, event.actor_id, event.note) == ("supplement", world.citizen.pk, "Đã bổ sung đủ")


def test_supplement_from_processing_returns_to_processing(signed_in, world):
    dossier = dossier_of(world, world.citizen)
    lifecycle.hand_over(dossier=dossier, actor=world.staff[Role.RECEPTION])
    lifecycle.assign(dossier=dossier, actor=world.staff[Role.DIVISION_HEAD], assignee=world.staff[Role.HANDLER])
    lifecycle.request_supplement(dossier=dossier, actor=world.staff[Role.HANDLER], items=["Ảnh 4x6"], reason="Ảnh mờ")

    signed_in.post(f"/tai-khoan/ho-so/{dossier.code}/bo-sung/", {"giay-to-0": pdf()})

    dossier.refresh_from_db()
    assert dossier.state == State.IN_PROGRESS


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "Phải đính kèm ít nhất một giấy tờ bổ sung."),
        ({"giay-to-0": SimpleUploadedFile("khai-sinh.pdf", b"MZ\x90\x00 not a pdf")}, "phải là tệp PDF, JPEG hoặc PNG"),
        ({"giay-to-0": pdf(), "giay-to-1": SimpleUploadedFile("anh.png", b"GIF89a")}, "phải là tệp PDF, JPEG hoặc PNG"),
    ],
    ids=["nothing", "not-a-pdf", "one-bad-of-two"],
)
def test_a_bad_answer_is_refused_and_nothing_is_written(signed_in, world, files, message):
    dossier = waiting_for_supplement(world, world.citizen)
    documents, events = dossier.documents.count(), dossier.events.count()

    response = signed_in.post(f"/tai-khoan/ho-so/{dossier.code}/bo-sung/", files)

    assert response.status_code == 400
    assert message in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.state == State.SUPPLEMENT_REQUESTED
    assert (dossier.documents.count(), dossier.events.count()) == (documents, events)


def test_an_oversized_file_is_refused(signed_in, world, settings):
    settings.UPLOAD_MAX_MEGABYTES = 1
    dossier = waiting_for_supplement(world, world.citizen)

    response = signed_in.post(f"/tai-khoan/ho-so/{dossier.code}/bo-sung/", {"giay-to-0": pdf(content=PDF + b"0" * 1024 * 1024)})

    assert response.status_code == 400
    assert "quá lớn (tối đa 1 MB)" in response.content.decode()
    assert dossier.documents.count() == 2


def test_forged_fields_are_ignored_papers_are_named_from_the_request(signed_in, world):
    dossier = waiting_for_supplement(world, world.citizen)
    before = dossier.documents.count()

    signed_in.post(
        f"/tai-khoan/ho-so/{dossier.code}/bo-sung/",
        {"giay-to-0": pdf(), "giay-to-7": pdf(), "name": "Kết quả giả", "kind": "final_result", "actor": "1"},
    )

    added = list(dossier.documents.order_by("pk")[before:])
    assert [(d.name, d.kind) for d in added] == [("Bản sao giấy khai sinh", DocumentKind.APPLICANT)]


def test_no_answer_when_nothing_is_requested(signed_in, world):
    dossier = dossier_of(world, world.citizen)

    response = signed_in.post(f"/tai-khoan/ho-so/{dossier.code}/bo-sung/", {"giay-to-0": pdf()}, follow=True)

    assert "Hồ sơ không còn chờ bổ sung." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.state == State.RECEIVED
    assert not dossier.events.filter(action="supplement").exists()


def test_a_failure_while_storing_the_papers_rolls_back_the_transition(world, monkeypatch):
    from motcua.citizens import services as citizen_services

    dossier = waiting_for_supplement(world, world.citizen)
    events = dossier.events.count()

    def broken_create(**kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(citizen_services.DossierDocument.objects, "create", broken_create)
    with pytest.raises(OSError):
        citizen_services.answer_supplement(
            dossier=dossier, actor=world.citizen, papers=[citizen_services.SuppliedPaper("Ảnh 4x6", pdf())]
        )

    dossier.refresh_from_db()
    assert dossier.state == State.SUPPLEMENT_REQUESTED
    assert DossierEvent.objects.filter(dossier=dossier).count() == events


def test_answer_supplement_refuses_someone_who_does_not_own_the_dossier(world):
    from motcua.citizens import services as citizen_services

    dossier = waiting_for_supplement(world, world.citizen)
    with pytest.raises(lifecycle.Refused):
        citizen_services.answer_supplement(dossier=dossier, actor=CitizenFactory(), papers=[citizen_services.SuppliedPaper("Ảnh", pdf())])
    dossier.refresh_from_db()
    assert dossier.state == State.SUPPLEMENT_REQUESTED
    assert dossier.documents.count() == 2


def test_the_owner_withdraws_with_a_reason(signed_in, world):
    dossier = dossier_of(world, world.citizen)

    empty = signed_in.post(f"/tai-khoan/ho-so/{dossier.code}/rut/", {"reason": "  "})
    assert empty.status_code == 400
    dossier.refresh_from_db()
    assert dossier.state == State.RECEIVED

    response = signed_in.post(f"/tai-khoan/ho-so/{dossier.code}/rut/", {"reason": "Đã làm ở nơi khác"}, follow=True)

    dossier.refresh_from_db()
    assert dossier.state == State.WITHDRAWN
    page = response.content.decode()
    assert "Bạn đã rút hồ sơ" in page and "Đã làm ở nơi khác" in page
    assert f'action="/tai-khoan/ho-so/{dossier.code}/rut/"' not in page


def test_a_finished_dossier_cannot_be_withdrawn(signed_in, world):
    dossier = dossier_of(world, world.citizen)
    lifecycle.withdraw(dossier=dossier, actor=world.citizen, reason="Thôi")

    response = signed_in.post(f"/tai-khoan/ho-so/{dossier.code}/rut/", {"reason": "Lần nữa"}, follow=True)

    assert "Không thể “Rút hồ sơ”" in response.content.decode()
    assert dossier.events.filter(action="withdraw").count() == 1


def test_get_is_not_allowed_on_actions(signed_in, world):
    dossier = waiting_for_supplement(world, world.citizen)
    assert signed_in.get(f"/tai-khoan/ho-so/{dossier.code}/bo-sung/").status_code == 405
    assert signed_in.get(f"/tai-khoan/ho-so/{dossier.code}/rut/").status_code == 405



@pytest.mark.parametrize(("mode", "offered"), [("full", True), ("partial", False)])
def test_online_payment_is_offered_only_for_fully_online_procedures_with_fees_due(client, world, mode, offered):
    from motcua.catalog.models import ProcedureVersion

    ProcedureVersion.objects.filter(pk=world.version.pk).update(online_mode=mode)
    world.version.refresh_from_db()
    dossier = world.receive()
    verified(world.citizen, dossier.applicant_id_number)
    client.force_login(world.citizen)
    page = client.get(f"/tai-khoan/ho-so/{dossier.code}/").content.decode()
    assert (f'href="/thanh-toan/{dossier.code}/"' in page) is offered


def test_the_forms_issued_to_the_applicant_are_on_her_dossier_page(signed_in, world):
    dossier = waiting_for_supplement(world, world.citizen)
    page = signed_in.get(f"/tai-khoan/ho-so/{dossier.code}/").content.decode()
    assert "Mẫu 01" in page and "Mẫu 02" in page and "Mẫu 03" not in page
    receipt = signed_in.get(f"/tai-khoan/ho-so/{dossier.code}/mau-01/")
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"
    assert receipt.content.startswith(b"%PDF") and "no-store" in receipt["Cache-Control"]
    assert signed_in.get(f"/tai-khoan/ho-so/{dossier.code}/mau-02/").content.startswith(b"%PDF")
    # Not issued, unknown, or someone else's: 404 alike.
    assert signed_in.get(f"/tai-khoan/ho-so/{dossier.code}/mau-03/").status_code == 404
    assert signed_in.get(f"/tai-khoan/ho-so/{dossier.code}/mau-05/").status_code == 404
    signed_in.force_login(CitizenFactory())
    assert signed_in.get(f"/tai-khoan/ho-so/{dossier.code}/mau-01/").status_code == 404


def returned(world, dossier):
    from motcua.backoffice.tests.helpers import ready

    dossier = ready(world, dossier)
    if dossier.fee_outstanding:
        lifecycle.collect_fees(dossier=dossier, actor=world.staff[Role.RECEPTION], amount=dossier.fee_outstanding)
    return lifecycle.return_result(
        dossier=dossier, actor=world.staff[Role.RECEPTION], collected_by=dossier.applicant_name,
        collected_id_number=dossier.applicant_id_number,
    )


def test_a_finished_dossier_not_yet_rated_offers_its_rating_in_my_dossiers(signed_in, world):
    from motcua.portal import services as portal_services

    finished = returned(world, dossier_of(world, world.citizen))
    open_one = dossier_of(world, world.citizen)
    rate_link = f'href="/danh-gia/{finished.code}/"'

    page = signed_in.get("/tai-khoan/ho-so/").content.decode()
    assert rate_link in page and f'href="/danh-gia/{open_one.code}/"' not in page
    assert rate_link in signed_in.get(f"/tai-khoan/ho-so/{finished.code}/").content.decode()

    portal_services.rate(dossier=finished, level=portal_services.Rating.Level.values[0], rater=world.citizen)
    assert rate_link not in signed_in.get("/tai-khoan/ho-so/").content.decode()
