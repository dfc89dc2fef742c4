from datetime import date

import pytest

from motcua.reports import periods


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2026-03", date(2026, 3, 1), date(2026, 3, 31)),
        ("2024-2", date(2024, 2, 1), date(2024, 2, 29)),
        ("2026-q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        (" 2026-03-01..2026-03-15 ", date(2026, 3, 1), date(2026, 3, 15)),
    ],
)
def test_reading_a_period(text, first, last):
    period = periods.parse(text)
    assert (period.first, period.last) == (first, last)
    assert period.start.isoformat() == f"{first.isoformat()}T00:00:00+07:00"


def test_previous_periods():
    assert periods.parse("2026-01").previous().key == "2025-12"
    assert periods.parse("2026-Q1").previous().key == "2025-Q4"
    assert periods.parse("2026").previous().key == "2025"
    assert periods.parse("2026-03-11..2026-03-20").previous().key == "2026-03-01..2026-03-10"


@pytest.mark.parametrize("text", ["2026-00", "2026-Q5", "abc", "2026-02-30..2026-03-01", "1999", "2026-03-02..2026-03-01", "2026-03;drop"])
def test_bad_periods_say_why(text):
    with pytest.raises(periods.BadPeriod) as caught:
        periods.parse(text)
    assert str(caught.value)


def test_nothing_written_means_this_month():
    assert periods.parse("") == periods.current_month()
