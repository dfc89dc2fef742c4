"""The province's working calendar, built from settings and the admin-entered days."""

from django.conf import settings
from django.db.models import Count, Max

from motcua.workcalendar import OfficeHours, WorkingCalendar
from motcua.workdays.models import DayOverride

_built: dict[tuple, WorkingCalendar] = {}


def working_calendar() -> WorkingCalendar:
    """The calendar in force. Every process (web, worker) sees an admin's change at once:
    a one-row query fingerprints the overrides, and the calendar is rebuilt when it moves."""
    fingerprint = tuple(DayOverride.objects.aggregate(count=Count("pk"), latest=Max("updated_at")).values())
    calendar = _built.get(fingerprint)
    if calendar is None:
        overrides = list(DayOverride.objects.values_list("day", "kind"))
        calendar = WorkingCalendar(
            hours=OfficeHours(sessions=settings.OFFICE_HOURS, cutoff=settings.RECEIPT_CUTOFF),
            days_off=[day for day, kind in overrides if kind == DayOverride.Kind.DAY_OFF],
            working_days=[day for day, kind in overrides if kind == DayOverride.Kind.WORKING_DAY],
            timezone=settings.TIME_ZONE,
        )
        _built.clear()
        _built[fingerprint] = calendar
    return calendar
