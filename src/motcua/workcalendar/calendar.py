"""Working-time arithmetic for legal processing times.

Pure Python (stdlib and ``holidays``): no Django, no database. The dossier engine
builds a :class:`WorkingCalendar` from its settings and the admin-entered day swaps,
then asks it when the clock starts, when a quota ends and how much working time passed.

Times are computed on the wall clock of the calendar's timezone: a session from 7:30
to 11:30 always counts as four hours, which is how the law reads office hours.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

__all__ = ["ADDITIONAL_DAY_OFF_NAME", "OfficeHours", "WorkingCalendar"]

ADDITIONAL_DAY_OFF_NAME = "Ngày nghỉ bổ sung"
HOLIDAY_NAMES_LANGUAGE = "vi"

# A real calendar never goes ten years without a working day; a misconfigured one
# (every weekday a weekend, say) must fail loudly instead of looping forever.
MAX_DAYS_WITHOUT_WORK = 366 * 10

ONE_DAY = timedelta(days=1)
ONE_MICROSECOND = timedelta(microseconds=1)


def _as_date(day: date) -> date:
    # A datetime is a date too, but it would silently never match the date sets.
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(f"Expected a date, got {type(day).__name__}.")
    return day


def _is_naive_time(value: object) -> bool:
    return isinstance(value, time) and value.tzinfo is None


def _wall_clock_span(start: time, end: time) -> timedelta:
    return datetime.combine(date.min, end) - datetime.combine(date.min, start)


@dataclass(frozen=True)
class OfficeHours:
    """Daily office sessions (wall-clock times) and the receipt cut-off."""

    sessions: tuple[tuple[time, time], ...] = (
        (time(7, 30), time(11, 30)),
        (time(13, 0), time(17, 0)),
    )
    # A dossier received at or after the cut-off counts from the next working morning.
    cutoff: time | None = time(15, 0)

    def __post_init__(self) -> None:
        try:
            sessions = tuple(tuple(session) for session in self.sessions)
        except TypeError as error:
            raise ValueError(f"sessions must be (start, end) pairs of times, got {self.sessions!r}.") from error
        if not sessions:
            raise ValueError("OfficeHours needs at least one session.")
        previous_end: time | None = None
        for session in sessions:
            if len(session) != 2 or not all(_is_naive_time(t) for t in session):
                raise ValueError(f"Each session must be a (start, end) pair of naive times, got {session!r}.")
            start, end = session
            if start >= end:
                raise ValueError(f"Session {start:%H:%M}-{end:%H:%M} must start before it ends.")
            if previous_end is not None and start < previous_end:
                raise ValueError(
                    f"Sessions must be in order and must not overlap: {start:%H:%M} is before {previous_end:%H:%M}."
                )
            previous_end = end
        if self.cutoff is not None and not _is_naive_time(self.cutoff):
            raise ValueError(f"cutoff must be a naive time or None, got {self.cutoff!r}.")
        # Lists are accepted for convenience; storing a tuple keeps the instance hashable.
        object.__setattr__(self, "sessions", sessions)

    @property
    def day_length(self) -> timedelta:
        return sum((_wall_clock_span(start, end) for start, end in self.sessions), timedelta())


class WorkingCalendar:
    """Working days and office hours of one administration.

    A day's status is decided in this order: admin ``working_days`` (làm bù), admin
    ``days_off`` (nghỉ bù, Tết extensions), the public calendar of ``country`` (its
    holidays and the weekend days it declares worked), then ``weekend``.
    """

    def __init__(
        self,
        *,
        hours: OfficeHours = OfficeHours(),
        days_off: Iterable[date] = (),
        working_days: Iterable[date] = (),
        timezone: str = "Asia/Ho_Chi_Minh",
        weekend: frozenset[int] = frozenset({5, 6}),
        country: str = "VN",
    ) -> None:
        self.hours = hours
        self.days_off = frozenset(_as_date(day) for day in days_off)
        self.working_days = frozenset(_as_date(day) for day in working_days)
        self.weekend = frozenset(weekend)
        if not self.weekend <= set(range(7)):
            raise ValueError(f"weekend holds weekday numbers 0 (Monday) to 6 (Sunday), got {sorted(self.weekend)}.")
        try:
            self.timezone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"Unknown timezone {timezone!r}.") from error
        try:
            holidays.country_holidays(country)
        except NotImplementedError as error:
            raise ValueError(f"The holidays package has no calendar for country {country!r}.") from error
        self.country = country

    def __repr__(self) -> str:
        return (
            f"WorkingCalendar(country={self.country!r}, timezone={self.timezone.key!r}, "
            f"days_off={len(self.days_off)}, working_days={len(self.working_days)})"
        )

    # Days

    def is_working_day(self, day: date) -> bool:
        day = _as_date(day)
        if day in self.working_days:
            return True
        if day in self.days_off:
            return False
        public = _public_calendar(self.country, day.year)
        if day in public.worked_weekend_days:
            return True
        return day not in public.holidays and day.weekday() not in self.weekend

    def holiday_name(self, day: date) -> str | None:
        """Why ``day`` is off, for display; ``None`` for working days and plain weekends."""
        if self.is_working_day(day):
            return None
        public_name = _public_calendar(self.country, day.year).holidays.get(day)
        if public_name is not None:
            return public_name
        if day in self.days_off:
            return ADDITIONAL_DAY_OFF_NAME
        return None

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        return self._first_working_day_from(_as_date(day) + ONE_DAY)

    # Moments

    def next_working_moment(self, at: datetime) -> datetime:
        """``at`` itself when it is inside a session of a working day, else the next session start.

        Sessions are half-open: 11:30 belongs to the break, so it moves to 13:00.
        """
        local = self._to_local(at)
        day = self._first_working_day_from(local.date())
        for start, end in self._sessions_on(day):
            if local < end:
                return self._from_local(max(start, local))
        return self._from_local(self._opening(self.next_working_day(day)))

    def start_of_count(self, received_at: datetime) -> datetime:
        """When the legal clock starts for a dossier received at ``received_at``.

        Inside a session before the cut-off: at once. Before the first session of a
        working day: that morning. Otherwise (lunch break included, as the rule speaks
        of office hours): the first session of the next working day.
        """
        local = self._to_local(received_at)
        day = local.date()
        if self.is_working_day(day):
            cutoff = self.hours.cutoff
            in_session = any(start <= local < end for start, end in self._sessions_on(day))
            if in_session and (cutoff is None or local.time() < cutoff):
                return self._from_local(local)
            opening = self._opening(day)
            if local < opening:
                return self._from_local(opening)
        return self._from_local(self._opening(self.next_working_day(day)))

    def add_working_days(self, start: datetime, days: Decimal | int | str) -> datetime:
        """The moment ``days`` working days of office time after ``start``.

        A quota that ends exactly at a session end ends there (17:00, not 7:30 the next
        morning). Zero days gives ``next_working_moment(start)``.
        """
        day_length = self.hours.day_length
        remaining = self._duration(days, day_length)
        moment = self._to_local(self.next_working_moment(start))
        day = moment.date()
        while True:
            for session_start, session_end in self._sessions_on(day):
                begin = max(session_start, moment)
                if begin >= session_end:
                    continue
                if remaining <= session_end - begin:
                    return self._from_local(begin + remaining)
                remaining -= session_end - begin
            day = self.next_working_day(day)
            # Whole days are skipped without looking at their sessions, so long quotas stay cheap.
            while remaining > day_length:
                remaining -= day_length
                day = self.next_working_day(day)

    def add_calendar_days(self, start: datetime, days: Decimal | int | str) -> datetime:
        """``start`` plus ``days`` calendar days (0.5 is twelve hours).

        A limit that falls on a non-working day ends with the last session of the next
        working day (Civil Code 2015, art. 148).
        """
        limit = self._to_local(start) + self._duration(days, ONE_DAY)
        if self.is_working_day(limit.date()):
            return self._from_local(limit)
        return self._from_local(self._closing(self.next_working_day(limit.date())))

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Office time in ``[start, end)``; negative when ``end`` is before ``start``."""
        begin, finish = self._to_local(start), self._to_local(end)
        if end < start:
            return -self.working_time_between(end, start)
        total = timedelta()
        day = begin.date()
        while day <= finish.date():
            if self.is_working_day(day):
                for session_start, session_end in self._sessions_on(day):
                    overlap = min(session_end, finish) - max(session_start, begin)
                    if overlap > timedelta():
                        total += overlap
            day += ONE_DAY
        return total

    def working_days_between(self, start: datetime, end: datetime) -> Decimal:
        elapsed = self.working_time_between(start, end) // ONE_MICROSECOND
        return Decimal(elapsed) / Decimal(self.hours.day_length // ONE_MICROSECOND)

    # Internals: naive datetimes below are wall-clock times in self.timezone.

    def _first_working_day_from(self, day: date) -> date:
        for offset in range(MAX_DAYS_WITHOUT_WORK + 1):
            candidate = day + offset * ONE_DAY
            if self.is_working_day(candidate):
                return candidate
        raise ValueError(
            f"No working day in the {MAX_DAYS_WITHOUT_WORK} days from {day}: check weekend, days_off and country."
        )

    def _sessions_on(self, day: date) -> list[tuple[datetime, datetime]]:
        return [(datetime.combine(day, start), datetime.combine(day, end)) for start, end in self.hours.sessions]

    def _opening(self, day: date) -> datetime:
        return datetime.combine(day, self.hours.sessions[0][0])

    def _closing(self, day: date) -> datetime:
        return datetime.combine(day, self.hours.sessions[-1][1])

    def _to_local(self, at: datetime) -> datetime:
        if not isinstance(at, datetime):
            raise TypeError(f"Expected a datetime, got {type(at).__name__}.")
        if at.tzinfo is None or at.utcoffset() is None:
            raise ValueError(f"Naive datetime {at.isoformat()}: pass a timezone-aware datetime.")
        return at.astimezone(self.timezone).replace(tzinfo=None)

    def _from_local(self, local: datetime) -> datetime:
        return local.replace(tzinfo=self.timezone)

    @staticmethod
    def _duration(days: Decimal | int | str, unit: timedelta) -> timedelta:
        """``days`` times ``unit``, exact to the microsecond."""
        if isinstance(days, (bool, float)) or not isinstance(days, (Decimal, int, str)):
            # Floats cannot hold 0.1 exactly; a legal time limit must not drift.
            raise TypeError(f"days must be a Decimal, int or str, got {type(days).__name__}.")
        try:
            amount = Decimal(days)
        except InvalidOperation as error:
            raise ValueError(f"days must be a number, got {days!r}.") from error
        if not amount.is_finite() or amount < 0:
            raise ValueError(f"days must be a finite number >= 0, got {days!r}.")
        microseconds = (amount * (unit // ONE_MICROSECOND)).to_integral_value(ROUND_HALF_UP)
        return timedelta(microseconds=int(microseconds))


@dataclass(frozen=True)
class _PublicYear:
    holidays: Mapping[date, str]
    # Weekend days the government declares worked in exchange for a bridge day off.
    worked_weekend_days: frozenset[date]


@lru_cache(maxsize=512)
def _public_calendar(country: str, year: int) -> _PublicYear:
    """The public holidays of one year, computed on first use and shared by all calendars."""
    # Explicit, because by default the names follow the server's locale. Countries without
    # Vietnamese names keep their own language.
    public = holidays.country_holidays(country, years=year, language=HOLIDAY_NAMES_LANGUAGE)
    return _PublicYear(
        holidays=MappingProxyType(dict(public)),
        worked_weekend_days=frozenset(day for day in public.weekend_workdays if day.year == year),
    )
