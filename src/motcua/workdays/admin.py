from django.contrib import admin

from motcua.admin_site import SiteModelAdmin, site
from motcua.workdays.models import DayOverride


@admin.register(DayOverride, site=site)
class DayOverrideAdmin(SiteModelAdmin):
    """The province declares days off and working Saturdays; agency admins read them.
    workdays.selectors.working_calendar picks up each change at once."""

    list_display = ["day", "kind", "reason", "created_by", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["reason"]
    date_hierarchy = "day"
    fields = ["day", "kind", "reason", "created_by", "updated_at"]
    readonly_fields = ["created_by", "updated_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
