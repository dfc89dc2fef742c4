"""Deadline alerts: each official's dossiers turning late soon or already late; leaders' agency overview."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import override_settings

from motcua.accounts.models import Role
from motcua.backoffice.alerts import deadline_alerts
from motcua.conf.settings import _working_days
from motcua.dossiers import lifecycle
from motcua.dossiers.tests.conftest import MONDAY_MORNING, World, vn
from motcua.dossiers.tests.test_lifecycle import later

HOUR = timedelta(hours=1)


@pytest.fixture
def world(db) -> World:
    return World()


def codes(alerts) -> list[str]:
    return [alert.dossier.code for alert in alerts]


def test_a_dossier_due_within_the_threshold_is_due_soon(world):
    dossier = world.receive()  # Monday 08:00; the reception step takes half a working day
    assert dossier.step_due_at == vn(2026, 3, 2, 13, 30)
    alerts = deadline_alerts(world.staff[Role.RECEPTION], now=MONDAY_MORNING + HOUR)
    assert codes(alerts.due_soon) == [dossier.code] and alerts.overdue == []
    assert alerts.due_soon[0].due_at == dossier.step_due_at and alerts.due_soon[0].is_step_due


def test_a_dossier_past_its_step_due_time_is_overdue(world):
    dossier = world.receive()
    alerts = deadline_alerts(world.staff[Role.RECEPTION], now=vn(2026, 3, 2, 14, 0))
    assert codes(alerts.overdue) == [dossier.code] and alerts.due_soon == []


def test_the_threshold_is_counted_in_working_days(world):
    dossier = world.receive(at=vn(2026, 3, 6, 14, 0))  # Friday 14:00: the step is due Monday 08:30
    assert dossier.step_due_at == vn(2026, 3, 9, 8, 30)
    desk, friday_evening = world.staff[Role.RECEPTION], vn(2026, 3, 6, 16, 0)
    # Two working hours from Friday 16:00 reach Monday 08:30 across the weekend.
    assert codes(deadline_alerts(desk, now=friday_evening, working_days=Decimal("0.25")).due_soon) == [dossier.code]
    assert codes(deadline_alerts(desk, now=friday_evening, working_days=Decimal("0.125")).due_soon) == []


@override_settings(DEADLINE_ALERT_WORKING_DAYS=Decimal("0"))
def test_the_threshold_comes_from_the_setting(world):
    world.receive()
    alerts = deadline_alerts(world.staff[Role.RECEPTION], now=MONDAY_MORNING + HOUR)
    assert alerts.due_soon == [] and alerts.working_days == Decimal("0")


def test_officials_are_alerted_only_about_dossiers_at_their_steps(world):
    dossier = world.receive()
    now = MONDAY_MORNING + HOUR
    assert codes(deadline_alerts(world.staff[Role.HANDLER], now=now).due_soon) == []
    assert codes(deadline_alerts(world.stranger[Role.RECEPTION], now=now).due_soon) == []
    dossier = lifecycle.hand_over(dossier=dossier, actor=world.staff[Role.RECEPTION], at=now)
    # Now at the assignment step (half a working day from 09:00: 14:00): the division head's.
    assert codes(deadline_alerts(world.staff[Role.DIVISION_HEAD], now=now).due_soon) == [dossier.code]
    assert codes(deadline_alerts(world.staff[Role.RECEPTION], now=now).due_soon) == []


def test_a_dossier_waiting_for_the_applicant_raises_no_alert(world):
    dossier = world.receive()
    lifecycle.request_supplement(
        dossier=dossier, actor=world.staff[Role.RECEPTION], items=["Bản sao giấy khai sinh"], reason="Thiếu", at=later(dossier)
    )
    alerts = deadline_alerts(world.staff[Role.RECEPTION], now=vn(2026, 3, 20, 9, 0))
    assert not alerts


def test_leaders_see_every_overdue_dossier_of_their_agency(world):
    late = world.receive()
    on_time = world.receive(at=vn(2026, 3, 9, 9, 0))
    leader = world.staff[Role.LEADER]
    after_the_promise = vn(2026, 3, 9, 10, 0)
    alerts = deadline_alerts(leader, now=after_the_promise)
    assert alerts.is_leader and [d.code for d in alerts.agency_overdue] == [late.code]
    assert on_time.code not in [d.code for d in alerts.agency_overdue]
    assert deadline_alerts(leader, now=MONDAY_MORNING + HOUR).agency_overdue == []
    assert deadline_alerts(world.stranger[Role.LEADER], now=after_the_promise).agency_overdue == []
    assert not deadline_alerts(world.staff[Role.HANDLER], now=after_the_promise).is_leader


def test_the_alerts_block_is_loaded_into_the_desk(client, world):
    dossier = world.receive()  # long overdue by the real clock
    client.force_login(world.staff[Role.RECEPTION])
    assert 'data-hx-get="/mot-cua/canh-bao-han/"' in client.get("/mot-cua/").content.decode()
    block = client.get("/mot-cua/canh-bao-han/", headers={"HX-Request": "true"}).content.decode()
    assert dossier.code in block and "đã quá hạn" in block and "<html" not in block
    assert "<html" in client.get("/mot-cua/canh-bao-han/").content.decode()


def test_the_alerts_page_is_for_officials(client, world):
    client.force_login(world.citizen)
    assert client.get("/mot-cua/canh-bao-han/").status_code == 403


@pytest.mark.parametrize("value", ["-1", "abc", "NaN"])
def test_a_bad_threshold_setting_is_refused(value):
    with pytest.raises(ValueError, match="working days"):
        _working_days(value)
