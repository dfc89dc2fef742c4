from django.contrib import admin

from motcua.accounts import permissions
from motcua.admin_site import ReadOnlyModelAdmin, site
from motcua.dossiers.models import Dossier
from motcua.portal.models import Rating


@admin.register(Rating, site=site)
class RatingAdmin(ReadOnlyModelAdmin):
    """Read only: ratings are written by applicants on the portal, and read here and by the reports."""

    list_display = ["dossier", "level", "at", "comment"]
    list_filter = ["level"]
    search_fields = ["dossier__code", "comment"]
    date_hierarchy = "at"
    list_select_related = ["dossier"]

    def get_queryset(self, request):
        visible = permissions.visible_dossiers(request.user, Dossier.objects.all())
        return super().get_queryset(request).filter(dossier__in=visible.values("pk"))
