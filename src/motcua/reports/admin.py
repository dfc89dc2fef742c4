from django.contrib import admin

from motcua.admin_site import SiteModelAdmin, site
from motcua.reports.models import IndicatorSetting


@admin.register(IndicatorSetting, site=site)
class IndicatorSettingAdmin(SiteModelAdmin):
    """The quality index is the province's yardstick: agency admins read it, the province
    admin changes it. One row per indicator, seeded with the defaults by the migration."""

    list_display = ["__str__", "weight", "full_at"]
    readonly_fields = ["code"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
