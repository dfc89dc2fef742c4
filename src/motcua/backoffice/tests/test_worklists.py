"""Work lists: only the user's own dossiers, soonest due first, marked when late, filtered,
searched with or without accents, paginated, and refreshed in place by htmx."""

import pytest

from motcua.accounts.models import Role
from motcua.backoffice.tests.helpers import handed_over, received_now
from motcua.backoffice.views import worklists
from motcua.catalog.tests.factories import ProcedureVersionFactory
from motcua.dossiers import lifecycle


@pytest.fixture
def desk(client, world):
    client.force_login(world.staff[Role.RECEPTION])
    return client


def listed(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_shows_the_users_dossiers_soonest_due_first_and_marks_the_late_ones(desk, world):
    fresh = received_now(world, name="Lê Văn Tám", id_number="074190000999")
    late = world.receive()
    page = listed(desk.get("/mot-cua/viec/chuyen-xu-ly/"))
    assert page.index(late.code) < page.index(fresh.code)
    late_row = page[page.index(late.code) : page.index(fresh.code)]
    assert "Quá hạn" in late_row
    assert "Quá hạn" not in page[page.index(fresh.code) :].split("</tr>")[0]
    assert "2 hồ sơ" in page


def test_a_list_the_user_does_not_have_is_empty_and_an_unknown_list_is_not_found(client, world):
    world.receive()
    client.force_login(world.staff[Role.HANDLER])
    assert "Không có hồ sơ nào." in listed(client.get("/mot-cua/viec/chuyen-xu-ly/"))
    assert client.get("/mot-cua/viec/khong-co/").status_code == 404


def test_the_header_counts_each_list_and_the_home_cards_open_them(desk, world):
    world.receive()
    world.receive()
    home = listed(desk.get("/mot-cua/"))
    assert 'href="/mot-cua/viec/chuyen-xu-ly/"' in home
    assert '<span class="count"><span aria-hidden="true">2</span><span class="visually-hidden">2 hồ sơ</span></span>' in home
    assert "autofocus" in home
    assert "autofocus" not in listed(desk.get("/mot-cua/viec/chuyen-xu-ly/"))


def test_filters_by_procedure_field_state_and_due(desk, world):
    other_version = ProcedureVersionFactory(procedure__owner=world.commune, agencies=[world.commune], name="Chứng thực bản sao")
    ours = world.receive()
    theirs = world.receive(version=other_version)
    fresh = received_now(world)
    url = "/mot-cua/viec/chuyen-xu-ly/"
    page = listed(desk.get(url, {"procedure": other_version.procedure.pk}))
    assert theirs.code in page and ours.code not in page and fresh.code not in page
    page = listed(desk.get(url, {"field": other_version.field.pk}))
    assert theirs.code in page and ours.code not in page
    page = listed(desk.get(url, {"due": "overdue"}))
    assert ours.code in page and theirs.code in page and fresh.code not in page
    page = listed(desk.get(url, {"state": "received"}))
    assert all(dossier.code in page for dossier in (ours, theirs, fresh))
    assert "Không có hồ sơ nào." in listed(desk.get(url, {"state": "returned"}))


def test_the_state_filter_narrows_the_waiting_list(client, world):
    waiting = world.receive()
    lifecycle.request_supplement(dossier=waiting, actor=world.staff[Role.RECEPTION], items=["Bản sao CCCD"], reason="Thiếu giấy tờ")
    client.force_login(world.staff[Role.RECEPTION])
    assert waiting.code in listed(client.get("/mot-cua/viec/cho-cong-dan/", {"state": "supplement_requested"}))
    assert waiting.code not in listed(client.get("/mot-cua/viec/cho-cong-dan/", {"state": "awaiting_obligation"}))


@pytest.mark.parametrize("typed", ["tran thi lan", "TRẦN THỊ LAN", "Tran Thi Lan", "thị lan", "074190000123", "0123"])
def test_search_finds_the_applicant_with_or_without_accents(desk, world, typed):
    lan = world.receive()
    duc = received_now(world, name="Đỗ Văn Đức", id_number="074190000777")
    page = listed(desk.get("/mot-cua/viec/chuyen-xu-ly/", {"q": typed}))
    assert lan.code in page and duc.code not in page


def test_search_folds_the_vietnamese_d(desk, world):
    lan = world.receive()
    duc = received_now(world, name="Đỗ Văn Đức", id_number="074190000777")
    page = listed(desk.get("/mot-cua/viec/chuyen-xu-ly/", {"q": "do van duc"}))
    assert duc.code in page and lan.code not in page
    page = listed(desk.get("/mot-cua/viec/chuyen-xu-ly/", {"q": duc.code[-10:]}))
    assert duc.code in page and lan.code not in page


def test_htmx_gets_only_the_results(desk, world):
    dossier = world.receive()
    response = desk.get("/mot-cua/viec/chuyen-xu-ly/", {"q": "lan"}, headers={"HX-Request": "true"})
    body = listed(response)
    assert dossier.code in body and "<html" not in body and "<table" in body


def test_pages_of_results(desk, world, monkeypatch):
    monkeypatch.setattr(worklists, "PAGE_SIZE", 1)
    first, second = world.receive(), world.receive()
    page_one = listed(desk.get("/mot-cua/viec/chuyen-xu-ly/"))
    assert "Trang 1/2" in page_one and "trang=2" in page_one
    page_two = listed(desk.get("/mot-cua/viec/chuyen-xu-ly/", {"trang": 2}))
    assert (first.code in page_one) != (first.code in page_two) and (second.code in page_one) != (second.code in page_two)


def test_handed_over_dossiers_leave_the_desk_list_and_reach_the_division_head(client, world):
    dossier = handed_over(world, world.receive())
    client.force_login(world.staff[Role.RECEPTION])
    assert dossier.code not in listed(client.get("/mot-cua/viec/chuyen-xu-ly/"))
    client.force_login(world.staff[Role.DIVISION_HEAD])
    assert dossier.code in listed(client.get("/mot-cua/viec/phan-cong/"))


def test_bad_filter_values_are_ignored_not_an_error(desk, world):
    dossier = world.receive()
    page = listed(desk.get("/mot-cua/viec/chuyen-xu-ly/", {"procedure": "x'; DROP", "due": "never", "trang": "-1"}))
    assert dossier.code in page


def test_a_list_of_several_branches_is_merged_in_due_order_across_pages(client, world, monkeypatch):
    """"Chờ thụ lý" holds what is assigned to the handler and what is at a processing step of
    their role with nobody assigned: read as two branches, shown as one list."""
    from datetime import timedelta

    from motcua.backoffice.tests.helpers import assigned
    from motcua.dossiers.models import Dossier

    mine_late, nobodys, mine_soon = (assigned(world, world.receive()) for _ in range(3))
    Dossier.objects.filter(pk=nobodys.pk).update(assignee=None)
    due = nobodys.step_due_at
    for dossier, hours in ((mine_late, 3), (nobodys, 1), (mine_soon, 2)):
        Dossier.objects.filter(pk=dossier.pk).update(step_due_at=due + timedelta(hours=hours))
    monkeypatch.setattr(worklists, "PAGE_SIZE", 2)
    client.force_login(world.staff[Role.HANDLER])
    first = listed(client.get("/mot-cua/viec/thu-ly/"))
    assert "3 hồ sơ" in first and "Trang 1/2" in first
    assert first.index(nobodys.code) < first.index(mine_soon.code) and mine_late.code not in first
    second = listed(client.get("/mot-cua/viec/thu-ly/", {"trang": 2}))
    assert mine_late.code in second and nobodys.code not in second and mine_soon.code not in second
    # Another handler of the same desk sees the unassigned one only.
    from motcua.accounts.tests.factories import official_with_role

    client.force_login(official_with_role(world.commune, Role.HANDLER, username="pc.handler2"))
    other = listed(client.get("/mot-cua/viec/thu-ly/"))
    assert nobodys.code in other and mine_soon.code not in other and "1 hồ sơ" in other


def test_beyond_the_cap_a_list_says_more_and_pages_through_the_soonest_due(desk, world, settings):
    settings.WORKLIST_COUNT_CAP = 2
    first, second, third = (world.receive() for _ in range(3))  # due together: in the order received
    home = listed(desk.get("/mot-cua/"))
    assert '<strong class="count">2+</strong>' in home
    page = listed(desk.get("/mot-cua/viec/chuyen-xu-ly/"))
    assert '<span aria-hidden="true">2+</span><span class="visually-hidden">hơn 2 hồ sơ</span>' in page
    assert "Hơn 2 hồ sơ: đây là 2 hồ sơ đến hạn sớm nhất" in page
    assert first.code in page and second.code in page and third.code not in page
    assert "Trang 1/" not in page  # one page of the two shown
    assert third.code not in listed(desk.get("/mot-cua/viec/chuyen-xu-ly/", {"trang": 2}))  # past the cap: the last page
    settings.WORKLIST_COUNT_CAP = 3
    assert '<strong class="count">3</strong>' in listed(desk.get("/mot-cua/"))


def test_the_header_follows_a_change_of_roles_at_once(client, world):
    """The statement that counts a user's lists is kept per process, keyed by the user's roles."""
    from motcua.accounts.models import RoleAssignment

    world.receive()
    handler = world.staff[Role.HANDLER]
    client.force_login(handler)
    assert "/mot-cua/viec/chuyen-xu-ly/" not in listed(client.get("/mot-cua/"))
    granted = RoleAssignment.objects.create(user=handler, agency=world.commune, role=Role.RECEPTION)
    assert 'href="/mot-cua/viec/chuyen-xu-ly/"' in listed(client.get("/mot-cua/"))
    granted.delete()
    assert "/mot-cua/viec/chuyen-xu-ly/" not in listed(client.get("/mot-cua/"))


@pytest.mark.parametrize("path", ["/mot-cua/viec/thu-ly/", "/mot-cua/tim/?q=074190000123"])
def test_a_longer_list_costs_no_more_queries(client, world, path):
    """Each line shows the procedure, step and assignee read with the dossier: nothing is read per line."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from motcua.backoffice.tests.helpers import assigned

    handler = world.staff[Role.HANDLER]
    client.force_login(handler)
    assigned(world, world.receive())
    listed(client.get(path))  # the menus and the counting statement, made once
    with CaptureQueriesContext(connection) as one_line:
        assert listed(client.get(path)).count(f" – {handler}</small>") == 1
    for _ in range(4):
        assigned(world, world.receive())
    with CaptureQueriesContext(connection) as five_lines:
        assert listed(client.get(path)).count(f" – {handler}</small>") == 5
    assert len(five_lines.captured_queries) == len(one_line.captured_queries)
