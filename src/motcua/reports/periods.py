"""Reporting periods: a month, a quarter, a year or any run of days, in Vietnamese time.

A period is written in one query parameter, `ky`: `2026-03` (a month), `2026-Q1` (a quarter),
`2026` (a year) or `2026-03-01..2026-03-15` (from one day to another, both included).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# Reports start with the platform; a period before that or far ahead is a typing error.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


class BadPeriod(ValueError):
    """The period cannot be read; the message says how to write it, in Vietnamese."""


@dataclass(frozen=True)
class Period:
    first: date
    last: date  # included
    key: str

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time.min, tzinfo=VIETNAM)

    @property
    def end(self) -> datetime:
        """The first moment after the period."""
        return datetime.combine(self.last + timedelta(days=1), time.min, tzinfo=VIETNAM)

    def as_of(self, now: datetime | None = None) -> datetime:
        """The moment the period's open dossiers are counted: its end, or now while it runs."""
        return min(self.end, now or timezone.now())

    @property
    def label(self) -> str:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}", self.key):
            return _("Tháng %(month)s năm %(year)s") % {"month": f"{self.first.month:02d}", "year": self.first.year}
        if re.fullmatch(r"[0-9]{4}-Q[0-9]", self.key):
            return _("Quý %(quarter)s năm %(year)s") % {"quarter": (self.first.month + 2) // 3, "year": self.first.year}
        if re.fullmatch(r"[0-9]{4}", self.key):
            return _("Năm %(year)s") % {"year": self.first.year}
        return _("Từ ngày %(first)s đến ngày %(last)s") % {
            "first": self.first.strftime("%d/%m/%Y"),
            "last": self.last.strftime("%d/%m/%Y"),
        }

    def previous(self) -> "Period":
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}", self.key):
            return month(self.first.year - (self.first.month == 1), 12 if self.first.month == 1 else self.first.month - 1)
        if re.fullmatch(r"[0-9]{4}-Q[0-9]", self.key):
            q = (self.first.month + 2) // 3
            return quarter(self.first.year - (q == 1), 4 if q == 1 else q - 1)
        if re.fullmatch(r"[0-9]{4}", self.key):
            return year(self.first.year - 1)
        length = self.last - self.first
        return days(self.first - length - timedelta(days=1), self.first - timedelta(days=1))


def _check_year(value: int) -> int:
    if not EARLIEST_YEAR <= value <= LATEST_YEAR:
        raise BadPeriod(_("Năm %(year)s nằm ngoài khoảng báo cáo được (%(first)s–%(last)s).") % {
            "year": value, "first": EARLIEST_YEAR, "last": LATEST_YEAR,
        })
    return value


def month(y: int, m: int) -> Period:
    _check_year(y)
    if not 1 <= m <= 12:
        raise BadPeriod(_("Tháng phải từ 1 đến 12."))
    following = date(y + (m == 12), 1 if m == 12 else m + 1, 1)
    return Period(date(y, m, 1), following - timedelta(days=1), f"{y:04d}-{m:02d}")


def quarter(y: int, q: int) -> Period:
    _check_year(y)
    if not 1 <= q <= 4:
        raise BadPeriod(_("Quý phải từ 1 đến 4."))
    first = month(y, 3 * q - 2)
    return Period(first.first, month(y, 3 * q).last, f"{y:04d}-Q{q}")


def year(y: int) -> Period:
    _check_year(y)
    return Period(date(y, 1, 1), date(y, 12, 31), f"{y:04d}")


def days(first: date, last: date) -> Period:
    _check_year(first.year)
    _check_year(last.year)
    if last < first:
        raise BadPeriod(_("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
    return Period(first, last, f"{first.isoformat()}..{last.isoformat()}")


def current_month(now: datetime | None = None) -> Period:
    today = timezone.localtime(now or timezone.now(), VIETNAM).date()
    return month(today.year, today.month)


def parse(value: str | None, *, default: Period | None = None) -> Period:
    """The period written as `value`; `default` (this month) when nothing is written."""
    text = (value or "").strip().upper()
    if not text:
        return default or current_month()
    try:
        if m := re.fullmatch(r"([0-9]{4})-([0-9]{1,2})", text):
            return month(int(m[1]), int(m[2]))
        if m := re.fullmatch(r"([0-9]{4})-Q([0-9])", text):
            return quarter(int(m[1]), int(m[2]))
        if m := re.fullmatch(r"[0-9]{4}", text):
            return year(int(text))
        if m := re.fullmatch(r"([0-9]{4}-[0-9]{2}-[0-9]{2})\.\.([0-9]{4}-[0-9]{2}-[0-9]{2})", text):
            return days(date.fromisoformat(m[1]), date.fromisoformat(m[2]))
    except ValueError as error:
        if isinstance(error, BadPeriod):
            raise
        raise BadPeriod(_("Kỳ báo cáo “%(value)s” có ngày không hợp lệ.") % {"value": value}) from error
    raise BadPeriod(
        _("Không đọc được kỳ báo cáo “%(value)s”: viết 2026-03 (tháng), 2026-Q1 (quý), 2026 (năm) "
          "hoặc 2026-03-01..2026-03-15 (từ ngày đến ngày).") % {"value": value[:40]}
    )
