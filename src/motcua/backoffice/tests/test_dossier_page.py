"""The dossier page shows the dossier, its time, its history, and only the actions the
lifecycle allows this official now."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import official_with_role
from motcua.backoffice.tests.helpers import assigned, received_now
from motcua.backoffice.views.action_forms import FORMS
from motcua.backoffice.views.clock import dossier_clock
from motcua.dossiers import lifecycle, services
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import vn


def page_of(client, user, dossier) -> str:
    client.force_login(user)
    response = client.get(f"/mot-cua/ho-so/{dossier.code}/")
    assert response.status_code == 200
    return response.content.decode()


def action_urls(page: str, dossier) -> set[str]:
    prefix = f'action="/mot-cua/ho-so/{dossier.code}/thao-tac/'
    return {chunk.split("/", 1)[0] for chunk in page.split(prefix)[1:]}


def test_every_transition_has_its_form():
    assert set(FORMS) == set(lifecycle.PEOPLE_TRANSITIONS)


def test_the_page_shows_applicant_procedure_state_step_and_time(client, world):
    dossier = world.receive()
    page = page_of(client, world.staff[Role.RECEPTION], dossier)
    version = world.version
    for text in (
        "Trần Thị Lan", "074190000123", version.name, version.procedure.code, "phiên bản 1",
        "Đã tiếp nhận", "trạng thái quốc gia: 2", "UBND phường Phú Cường", "Tiếp nhận hồ sơ", "Hạn của bước",
        "Hẹn trả kết quả", "Đã dùng", "quá hạn", "Tờ khai theo mẫu", "50.000 đ",
    ):
        assert text in page, text
    assert "Quá hạn" in page  # the step's deadline in March is long past: said in words, not only colour


def test_time_left_is_counted_in_working_time(client, world):
    dossier = received_now(world)
    page = page_of(client, world.staff[Role.RECEPTION], dossier)
    assert "còn 5 ngày" in page or "còn 4 ngày" in page


def test_only_the_actions_available_to_this_official_are_offered(client, world):
    dossier = world.receive()
    for role, expected in [
        (Role.RECEPTION, {"hand_over", "collect_fees", "request_supplement", "withdraw"}),
        (Role.HANDLER, set()),
        (Role.LEADER, {"stop"}),
    ]:
        user = world.staff[role]
        offered = action_urls(page_of(client, user, dossier), dossier)
        assert offered == {t.name for t in lifecycle.available_transitions(user, dossier)}
        assert expected <= offered, role
    assert "không có thao tác nào" in page_of(client, world.staff[Role.CLERK], dossier)


def test_actions_that_would_only_be_refused_are_not_offered(client, world):
    """Received in March: too late to extend (at the latest one working day before the
    promise); fees paid: nothing to collect; at the first step: nowhere to send it back."""
    overdue = world.receive()
    leader, reception = world.staff[Role.LEADER], world.staff[Role.RECEPTION]
    assert "extend" not in action_urls(page_of(client, leader, overdue), overdue)
    fresh = received_now(world)
    assert "extend" in action_urls(page_of(client, leader, fresh), fresh)
    lifecycle.collect_fees(dossier=fresh, actor=reception, amount=Dossier.objects.get(pk=fresh.pk).fee_outstanding)
    offered = action_urls(page_of(client, reception, fresh), fresh)
    assert "collect_fees" not in offered and "hand_over" in offered


def test_reassign_offers_another_handler_and_only_when_there_is_one(client, world):
    dossier = assigned(world, received_now(world))
    head = world.staff[Role.DIVISION_HEAD]
    assert "reassign" not in action_urls(page_of(client, head, dossier), dossier)  # the only handler has it
    other = official_with_role(world.commune, Role.HANDLER, username="pc.handler2")
    page = page_of(client, head, dossier)
    assert "reassign" in action_urls(page, dossier)
    form = page.split('data-action="reassign"')[1].split("</form>")[0]
    assert f'<option value="{other.pk}">' in form and f'<option value="{world.staff[Role.HANDLER].pk}">' not in form


def test_the_assign_form_offers_the_agencys_handlers_only(client, world):
    dossier = lifecycle.hand_over(dossier=world.receive(), actor=world.staff[Role.RECEPTION])
    page = page_of(client, world.staff[Role.DIVISION_HEAD], dossier)
    assert f'<option value="{world.staff[Role.HANDLER].pk}">' in page
    assert f'<option value="{world.stranger[Role.HANDLER].pk}">' not in page
    assert f'<option value="{world.staff[Role.LEADER].pk}">' not in page


def test_the_timeline_marks_each_handover(client, world):
    dossier = assigned(world, world.receive())
    page = page_of(client, world.staff[Role.HANDLER], dossier)
    timeline = page.split('id="qua-trinh"')[1].split("</ol>")[0]
    for text in ("Tiếp nhận hồ sơ", "Chuyển xử lý", "Phân công thụ lý", "Quá hạn", str(world.staff[Role.HANDLER])):
        assert text in timeline, text
    assert f'action="/mot-cua/ho-so/{dossier.code}/ket-qua/"' in page


def test_links_to_the_official_forms(client, world):
    dossier = world.receive()
    page = page_of(client, world.staff[Role.RECEPTION], dossier)
    assert "Mẫu 01" in page and "mau-01.pdf" in page and "Mẫu 05" in page
    assert "Mẫu 02" not in page
    lifecycle.request_supplement(dossier=dossier, actor=world.staff[Role.RECEPTION], items=["Sổ hộ khẩu"], reason="Thiếu")
    page = page_of(client, world.staff[Role.RECEPTION], dossier)
    assert "mau-02.pdf" in page and "Sổ hộ khẩu" in page and "Đang tạm dừng tính thời hạn" in page


def test_results_are_listed_with_their_kind(client, world):
    dossier = assigned(world, world.receive())
    services.upload_result(
        dossier=dossier, actor=world.staff[Role.HANDLER], kind="draft_result", file=ContentFile(b"%PDF-1.4\n", name="du-thao.pdf")
    )
    page = page_of(client, world.staff[Role.LEADER], dossier)
    assert "Dự thảo kết quả" in page and "Tải lên kết quả" in page


@pytest.mark.parametrize("code", ["khong-co", "000.01.01.H56-260302-9999", "%C4%91%27%3B"])
def test_an_unknown_code_is_not_found(client, world, code):
    client.force_login(world.staff[Role.RECEPTION])
    assert client.get(f"/mot-cua/ho-so/{code}/").status_code == 404


def test_the_time_used_leaves_out_the_wait_for_the_applicant(world):
    desk = world.staff[Role.RECEPTION]
    dossier = world.receive()  # Monday 2 March, 08:00
    lifecycle.request_supplement(dossier=dossier, actor=desk, items=["CCCD"], reason="Thiếu", at=vn(2026, 3, 2, 10, 0))
    lifecycle.supplement(dossier=dossier, actor=desk, at=vn(2026, 3, 4, 8, 0))
    dossier = Dossier.objects.get(pk=dossier.pk)
    clock = dossier_clock(dossier, list(dossier.events.order_by("sequence")), vn(2026, 3, 4, 9, 0))
    assert clock.used == timedelta(hours=3)  # Monday 08:00–10:00 and Wednesday 08:00–09:00
    assert not clock.overdue and clock.used_text == "3 giờ"
    waiting = dossier_clock(
        Dossier(procedure_version=dossier.procedure_version, clock_started_at=dossier.clock_started_at, promised_at=dossier.promised_at,
                paused_at=vn(2026, 3, 2, 10, 0), paused_remaining=3600),
        [], vn(2026, 3, 3, 9, 0),
    )
    assert waiting.paused and waiting.left == timedelta(hours=1) and waiting.used == timedelta(hours=2)


def test_completing_a_step_says_where_the_dossier_goes(client, world):
    dossier = received_now(world)
    page = page_of(client, world.staff[Role.RECEPTION], dossier)
    assert "Chuyển xử lý → Phân công thụ lý" in page
    assert "Chuyển đến bước “Phân công thụ lý” – Bộ phận chuyên môn" in page and str(world.staff[Role.DIVISION_HEAD]) in page
    handled = assigned(world, received_now(world))
    page = page_of(client, world.staff[Role.HANDLER], handled)
    assert "Hoàn thành thụ lý → Xét duyệt" in page
