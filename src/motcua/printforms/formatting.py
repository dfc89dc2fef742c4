"""How the official forms write times, dates, money and places (pure: no Django)."""

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

# The forms are read in Vietnam whatever the server's clock says.
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

_PLACE = re.compile(r"\b(?:tỉnh|thành phố|thị xã|thị trấn|huyện|quận|phường|xã)\s+(.+)$", re.IGNORECASE)


def local(moment: datetime) -> datetime:
    return moment.astimezone(VIETNAM)


def moment(value: datetime | None) -> str:
    """14 giờ 30 phút, ngày 02/03/2026"""
    if value is None:
        return ""
    value = local(value)
    return f"{value:%H} giờ {value:%M} phút, ngày {value:%d/%m/%Y}"


def day(value: datetime | date | None) -> str:
    """02/03/2026"""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local(value)
    return f"{value:%d/%m/%Y}"


def short_moment(value: datetime | None) -> str:
    """14:30 02/03/2026, for table cells."""
    if value is None:
        return ""
    return f"{local(value):%H:%M %d/%m/%Y}"


def dated_at(place: str, value: datetime | date) -> str:
    """The place-and-date line of an official document: Phú Cường, ngày 02 tháng 03 năm 2026"""
    if isinstance(value, datetime):
        value = local(value)
    return f"{place}, ngày {value:%d} tháng {value:%m} năm {value:%Y}"


def money(amount: int) -> str:
    """50.000 đồng"""
    return f"{amount:,} đồng".replace(",", ".")


def quantity(value: Decimal) -> str:
    """5, 0,5 or 2,5: Vietnamese decimal comma, no trailing zeros."""
    text = f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)
    return text.replace(".", ",")


def place_name(*names: str) -> str:
    """The place an agency writes on its documents, read from its name or, failing that, the
    names of the units above it: “UBND phường Phú Cường” → “Phú Cường”."""
    for name in names:
        found = _PLACE.search(name or "")
        if found:
            return found.group(1).strip()
    return names[0] if names else ""
