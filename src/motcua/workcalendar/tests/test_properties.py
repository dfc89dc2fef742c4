"""Properties that must hold for any calendar: random office hours, weekends, admin days
off and make-up days, with moments given in several timezones."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.workcalendar import OfficeHours, WorkingCalendar

properties = settings(max_examples=150, deadline=None)

FIRST_DAY, LAST_DAY = date(2025, 1, 1), date(2027, 12, 31)

dates = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)
moments = st.datetimes(
    min_value=datetime.combine(FIRST_DAY, time()),
    max_value=datetime.combine(LAST_DAY, time()),
    timezones=st.sampled_from([ZoneInfo("Asia/Ho_Chi_Minh"), UTC, ZoneInfo("America/New_York")]),
)
quotas = st.integers(min_value=0, max_value=30) | st.decimals(min_value=0, max_value=30, places=2)
positive_quotas = quotas.filter(lambda days: days > 0)


@st.composite
def office_hours(draw) -> OfficeHours:
    if draw(st.booleans()):
        return OfficeHours()
    count = draw(st.integers(min_value=1, max_value=3))
    minutes_of_day = st.integers(0, 24 * 60 - 1)
    boundaries = sorted(draw(st.lists(minutes_of_day, min_size=2 * count, max_size=2 * count, unique=True)))
    as_time = [time(minute // 60, minute % 60) for minute in boundaries]
    sessions = tuple(zip(as_time[::2], as_time[1::2], strict=True))
    return OfficeHours(sessions=sessions, cutoff=draw(st.none() | st.times()))


@st.composite
def calendars(draw) -> WorkingCalendar:
    return WorkingCalendar(
        hours=draw(office_hours()),
        days_off=draw(st.sets(dates, max_size=20)),
        working_days=draw(st.sets(dates, max_size=10)),
        # At most five weekend days, so no random calendar runs out of working days.
        weekend=draw(st.just(frozenset({5, 6})) | st.frozensets(st.integers(0, 6), max_size=5)),
    )


def quota_as_time(calendar: WorkingCalendar, days: Decimal | int) -> timedelta:
    microseconds = Decimal(days) * (calendar.hours.day_length // timedelta(microseconds=1))
    return timedelta(microseconds=int(microseconds))


def is_in_session_or_at_its_end(calendar: WorkingCalendar, moment: datetime) -> bool:
    local = moment.astimezone(calendar.timezone)
    return calendar.is_working_day(local.date()) and any(
        start <= local.time() <= end for start, end in calendar.hours.sessions
    )


@properties
@given(calendars(), moments, quotas)
def test_quota_ends_in_a_session_or_at_its_end_never_before_start(calendar, start, days):
    end = calendar.add_working_days(start, days)
    assert end >= start
    assert is_in_session_or_at_its_end(calendar, end)
    assert end.tzinfo == calendar.timezone


@properties
@given(calendars(), moments, quotas)
def test_working_time_up_to_the_deadline_is_the_quota(calendar, start, days):
    end = calendar.add_working_days(start, days)
    assert calendar.working_time_between(start, end) == quota_as_time(calendar, days)
    assert calendar.working_days_between(start, end) == Decimal(days)


@properties
@given(calendars(), moments, quotas, positive_quotas)
def test_adding_in_two_steps_equals_adding_once(calendar, moment, first, second):
    # ``second`` is positive: adding zero days moves a deadline that sits at a session end
    # to the next session start, which adding once does not do.
    start = calendar.next_working_moment(moment)
    in_two_steps = calendar.add_working_days(calendar.add_working_days(start, first), second)
    assert in_two_steps == calendar.add_working_days(start, Decimal(first) + Decimal(second))


@properties
@given(calendars(), moments, moments, moments)
def test_working_time_is_additive_and_antisymmetric(calendar, first, middle, last):
    whole = calendar.working_time_between(first, last)
    assert whole == calendar.working_time_between(first, middle) + calendar.working_time_between(middle, last)
    assert calendar.working_time_between(last, first) == -whole
    assert whole >= timedelta() if last >= first else whole <= timedelta()


@properties
@given(calendars(), moments)
def test_next_working_moment_is_idempotent_and_skips_no_working_time(calendar, moment):
    working_moment = calendar.next_working_moment(moment)
    assert calendar.next_working_moment(working_moment) == working_moment
    assert working_moment >= moment
    assert calendar.working_time_between(moment, working_moment) == timedelta()


@properties
@given(calendars(), moments)
def test_counting_starts_at_a_working_moment_not_before_receipt(calendar, received_at):
    start = calendar.start_of_count(received_at)
    assert start >= received_at
    assert calendar.next_working_moment(start) == start


@properties
@given(
    st.sets(dates, max_size=30),
    st.sets(dates, max_size=30),
    st.frozensets(st.integers(0, 6), max_size=5),
    dates,
)
def test_admin_days_override_the_public_calendar(days_off, working_days, weekend, other_day):
    calendar = WorkingCalendar(days_off=days_off, working_days=working_days, weekend=weekend)
    assert all(calendar.is_working_day(day) for day in working_days)
    assert not any(calendar.is_working_day(day) for day in days_off - working_days)
    if other_day not in days_off | working_days:
        public_only = WorkingCalendar(weekend=weekend)
        assert calendar.is_working_day(other_day) == public_only.is_working_day(other_day)
