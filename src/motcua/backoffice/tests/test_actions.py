"""Posting the action forms of the dossier page: each calls its lifecycle function; a
refusal comes back in Vietnamese and changes nothing."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.accounts.models import Role
from motcua.backoffice.tests.helpers import assigned, handed_over, ready, received_now, snapshot
from motcua.dossiers import lifecycle, services
from motcua.dossiers.models import DocumentKind, Dossier, DossierNote
from motcua.tests.test_uploads import randomly_named, sample

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def act(client, user, dossier, action, data=None, **kwargs):
    client.force_login(user)
    return client.post(f"/mot-cua/ho-so/{dossier.code}/thao-tac/{action}/", {f"{action}-{k}": v for k, v in (data or {}).items()}, **kwargs)


def fresh(dossier) -> Dossier:
    return Dossier.objects.get(pk=dossier.pk)


def test_hand_over_moves_the_dossier_and_says_so(client, world):
    dossier = world.receive()
    response = act(client, world.staff[Role.RECEPTION], dossier, "hand_over", {"note": "Đủ giấy tờ"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/mot-cua/ho-so/{dossier.code}/"
    assert "Đã thực hiện “Chuyển xử lý” với hồ sơ" in response.content.decode()
    dossier = fresh(dossier)
    assert dossier.state == "in_progress" and dossier.current_step.kind == "assignment"
    assert dossier.events.last().note == "Đủ giấy tờ"


def test_assign_names_the_handler(client, world):
    dossier = handed_over(world, world.receive())
    handler = world.staff[Role.HANDLER]
    assert act(client, world.staff[Role.DIVISION_HEAD], dossier, "assign", {"assignee": handler.pk}).status_code == 302
    dossier = fresh(dossier)
    assert dossier.assignee == handler and dossier.current_step.kind == "processing"


def test_assigning_a_handler_of_another_agency_is_refused(client, world):
    dossier = handed_over(world, world.receive())
    before = snapshot(dossier)
    response = act(client, world.staff[Role.DIVISION_HEAD], dossier, "assign", {"assignee": world.stranger[Role.HANDLER].pk})
    assert response.status_code == 400 and "Vui lòng kiểm tra lại" in response.content.decode()
    assert snapshot(dossier) == before


def test_request_supplement_stops_the_clock_with_items_and_reason(client, world):
    dossier = world.receive()
    data = {"items": "Bản sao CCCD\n\nGiấy xác nhận cư trú", "reason": "Hồ sơ chưa đủ"}
    assert act(client, world.staff[Role.RECEPTION], dossier, "request_supplement", data).status_code == 302
    dossier = fresh(dossier)
    event = dossier.events.last()
    assert dossier.state == "supplement_requested" and event.data["items"] == ["Bản sao CCCD", "Giấy xác nhận cư trú"]
    assert event.note == "Hồ sơ chưa đủ"


def test_request_supplement_without_items_is_refused(client, world):
    dossier = world.receive()
    before = snapshot(dossier)
    response = act(client, world.staff[Role.RECEPTION], dossier, "request_supplement", {"items": " \n ", "reason": "x"})
    assert response.status_code == 400
    assert "Vui lòng kiểm tra lại" in response.content.decode() and "bắt buộc" in response.content.decode()
    assert snapshot(dossier) == before


def test_extend_sets_the_new_promise(client, world):
    dossier = received_now(world)
    new = timezone.localtime(dossier.promised_at + timedelta(days=3)).replace(second=0, microsecond=0)
    data = {"new_promised_at": new.strftime("%Y-%m-%dT%H:%M"), "reason": "Cần xác minh thêm"}
    assert act(client, world.staff[Role.LEADER], dossier, "extend", data).status_code == 302
    dossier = fresh(dossier)
    assert dossier.promised_at == new and dossier.events.last().action == "extend"


def test_extend_too_late_comes_back_in_vietnamese_with_nothing_changed(client, world):
    dossier = world.receive()  # promised in March: far too late to apologise in advance
    before = snapshot(dossier)
    new = timezone.localtime(timezone.now() + timedelta(days=10))
    response = act(client, world.staff[Role.LEADER], dossier, "extend", {"new_promised_at": new.strftime("%Y-%m-%dT%H:%M"), "reason": "x"})
    assert response.status_code in {400, 403}
    assert "Chỉ được xin gia hạn chậm nhất một ngày làm việc" in response.content.decode()
    assert "Cần xác minh" not in response.content.decode() and snapshot(dossier) == before


def test_collect_fees_records_the_amount(client, world):
    dossier = world.receive()
    assert act(client, world.staff[Role.RECEPTION], dossier, "collect_fees", {"amount": "50000"}).status_code == 302
    assert fresh(dossier).fee_paid == 50_000 and fresh(dossier).events.last().data == {"amount": 50_000}


def test_collecting_more_than_is_due_is_refused(client, world):
    dossier = world.receive()
    before = snapshot(dossier)
    response = act(client, world.staff[Role.RECEPTION], dossier, "collect_fees", {"amount": "70000"})
    assert response.status_code == 400 and "vượt số còn phải nộp" in response.content.decode()
    assert snapshot(dossier) == before


def test_return_result_after_fees_ends_the_dossier(client, world):
    dossier = ready(world, world.receive())
    desk = world.staff[Role.RECEPTION]
    collector = {"collected_by": "Trần Thị Lan", "collected_id_number": "074190000123", "note": "Bà Lan nhận"}
    response = act(client, desk, dossier, "return_result", collector)
    assert response.status_code == 403 and "thu phí trước khi trả kết quả" in response.content.decode()
    assert fresh(dossier).state == "ready"
    act(client, desk, dossier, "collect_fees", {"amount": "50000"})
    response = act(client, desk, dossier, "return_result", {"collected_by": "Trần Thị Lan", "collected_id_number": "12"})
    assert response.status_code == 400 and "không hợp lệ" in response.content.decode()
    assert fresh(dossier).state == "ready"
    response = act(client, desk, dossier, "return_result", collector, follow=True)
    assert fresh(dossier).state == "returned"
    assert fresh(dossier).events.last().data["collected_id_number"] == "074190000123"
    assert "Đã trả kết quả" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "action"),
    [(Role.HANDLER, "hand_over"), (Role.RECEPTION, "assign"), (Role.RECEPTION, "extend"), (Role.CLERK, "stop")],
)
def test_an_action_not_available_to_the_user_is_refused_and_changes_nothing(client, world, role, action):
    dossier = world.receive()
    before = snapshot(dossier)
    response = act(client, world.staff[role], dossier, action, {"reason": "x", "note": "x"})
    assert response.status_code == 403
    assert "Bạn không có quyền" in response.content.decode() or "Không thể" in response.content.decode()
    assert snapshot(dossier) == before


def test_an_unknown_action_is_not_found(client, world):
    dossier = world.receive()
    assert act(client, world.staff[Role.RECEPTION], dossier, "delete").status_code == 404
    assert client.get(f"/mot-cua/ho-so/{dossier.code}/thao-tac/hand_over/").status_code == 405


def test_bulk_handover_reports_each_dossier(client, world):
    first, second = world.receive(), world.receive()
    already = handed_over(world, world.receive())
    client.force_login(world.staff[Role.RECEPTION])
    response = client.post(
        "/mot-cua/viec/chuyen-xu-ly/chuyen-nhieu/",
        {"dossiers": [first.code, second.code, already.code, "khong-co"], "note": "Chuyển buổi sáng"},
        follow=True,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Đã chuyển xử lý 2 hồ sơ: {first.code}, {second.code}." in page
    assert f"Không chuyển được {already.code}: Không thể “Chuyển xử lý”" in page
    assert "khong-co: không tìm thấy hồ sơ." in page
    assert fresh(first).state == fresh(second).state == "in_progress"
    assert fresh(already).current_step.kind == "assignment" and fresh(already).events.count() == 2


def test_bulk_handover_with_nothing_selected(client, world):
    client.force_login(world.staff[Role.RECEPTION])
    response = client.post("/mot-cua/viec/chuyen-xu-ly/chuyen-nhieu/", follow=True)
    assert "Chưa chọn hồ sơ nào" in response.content.decode()


def test_the_desk_list_has_the_bulk_handover_form(client, world):
    dossier = world.receive()
    client.force_login(world.staff[Role.RECEPTION])
    page = client.get("/mot-cua/viec/chuyen-xu-ly/").content.decode()
    assert f'name="dossiers" value="{dossier.code}"' in page and 'action="/mot-cua/viec/chuyen-xu-ly/chuyen-nhieu/"' in page


def test_notes_are_appended_and_shown(client, world):
    dossier = world.receive()
    client.force_login(world.staff[Role.RECEPTION])
    url = f"/mot-cua/ho-so/{dossier.code}/ghi-chu/"
    response = client.post(url, {"text": "Người nộp hẹn bổ sung thứ Hai"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert "Người nộp hẹn bổ sung thứ Hai" in response.content.decode()
    client.force_login(world.staff[Role.HANDLER])
    client.post(url, {"text": "Đã liên hệ"})
    page = client.get(f"/mot-cua/ho-so/{dossier.code}/").content.decode()
    assert page.index("Người nộp hẹn bổ sung thứ Hai") < page.index("Đã liên hệ")
    assert list(DossierNote.objects.filter(dossier=dossier).values_list("author__username", flat=True)) == ["pc.reception", "pc.handler"]
    assert dossier.events.count() == 1  # a note is not a change of the dossier


def test_an_empty_note_is_refused(client, world):
    dossier = world.receive()
    client.force_login(world.staff[Role.RECEPTION])
    response = client.post(f"/mot-cua/ho-so/{dossier.code}/ghi-chu/", {"text": "   "}, headers={"HX-Request": "true"})
    assert response.status_code == 400 and "không được để trống" in response.content.decode()
    assert not DossierNote.objects.exists()


def test_notes_cannot_be_changed(world):
    note = services.add_note(dossier=world.receive(), actor=world.staff[Role.CLERK], text="Lưu ý")
    note.text = "Sửa"
    with pytest.raises(ValidationError):
        note.save()
    with pytest.raises(ValidationError):
        DossierNote.objects.all().delete()


def test_the_assigned_handler_uploads_a_draft_result(client, world):
    dossier = assigned(world, world.receive())
    client.force_login(world.staff[Role.HANDLER])
    upload = SimpleUploadedFile("du-thao.pdf", PDF, content_type="application/pdf")
    response = client.post(f"/mot-cua/ho-so/{dossier.code}/ket-qua/", {"kind": "draft_result", "name": "Dự thảo giấy phép", "file": upload})
    assert response.status_code == 302
    document = dossier.documents.get(kind=DocumentKind.DRAFT_RESULT)
    assert document.name == "Dự thảo giấy phép"
    event = dossier.events.last()
    assert event.action == "upload_result" and event.data == {"document": document.pk, "kind": "draft_result"}
    served = client.get(f"/mot-cua/ho-so/{dossier.code}/giay-to/{document.pk}/")
    assert served.status_code == 200 and served["Content-Disposition"].startswith("inline")


def test_a_leader_may_upload_the_final_result_but_the_desk_may_not_during_processing(client, world):
    dossier = assigned(world, world.receive())
    before = snapshot(dossier)
    client.force_login(world.staff[Role.RECEPTION])
    upload = SimpleUploadedFile("kq.pdf", PDF, content_type="application/pdf")
    response = client.post(f"/mot-cua/ho-so/{dossier.code}/ket-qua/", {"kind": "final_result", "file": upload})
    assert response.status_code == 403 and "không có quyền tải lên kết quả" in response.content.decode()
    assert snapshot(dossier) == before and not dossier.documents.exclude(kind=DocumentKind.APPLICANT).exists()
    client.force_login(world.staff[Role.LEADER])
    upload = SimpleUploadedFile("kq.pdf", PDF, content_type="application/pdf")
    assert client.post(f"/mot-cua/ho-so/{dossier.code}/ket-qua/", {"kind": "final_result", "file": upload}).status_code == 302
    assert dossier.documents.get(kind=DocumentKind.FINAL_RESULT).name == "Kết quả giải quyết"


def test_a_result_is_stored_under_a_name_of_ours_whatever_the_file_was_called(client, world):
    dossier = assigned(world, world.receive())
    client.force_login(world.staff[Role.HANDLER])
    upload = SimpleUploadedFile(f"../{dossier.code} Trần Thị Lan.pdf", PDF, content_type="application/pdf")
    client.post(f"/mot-cua/ho-so/{dossier.code}/ket-qua/", {"kind": "draft_result", "file": upload})
    stored = dossier.documents.get(kind=DocumentKind.DRAFT_RESULT).file.name
    assert randomly_named(stored, "dossiers") and stored.endswith(".pdf") and dossier.code not in stored


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("ket-qua.html", b"<!doctype html><script>alert(document.cookie)</script>"),
        ("ket-qua.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("ket-qua.pdf", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("ket-qua.docx", sample("to-khai.docx")),
    ],
)
def test_a_result_that_is_not_a_pdf_is_refused_in_vietnamese_and_nothing_is_stored(client, world, settings, name, content):
    dossier = assigned(world, world.receive())
    client.force_login(world.staff[Role.HANDLER])
    before = snapshot(dossier)
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client.post(f"/mot-cua/ho-so/{dossier.code}/ket-qua/", {"kind": "draft_result", "name": "Dự thảo giấy phép", "file": upload})
    assert response.status_code == 400
    assert "Tệp “Dự thảo giấy phép” phải là tệp PDF." in response.content.decode()
    assert snapshot(dossier) == before and not dossier.documents.exclude(kind=DocumentKind.APPLICANT).exists()
    assert not Path(settings.MEDIA_ROOT).exists() or not any(path.is_file() for path in Path(settings.MEDIA_ROOT).rglob("*"))


def test_an_oversized_result_is_refused_and_nothing_is_stored(client, world, settings):
    settings.UPLOAD_MAX_MEGABYTES = 1
    dossier = assigned(world, world.receive())
    client.force_login(world.staff[Role.HANDLER])
    before = snapshot(dossier)
    upload = SimpleUploadedFile("ket-qua.pdf", PDF + bytes(1024 * 1024), content_type="application/pdf")
    response = client.post(f"/mot-cua/ho-so/{dossier.code}/ket-qua/", {"kind": "final_result", "file": upload})
    assert response.status_code == 400 and "Tệp “Kết quả giải quyết” quá lớn (tối đa 1 MB)." in response.content.decode()
    assert snapshot(dossier) == before and not dossier.documents.exclude(kind=DocumentKind.APPLICANT).exists()


def test_the_upload_form_says_what_it_accepts(client, world, settings):
    settings.UPLOAD_MAX_MEGABYTES = 10
    dossier = assigned(world, world.receive())
    client.force_login(world.staff[Role.HANDLER])
    page = client.get(f"/mot-cua/ho-so/{dossier.code}/").content.decode()
    assert 'accept="application/pdf,.pdf"' in page and "Tệp PDF, tối đa 10 MB. Kết quả được ký số dưới dạng PDF." in page


def test_an_upload_without_a_file_or_of_the_wrong_kind_is_refused(client, world):
    dossier = assigned(world, world.receive())
    client.force_login(world.staff[Role.HANDLER])
    before = snapshot(dossier)
    assert client.post(f"/mot-cua/ho-so/{dossier.code}/ket-qua/", {"kind": "draft_result"}).status_code == 400
    upload = SimpleUploadedFile("kq.pdf", PDF, content_type="application/pdf")
    assert client.post(f"/mot-cua/ho-so/{dossier.code}/ket-qua/", {"kind": "applicant", "file": upload}).status_code == 400
    assert snapshot(dossier) == before


def test_process_review_approve_through_the_views(client, world):
    dossier = assigned(world, world.receive())
    for role, action in [(Role.HANDLER, "process"), (Role.DIVISION_HEAD, "review"), (Role.LEADER, "approve")]:
        assert act(client, world.staff[role], dossier, action, {"note": "Đồng ý"}).status_code == 302, action
    assert fresh(dossier).state == "ready"
    assert [e.action for e in fresh(dossier).events.order_by("sequence")][-3:] == ["process", "review", "approve"]


def test_send_back_needs_a_reason(client, world):
    dossier = lifecycle.process(dossier=assigned(world, world.receive()), actor=world.staff[Role.HANDLER])
    before = snapshot(dossier)
    assert act(client, world.staff[Role.DIVISION_HEAD], dossier, "send_back", {"note": ""}).status_code == 400
    assert snapshot(dossier) == before
    assert act(client, world.staff[Role.DIVISION_HEAD], dossier, "send_back", {"note": "Thiếu thẩm định"}).status_code == 302
    assert fresh(dossier).current_step.kind == "processing"


def test_transfer_offers_agencies_of_the_steps_level_and_the_other_agency_returns_it(client, world):
    dossier = lifecycle.process(dossier=assigned(world, world.receive(version=world.transfer_version)), actor=world.staff[Role.HANDLER])
    client.force_login(world.staff[Role.HANDLER])
    page = client.get(f"/mot-cua/ho-so/{dossier.code}/").content.decode()
    form = page.split('data-action="transfer"')[1].split("</form>")[0]
    assert f'<option value="{world.district.pk}">' in form and f'<option value="{world.other_commune.pk}">' not in form
    assert act(client, world.staff[Role.HANDLER], dossier, "transfer", {"to_agency": world.district.pk, "note": "Xin ý kiến huyện"}).status_code == 302
    assert fresh(dossier).state == "transferred" and fresh(dossier).current_agency == world.district
    district_handler = world.district_staff[Role.HANDLER]
    assert act(client, district_handler, dossier, "return_transfer", {"note": "Đồng ý"}).status_code == 302
    dossier = fresh(dossier)
    assert dossier.state == "in_progress" and dossier.current_agency == world.commune and dossier.current_step.kind == "review"


def test_transferring_to_an_agency_of_the_wrong_level_is_refused(client, world):
    dossier = lifecycle.process(dossier=assigned(world, world.receive(version=world.transfer_version)), actor=world.staff[Role.HANDLER])
    before = snapshot(dossier)
    response = act(client, world.staff[Role.HANDLER], dossier, "transfer", {"to_agency": world.other_commune.pk})
    assert response.status_code == 400 and snapshot(dossier) == before


def test_the_counter_collects_exactly_what_the_fee_rules_give(client, world):
    """2.000 đồng/trang, 1 page × 3 copies: 6.000 đ is due and collected; 2.000 đ is refused."""
    from motcua.catalog.models import Fee

    version = world.version
    version.form_schema = {"fields": [
        {"name": "noi_dung", "label": "Nội dung yêu cầu", "type": "text", "required": True},
        {"name": "so_trang", "label": "Số trang", "type": "number"},
        {"name": "so_ban", "label": "Số bản", "type": "number"},
    ]}
    version.save()
    version.fees.update(amount=2000, unit=Fee.Unit.PAGE_COPY, pages_field="so_trang", copies_field="so_ban")
    dossier = services.receive_at_counter(
        actor=world.staff[Role.RECEPTION], procedure_version=version, agency=world.commune, applicant=world.applicant(),
        form_data={"noi_dung": "Chứng thực", "so_trang": "1", "so_ban": "3"}, documents=world.documents(), delivery="counter",
    )
    assert dossier.fee_due == 6000
    desk = world.staff[Role.RECEPTION]
    client.force_login(desk)
    page = client.get(f"/mot-cua/ho-so/{dossier.code}/").content.decode()
    assert "2.000 đ/trang × 1 trang × 3 bản = 6.000 đ" in page
    before = snapshot(dossier)
    response = act(client, desk, dossier, "collect_fees", {"amount": "2000"})
    assert response.status_code == 400 and "Phải thu đúng số còn phải nộp: 6.000 đ" in response.content.decode()
    assert snapshot(dossier) == before
    assert act(client, desk, dossier, "collect_fees", {"amount": "6000"}).status_code == 302
    assert (fresh(dossier).fee_paid, fresh(dossier).fee_outstanding) == (6000, 0)
