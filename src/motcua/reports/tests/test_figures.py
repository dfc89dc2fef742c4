"""Each figure of the periodic report against dossiers built to produce it (March 2026)."""

from datetime import timedelta

from motcua.accounts.models import Role
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier
from motcua.reports import figures, periods
from motcua.reports.tests.conftest import MINUTE, vn

MARCH = periods.month(2026, 3)
DAY = timedelta(days=1)


def march(world, by=None):
    return figures.count(Dossier.objects.all(), MARCH, by=by, as_of=MARCH.end)


def behind(figure, period=MARCH):
    return set(figures.dossiers_behind(Dossier.objects.all(), period, figure, as_of=period.end).values_list("code", flat=True))


def only(figure: str, n: int = 1, **more) -> dict:
    return {**figures.empty(), figure: n, **more}


def assert_balanced(values: dict) -> None:
    assert values["carried_over"] + values["new_online"] + values["new_counter"] + values["new_post"] == values["received"]
    assert values["received"] == values["resolved"] + values["withdrawn"] + values["stopped"] + values["in_progress"]
    assert values["resolved"] == values["resolved_early"] + values["resolved_on_time"] + values["resolved_late"]
    assert values["in_progress"] == values["in_progress_within"] + values["in_progress_overdue"]


class TestEachFigure:
    def test_carried_over_and_resolved_early(self, world):
        dossier = world.counter(vn(2026, 2, 25, 9))
        dossier = world.resolve(dossier, vn(2026, 3, 2, 9))
        assert march(world) == only("carried_over", received=1, resolved_early=1, resolved=1)
        assert behind("carried_over") == behind("resolved_early") == {dossier.code}

    def test_new_by_channel_and_left_in_progress(self, world):
        counter = world.counter(vn(2026, 3, 2, 9))
        post = world.counter(vn(2026, 3, 3, 9), channel="post")
        online = world.online(vn(2026, 3, 4, 20), vn(2026, 3, 5, 8))
        values = march(world)
        assert values["new_counter"] == values["new_post"] == values["new_online"] == 1
        # Received early in March with five working days: all overdue by 1 April.
        assert values["in_progress_overdue"] == 3 and values["in_progress_within"] == 0
        assert behind("new_online") == {online.code} and behind("new_post") == {post.code} and behind("new_counter") == {counter.code}
        assert_balanced(values)

    def test_on_time_and_late(self, world):
        on_time = world.counter(vn(2026, 3, 2, 9))
        on_time = world.resolve(on_time, on_time.promised_at)
        late = world.counter(vn(2026, 3, 2, 10))
        late = world.resolve(late, late.promised_at + DAY)
        assert march(world) == only("new_counter", 2, received=2, resolved_on_time=1, resolved_late=1, resolved=2)
        assert behind("resolved_late") == {late.code} and behind("resolved_on_time") == {on_time.code}

    def test_withdrawn_stopped_and_refused(self, world):
        withdrawn = world.counter(vn(2026, 3, 2, 9))
        lifecycle.withdraw(dossier=withdrawn, actor=world.staff[Role.RECEPTION], reason="Không còn nhu cầu", at=vn(2026, 3, 3, 9))
        stopped = world.counter(vn(2026, 3, 2, 10))
        lifecycle.stop(dossier=stopped, actor=world.staff[Role.LEADER], reason="Giả mạo giấy tờ", at=vn(2026, 3, 4, 9))
        refused = world.submit(vn(2026, 3, 5, 9))
        lifecycle.refuse(dossier=refused, actor=world.staff[Role.RECEPTION], reason="Không thuộc thẩm quyền", at=vn(2026, 3, 6, 9))
        # Withdrawn before anyone received it: never in the report.
        lifecycle.withdraw(dossier=world.submit(vn(2026, 3, 7, 9)), actor=world.citizen, reason="Nộp nhầm", at=vn(2026, 3, 7, 10))
        values = march(world)
        assert values == only("new_counter", 2, received=2, withdrawn=1, stopped=1, refused=1)
        assert behind("withdrawn") == {withdrawn.code} and behind("stopped") == {stopped.code} and behind("refused") == {refused.code}


class TestPeriodBoundaries:
    def test_last_evening_of_the_month_and_first_morning_of_the_next(self, world):
        last = world.counter(vn(2026, 3, 31, 16, 30))
        world.counter(vn(2026, 4, 1, 7, 45))
        in_feb = world.counter(vn(2026, 2, 27, 10))
        world.resolve(in_feb, vn(2026, 2, 28, 23, 59))
        values = march(world)
        assert values == only("new_counter", received=1, in_progress=1, in_progress_within=1)
        assert behind("new_counter") == {last.code}

    def test_finished_just_after_the_month_is_still_in_progress_at_its_end(self, world):
        dossier = world.counter(vn(2026, 3, 30, 9))
        dossier = world.resolve(dossier, vn(2026, 4, 1, 0, 0))
        assert march(world)["in_progress_within"] == 1 and march(world)["resolved"] == 0
        april = figures.count(Dossier.objects.all(), periods.month(2026, 4), as_of=periods.month(2026, 4).end)
        assert april == only("carried_over", received=1, resolved=1, resolved_early=1)

    def test_what_march_leaves_open_april_carries_over(self, world):
        for day in (2, 10, 27, 30):
            world.counter(vn(2026, 3, day, 9))
        withdrawn_in_april = world.counter(vn(2026, 3, 16, 9))
        lifecycle.withdraw(dossier=withdrawn_in_april, actor=world.staff[Role.RECEPTION], reason="Không còn nhu cầu", at=vn(2026, 4, 2, 9))
        april = periods.month(2026, 4)
        assert march(world)["in_progress"] == 5 and march(world)["withdrawn"] == 0
        assert behind("in_progress") == behind("carried_over", april)
        assert figures.count(Dossier.objects.all(), april, as_of=april.end)["withdrawn"] == 1

    def test_a_running_month_counts_open_dossiers_now(self, world):
        dossier = world.counter(vn(2026, 3, 2, 9))
        now = dossier.promised_at - timedelta(hours=1)
        values = figures.count(Dossier.objects.all(), MARCH, as_of=now)
        assert values["in_progress_within"] == 1 and values["in_progress_overdue"] == 0
        assert figures.count(Dossier.objects.all(), MARCH, as_of=dossier.promised_at + MINUTE)["in_progress_overdue"] == 1


class TestClockRules:
    def test_waiting_for_a_supplement_is_not_overdue(self, world):
        dossier = world.to_processing(world.counter(vn(2026, 3, 2, 9)), vn(2026, 3, 2, 10))
        lifecycle.request_supplement(
            dossier=dossier, actor=world.staff[Role.HANDLER], items=["Bản sao CCCD"], reason="Thiếu giấy tờ", at=vn(2026, 3, 3, 9)
        )
        values = march(world)
        assert values["in_progress_within"] == 1 and values["in_progress_overdue"] == 0

    def test_supplemented_dossier_resolved_after_the_old_promise_is_on_time(self, world):
        dossier = world.to_processing(world.counter(vn(2026, 3, 2, 9)), vn(2026, 3, 2, 10))
        old_promise = dossier.promised_at
        dossier = lifecycle.request_supplement(
            dossier=dossier, actor=world.staff[Role.HANDLER], items=["Bản sao CCCD"], reason="Thiếu giấy tờ", at=vn(2026, 3, 3, 9)
        )
        dossier = lifecycle.supplement(dossier=dossier, actor=world.staff[Role.RECEPTION], at=vn(2026, 3, 16, 9))
        assert dossier.promised_at > old_promise + 7 * DAY
        world.resolve(dossier, vn(2026, 3, 18, 9))
        assert vn(2026, 3, 18, 9) > old_promise
        values = march(world)
        assert values["resolved_late"] == 0 and values["resolved_early"] + values["resolved_on_time"] == 1

    def test_overdue_before_the_pause_stays_overdue(self, world):
        dossier = world.to_processing(world.counter(vn(2026, 3, 2, 9)), vn(2026, 3, 2, 10))
        lifecycle.request_supplement(
            dossier=dossier, actor=world.staff[Role.HANDLER], items=["Bản vẽ"], reason="Thiếu", at=dossier.promised_at + DAY
        )
        assert march(world)["in_progress_overdue"] == 1

    def test_an_extension_moves_the_deadline(self, world):
        dossier = world.to_processing(world.counter(vn(2026, 3, 2, 9)), vn(2026, 3, 2, 10))
        new_promise = vn(2026, 3, 20, 17)
        dossier = lifecycle.extend(
            dossier=dossier, actor=world.staff[Role.LEADER], new_promised_at=new_promise, reason="Cần xác minh", at=vn(2026, 3, 3, 9)
        )
        # Past the first promise, still before the new one.
        world.resolve(dossier, vn(2026, 3, 18, 10))
        assert march(world) == only("new_counter", received=1, resolved=1, resolved_early=1)

    def test_extended_but_still_open_is_within_time_until_the_new_date(self, world):
        dossier = world.to_processing(world.counter(vn(2026, 3, 20, 9)), vn(2026, 3, 20, 10))
        lifecycle.extend(
            dossier=dossier, actor=world.staff[Role.LEADER], new_promised_at=vn(2026, 4, 10, 17), reason="Cần xác minh",
            at=vn(2026, 3, 23, 9),
        )
        assert march(world)["in_progress_within"] == 1


class TestTransfers:
    def _transferred(self, world):
        dossier = world.to_processing(world.counter(vn(2026, 3, 2, 9), version=world.transfer_version), vn(2026, 3, 2, 10))
        dossier = world.step(dossier, vn(2026, 3, 3, 9))
        return lifecycle.transfer(dossier=dossier, actor=world.staff[Role.HANDLER], to_agency=world.district, at=vn(2026, 3, 3, 10))

    def test_counted_once_for_the_receiving_commune(self, world):
        dossier = self._transferred(world)
        by_agency = march(world, by="agency")
        assert set(by_agency) == {world.commune.pk}
        assert by_agency[world.commune.pk]["in_progress"] == 1
        assert behind("in_progress") == {dossier.code}

    def test_resolved_after_the_transfer_comes_back(self, world):
        dossier = self._transferred(world)
        dossier = lifecycle.return_transfer(dossier=dossier, actor=world.district_staff[Role.HANDLER], at=vn(2026, 3, 4, 9))
        world.resolve(dossier, vn(2026, 3, 5, 9))
        assert march(world, by="agency")[world.commune.pk] == only("new_counter", received=1, resolved=1, resolved_early=1)


class TestGrouping:
    def test_by_field_procedure_and_level(self, world):
        from motcua.catalog.tests.factories import ProcedureVersionFactory

        other = ProcedureVersionFactory(procedure__owner=world.commune, agencies=[world.commune])
        world.counter(vn(2026, 3, 2, 9))
        world.counter(vn(2026, 3, 2, 10), version=other)
        world.counter(vn(2026, 3, 2, 11), version=other)
        by_field = march(world, by="field")
        assert {k: v["new_counter"] for k, v in by_field.items()} == {world.version.field_id: 1, other.field_id: 2}
        by_procedure = march(world, by="procedure")
        assert {k: v["received"] for k, v in by_procedure.items()} == {world.version.procedure_id: 1, other.procedure_id: 2}
        assert {k: v["received"] for k, v in march(world, by="level").items()} == {"commune": 3}


class TestLongerPeriods:
    def test_a_quarter_adds_up_its_months(self, world):
        carried = world.counter(vn(2025, 12, 29, 9))
        world.resolve(carried, vn(2026, 1, 5, 9))
        for month, day in ((1, 12), (2, 9), (3, 2), (3, 25)):
            dossier = world.counter(vn(2026, month, day, 9))
            if day < 20:
                world.resolve(dossier, vn(2026, month, day + 2, 9))
        quarter = periods.quarter(2026, 1)
        whole = figures.count(Dossier.objects.all(), quarter, as_of=quarter.end)
        months = [figures.count(Dossier.objects.all(), periods.month(2026, m), as_of=periods.month(2026, m).end) for m in (1, 2, 3)]
        for key in ("new_counter", "resolved", "resolved_early", "refused", "withdrawn"):
            assert whole[key] == sum(m[key] for m in months)
        assert whole["carried_over"] == months[0]["carried_over"] == 1
        assert whole["in_progress"] == months[2]["in_progress"] == 1
        assert_balanced(whole)


class TestObligation:
    def test_waiting_for_a_tax_is_not_overdue(self, world):
        dossier = world.to_processing(world.counter(vn(2026, 3, 2, 9)), vn(2026, 3, 2, 10))
        lifecycle.request_obligation(dossier=dossier, actor=world.staff[Role.HANDLER], note="Nộp thuế trước bạ", at=vn(2026, 3, 3, 9))
        values = march(world)
        assert values["in_progress_within"] == 1 and values["in_progress_overdue"] == 0
        assert behind("in_progress_within") == {dossier.code}
