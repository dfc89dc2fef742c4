"""The working calendar in force follows the days the province enters, at once."""

from datetime import date

import pytest

from motcua.workdays.models import DayOverride
from motcua.workdays.selectors import working_calendar

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)
SATURDAY = date(2026, 3, 7)


def test_a_new_day_off_applies_at_once():
    assert working_calendar().is_working_day(MONDAY)

    DayOverride.objects.create(day=MONDAY, kind=DayOverride.Kind.DAY_OFF, reason="Nghỉ bù theo Thông báo 123/TB-VPCP")

    assert not working_calendar().is_working_day(MONDAY)


def test_a_new_working_saturday_applies_at_once():
    assert not working_calendar().is_working_day(SATURDAY)

    DayOverride.objects.create(day=SATURDAY, kind=DayOverride.Kind.WORKING_DAY, reason="Làm bù cho ngày 2/3")

    assert working_calendar().is_working_day(SATURDAY)


def test_an_edited_day_applies_at_once():
    override = DayOverride.objects.create(day=SATURDAY, kind=DayOverride.Kind.WORKING_DAY, reason="Làm bù")
    assert working_calendar().is_working_day(SATURDAY)

    override.kind = DayOverride.Kind.DAY_OFF
    override.save()

    assert not working_calendar().is_working_day(SATURDAY)


def test_a_removed_day_applies_at_once():
    override = DayOverride.objects.create(day=MONDAY, kind=DayOverride.Kind.DAY_OFF, reason="Nhập nhầm")
    assert not working_calendar().is_working_day(MONDAY)

    override.delete()

    assert working_calendar().is_working_day(MONDAY)


def test_the_calendar_is_reused_while_nothing_changes(django_assert_num_queries):
    DayOverride.objects.create(day=MONDAY, kind=DayOverride.Kind.DAY_OFF, reason="Nghỉ bù")
    built = working_calendar()

    with django_assert_num_queries(1):
        assert working_calendar() is built
