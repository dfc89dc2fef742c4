"""Hand-checked cases against the 2026 and 2027 Vietnamese calendars.

Public holidays as the ``holidays`` package (0.109) gives them for VN:
- 2026: 1/1 (Thu); Tết Mon 16 to Fri 20 Feb (weekends 14-15 and 21-22 Feb around it);
  Giỗ Tổ Sun 26 Apr, observed Mon 27 Apr; 30/4 (Thu) and 1/5 (Fri); National Day
  Tue 1 and Wed 2 Sep plus Mon 31 Aug, swapped for Saturday 22 Aug which is worked.
- 2027: Tết Thu 4 to Wed 10 Feb, including the weekend 6-7 Feb; Thu 11 Feb is the first
  working day after it.
Default office hours: 7:30-11:30 and 13:00-17:00 (8 hours), cut-off 15:00.
"""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from motcua.workcalendar import ADDITIONAL_DAY_OFF_NAME, OfficeHours, WorkingCalendar

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VIETNAM)


@pytest.fixture
def calendar() -> WorkingCalendar:
    return WorkingCalendar()


class TestOfficeHours:
    def test_default_day_is_eight_hours(self):
        assert OfficeHours().day_length == timedelta(hours=8)

    def test_day_length_sums_custom_sessions(self):
        hours = OfficeHours(sessions=((time(8), time(12)), (time(13, 30), time(16, 45))))
        assert hours.day_length == timedelta(hours=7, minutes=15)

    def test_sessions_given_as_lists_are_stored_as_tuples(self):
        hours = OfficeHours(sessions=[[time(8), time(12)]])
        assert hours.sessions == ((time(8), time(12)),)
        assert hash(hours) == hash(OfficeHours(sessions=((time(8), time(12)),)))

    @pytest.mark.parametrize(
        "sessions",
        [
            (),
            ((time(12), time(8)),),
            ((time(8), time(8)),),
            ((time(13), time(17)), (time(7, 30), time(11, 30))),
            ((time(7, 30), time(12)), (time(11, 30), time(17))),
            ((time(8), time(12), time(13)),),
            (time(8), time(12)),
            ((time(8, tzinfo=UTC), time(12, tzinfo=UTC)),),
        ],
        ids=["empty", "reversed", "zero-length", "out-of-order", "overlapping", "triple", "flat", "aware"],
    )
    def test_invalid_sessions_are_refused(self, sessions):
        with pytest.raises(ValueError):
            OfficeHours(sessions=sessions)

    def test_touching_sessions_are_allowed(self):
        hours = OfficeHours(sessions=((time(8), time(12)), (time(12), time(16))))
        assert hours.day_length == timedelta(hours=8)

    def test_cutoff_must_be_a_time(self):
        with pytest.raises(ValueError):
            OfficeHours(cutoff="15:00")


class TestWorkingDays:
    @pytest.mark.parametrize(
        "day",
        [
            date(2026, 1, 1),
            *(date(2026, 2, d) for d in range(16, 21)),
            date(2026, 4, 27),
            date(2026, 4, 30),
            date(2026, 5, 1),
            date(2026, 8, 31),
            date(2026, 9, 1),
            date(2026, 9, 2),
            *(date(2027, 2, d) for d in range(4, 11)),
        ],
    )
    def test_public_holidays_are_off(self, calendar, day):
        assert not calendar.is_working_day(day)
        assert calendar.holiday_name(day)

    def test_weekend_is_off_without_a_holiday_name(self, calendar):
        assert not calendar.is_working_day(date(2026, 3, 7))  # Saturday
        assert calendar.holiday_name(date(2026, 3, 7)) is None

    def test_holiday_names_are_vietnamese(self, calendar):
        assert calendar.holiday_name(date(2026, 2, 17)) == "Tết Nguyên Đán"
        assert calendar.holiday_name(date(2026, 4, 26)) == "Ngày Giỗ Tổ Hùng Vương"

    def test_saturday_swapped_by_the_government_is_worked(self, calendar):
        # The package gives Mon 31 Aug 2026 off "thay cho ngày 22/08/2026".
        assert calendar.is_working_day(date(2026, 8, 22))

    def test_admin_day_off_and_make_up_saturday(self):
        calendar = WorkingCalendar(days_off=[date(2026, 1, 2)], working_days=[date(2026, 1, 10)])
        assert not calendar.is_working_day(date(2026, 1, 2))
        assert calendar.holiday_name(date(2026, 1, 2)) == ADDITIONAL_DAY_OFF_NAME
        assert calendar.is_working_day(date(2026, 1, 10))
        assert calendar.holiday_name(date(2026, 1, 10)) is None

    def test_admin_day_off_on_a_public_holiday_keeps_the_public_name(self):
        calendar = WorkingCalendar(days_off=[date(2026, 1, 1)])
        assert calendar.holiday_name(date(2026, 1, 1)) == "Tết Dương lịch"

    def test_make_up_day_wins_over_a_holiday_and_an_admin_day_off(self):
        calendar = WorkingCalendar(days_off=[date(2026, 2, 16)], working_days=[date(2026, 2, 16)])
        assert calendar.is_working_day(date(2026, 2, 16))

    def test_next_working_day_skips_tet_2026(self, calendar):
        assert calendar.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)

    def test_next_working_day_skips_tet_2027(self, calendar):
        assert calendar.next_working_day(date(2027, 2, 3)) == date(2027, 2, 11)

    def test_next_working_day_is_strictly_after(self, calendar):
        assert calendar.next_working_day(date(2026, 3, 9)) == date(2026, 3, 10)

    def test_datetime_is_not_taken_for_a_date(self, calendar):
        with pytest.raises(TypeError):
            calendar.is_working_day(at(2026, 3, 9, 9))


class TestStartOfCount:
    def test_received_in_the_morning_counts_at_once(self, calendar):
        assert calendar.start_of_count(at(2026, 3, 11, 9, 15)) == at(2026, 3, 11, 9, 15)

    def test_received_just_before_the_cutoff_counts_at_once(self, calendar):
        assert calendar.start_of_count(at(2026, 3, 11, 14, 59)) == at(2026, 3, 11, 14, 59)

    def test_received_at_the_cutoff_counts_from_next_morning(self, calendar):
        assert calendar.start_of_count(at(2026, 3, 11, 15, 0)) == at(2026, 3, 12, 7, 30)

    def test_received_after_the_cutoff_on_the_friday_before_tet_counts_after_tet(self, calendar):
        # Fri 13 Feb 2026 15:30; Sat 14 to Sun 22 Feb are off.
        assert calendar.start_of_count(at(2026, 2, 13, 15, 30)) == at(2026, 2, 23, 7, 30)

    def test_received_on_a_saturday_counts_from_monday_morning(self, calendar):
        assert calendar.start_of_count(at(2026, 3, 7, 10, 0)) == at(2026, 3, 9, 7, 30)

    def test_received_at_lunch_counts_from_next_morning(self, calendar):
        # The lunch break is outside office hours, so the rule sends it to the next morning.
        assert calendar.start_of_count(at(2026, 3, 11, 12, 0)) == at(2026, 3, 12, 7, 30)
        assert calendar.start_of_count(at(2026, 3, 11, 11, 30)) == at(2026, 3, 12, 7, 30)

    def test_received_before_opening_counts_from_that_morning(self, calendar):
        assert calendar.start_of_count(at(2026, 3, 11, 6, 45)) == at(2026, 3, 11, 7, 30)

    def test_received_in_the_evening_counts_from_next_morning(self, calendar):
        assert calendar.start_of_count(at(2026, 3, 11, 20, 0)) == at(2026, 3, 12, 7, 30)

    def test_without_cutoff_the_afternoon_counts_at_once(self):
        calendar = WorkingCalendar(hours=OfficeHours(cutoff=None))
        assert calendar.start_of_count(at(2026, 3, 11, 16, 30)) == at(2026, 3, 11, 16, 30)

    def test_received_in_utc_is_read_in_vietnam_time(self, calendar):
        received = datetime(2026, 3, 11, 8, 30, tzinfo=UTC)  # 15:30 in Hanoi
        start = calendar.start_of_count(received)
        assert start == at(2026, 3, 12, 7, 30)
        assert start.tzinfo == VIETNAM


class TestNextWorkingMoment:
    def test_inside_a_session_stays(self, calendar):
        assert calendar.next_working_moment(at(2026, 3, 11, 10, 0)) == at(2026, 3, 11, 10, 0)

    def test_session_end_moves_to_the_next_session(self, calendar):
        assert calendar.next_working_moment(at(2026, 3, 11, 11, 30)) == at(2026, 3, 11, 13, 0)
        assert calendar.next_working_moment(at(2026, 3, 11, 17, 0)) == at(2026, 3, 12, 7, 30)

    def test_weekend_moves_to_monday_opening(self, calendar):
        assert calendar.next_working_moment(at(2026, 3, 8, 9, 0)) == at(2026, 3, 9, 7, 30)


class TestAddWorkingDays:
    def test_one_day_from_opening_ends_at_closing_not_next_morning(self, calendar):
        assert calendar.add_working_days(at(2026, 3, 9, 7, 30), 1) == at(2026, 3, 9, 17, 0)

    def test_half_day_from_opening_ends_at_lunch(self, calendar):
        assert calendar.add_working_days(at(2026, 3, 9, 7, 30), Decimal("0.5")) == at(2026, 3, 9, 11, 30)

    def test_half_day_over_lunch(self, calendar):
        # 10:00-11:30 is 1.5 h, the other 2.5 h run from 13:00.
        assert calendar.add_working_days(at(2026, 3, 9, 10, 0), "0.5") == at(2026, 3, 9, 15, 30)

    def test_half_day_over_the_evening(self, calendar):
        # 14:00-17:00 is 3 h, the last hour runs from 7:30 the next morning.
        assert calendar.add_working_days(at(2026, 3, 9, 14, 0), "0.5") == at(2026, 3, 10, 8, 30)

    def test_fifteen_days_straddling_tet_2026(self, calendar):
        # From Tue 10 Feb 9:00, each working day ends at 9:00 on the next one: 11, 12, 13 Feb,
        # then (Tết) 23-27 Feb, 2-6 Mar, 9 and 10 Mar is the 15th.
        assert calendar.add_working_days(at(2026, 2, 10, 9, 0), 15) == at(2026, 3, 10, 9, 0)

    def test_one_day_straddling_tet_2027(self, calendar):
        # Wed 3 Feb 13:00-17:00 is half the day; Thu 4 to Wed 10 Feb are off; 11 Feb 7:30-11:30.
        assert calendar.add_working_days(at(2027, 2, 3, 13, 0), 1) == at(2027, 2, 11, 11, 30)

    def test_three_days_over_gio_to_and_30_april_2026(self, calendar):
        # From Fri 24 Apr: 25-27 off (weekend, observed Giỗ Tổ), 28 and 29 worked,
        # 30 Apr to 3 May off, so Mon 4 May is the third day.
        assert calendar.add_working_days(at(2026, 4, 24, 9, 0), 3) == at(2026, 5, 4, 9, 0)

    def test_two_days_over_national_day_2026(self, calendar):
        # From Fri 28 Aug: weekend, Mon 31 Aug, 1 and 2 Sep off; Thu 3 and Fri 4 Sep.
        assert calendar.add_working_days(at(2026, 8, 28, 9, 0), 2) == at(2026, 9, 4, 9, 0)

    def test_government_make_up_saturday_is_counted(self, calendar):
        assert calendar.add_working_days(at(2026, 8, 21, 9, 0), 1) == at(2026, 8, 22, 9, 0)

    def test_admin_day_off_and_make_up_saturday_are_counted(self):
        calendar = WorkingCalendar(days_off=[date(2026, 1, 2)], working_days=[date(2026, 1, 10)])
        # Thu 1 Jan holiday, Fri 2 Jan admin day off: Mon 5, Tue 6, Wed 7 Jan.
        assert calendar.add_working_days(at(2025, 12, 31, 9, 0), 3) == at(2026, 1, 7, 9, 0)
        # Fri 9 Jan, then the make-up Saturday 10 Jan.
        assert calendar.add_working_days(at(2026, 1, 8, 9, 0), 2) == at(2026, 1, 10, 9, 0)
        assert WorkingCalendar().add_working_days(at(2026, 1, 8, 9, 0), 2) == at(2026, 1, 12, 9, 0)

    def test_sixty_days_from_monday_opening(self, calendar):
        # Working days from Mon 5 Jan 2026: 20 in January, Feb 2-13 and 23-27 make 35,
        # 2-27 Mar make 55, 30-31 Mar 57, and Fri 3 Apr is the 60th.
        assert calendar.add_working_days(at(2026, 1, 5, 7, 30), 60) == at(2026, 4, 3, 17, 0)

    def test_zero_days_is_the_next_working_moment(self, calendar):
        assert calendar.add_working_days(at(2026, 3, 7, 10, 0), 0) == at(2026, 3, 9, 7, 30)
        assert calendar.add_working_days(at(2026, 3, 9, 10, 0), 0) == at(2026, 3, 9, 10, 0)

    def test_start_on_a_weekend_begins_on_monday(self, calendar):
        assert calendar.add_working_days(at(2026, 3, 7, 10, 0), 1) == at(2026, 3, 9, 17, 0)

    def test_result_is_in_the_calendar_timezone(self, calendar):
        result = calendar.add_working_days(datetime(2026, 3, 9, 0, 30, tzinfo=UTC), 1)
        assert result == at(2026, 3, 9, 17, 0)
        assert result.tzinfo == VIETNAM

    @pytest.mark.parametrize("days", [-1, Decimal("-0.5"), "abc", "NaN", "Infinity"])
    def test_invalid_days_are_refused(self, calendar, days):
        with pytest.raises(ValueError):
            calendar.add_working_days(at(2026, 3, 9, 9, 0), days)

    @pytest.mark.parametrize("days", [0.5, True, None])
    def test_floats_and_other_types_are_refused(self, calendar, days):
        with pytest.raises(TypeError):
            calendar.add_working_days(at(2026, 3, 9, 9, 0), days)

    def test_naive_datetime_is_refused(self, calendar):
        with pytest.raises(ValueError):
            calendar.add_working_days(datetime(2026, 3, 9, 9, 0), 1)

    def test_custom_single_session(self):
        calendar = WorkingCalendar(hours=OfficeHours(sessions=((time(8), time(12)),), cutoff=None))
        # A 4-hour day: from Mon 10:00, 2 h on Monday and 2 h on Tuesday.
        assert calendar.add_working_days(at(2026, 3, 9, 10, 0), 1) == at(2026, 3, 10, 10, 0)


class TestAddCalendarDays:
    def test_ending_on_a_working_day_keeps_the_time(self, calendar):
        assert calendar.add_calendar_days(at(2026, 3, 2, 10, 0), 3) == at(2026, 3, 5, 10, 0)

    def test_ending_on_a_sunday_moves_to_monday_closing(self, calendar):
        assert calendar.add_calendar_days(at(2026, 3, 2, 7, 30), 6) == at(2026, 3, 9, 17, 0)

    def test_ending_in_tet_moves_to_closing_of_the_first_day_after(self, calendar):
        assert calendar.add_calendar_days(at(2026, 2, 10, 9, 0), 7) == at(2026, 2, 23, 17, 0)

    def test_half_a_calendar_day_is_twelve_hours(self, calendar):
        assert calendar.add_calendar_days(at(2026, 3, 2, 10, 0), "0.5") == at(2026, 3, 2, 22, 0)


class TestWorkingTimeBetween:
    def test_across_a_weekend(self, calendar):
        # Fri 15:00-17:00 and Mon 7:30-9:00.
        start, end = at(2026, 3, 6, 15, 0), at(2026, 3, 9, 9, 0)
        assert calendar.working_time_between(start, end) == timedelta(hours=3, minutes=30)
        assert calendar.working_days_between(start, end) == Decimal("0.4375")

    def test_reversed_interval_is_negative(self, calendar):
        start, end = at(2026, 3, 6, 15, 0), at(2026, 3, 9, 9, 0)
        assert calendar.working_time_between(end, start) == -timedelta(hours=3, minutes=30)

    def test_lunch_break_does_not_count(self, calendar):
        # 11:00-11:30 and 13:00-14:00.
        elapsed = calendar.working_time_between(at(2026, 3, 9, 11, 0), at(2026, 3, 9, 14, 0))
        assert elapsed == timedelta(hours=1, minutes=30)

    def test_across_tet_2026(self, calendar):
        # Fri 13 Feb 9:00 to Mon 23 Feb 9:00 is one working day.
        assert calendar.working_days_between(at(2026, 2, 13, 9, 0), at(2026, 2, 23, 9, 0)) == 1


class TestMisconfiguration:
    def test_calendar_without_working_days_raises_instead_of_looping(self):
        # Not VN: its government-worked Saturdays would be working days even here.
        calendar = WorkingCalendar(weekend=frozenset(range(7)), country="US")
        with pytest.raises(ValueError, match="No working day"):
            calendar.next_working_day(date(2026, 3, 9))
        with pytest.raises(ValueError, match="No working day"):
            calendar.add_working_days(at(2026, 3, 9, 9, 0), 1)

    @pytest.mark.parametrize(
        "options",
        [{"weekend": frozenset({7})}, {"timezone": "Mars/Olympus"}, {"country": "XX"}],
        ids=["weekday-number", "timezone", "country"],
    )
    def test_invalid_options_are_refused(self, options):
        with pytest.raises(ValueError):
            WorkingCalendar(**options)
