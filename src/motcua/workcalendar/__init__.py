"""Working days, office hours and legal time limits (pure Python, no Django)."""

from motcua.workcalendar.calendar import ADDITIONAL_DAY_OFF_NAME, OfficeHours, WorkingCalendar

__all__ = ["ADDITIONAL_DAY_OFF_NAME", "OfficeHours", "WorkingCalendar"]
