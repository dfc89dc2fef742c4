import json

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from motcua.accounts import permissions
from motcua.admin_site import ReadOnlyModelAdmin, site
from motcua.dossiers.models import Dossier
from motcua.nationalportal import sync
from motcua.nationalportal.models import Filing, NationalProcedure, Sync


def shown_json(value) -> str:
    return format_html("<pre>{}</pre>", json.dumps(value, ensure_ascii=False, indent=2))


class ByDossierAdmin(ReadOnlyModelAdmin):
    """Rows about dossiers: the province admin sees them all, anyone else those of the
    dossiers they may see."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if permissions.may_administer(request.user, None):
            return queryset
        return queryset.filter(dossier__in=permissions.visible_dossiers(request.user, Dossier.objects.all()).values("pk"))


@admin.register(Sync, site=site)
class SyncAdmin(ByDossierAdmin):
    """What the national portal was told about each dossier, how it answered, and "send
    again" for what it refused or could not receive. Written by dossier events only."""

    list_display = ["created_at", "dossier", "service", "national_status", "state", "attempts", "error_code", "error"]
    list_filter = ["state", "service", "national_status"]
    search_fields = ["dossier__code", "key", "error_code"]
    date_hierarchy = "created_at"
    list_select_related = ["dossier"]
    actions = ["send_again"]
    readonly_fields = [field.name for field in Sync._meta.fields if field.name != "payload"] + ["shown_payload"]
    exclude = ["payload"]

    @admin.display(description=_("dữ liệu gửi"))
    def shown_payload(self, record):
        return shown_json(record.payload)


    @admin.action(description=_("Gửi lại lên Cổng các bản ghi bị từ chối hoặc gửi không được"))
    def send_again(self, request, queryset):
        again = sync.send_again(queryset)
        self.message_user(
            request,
            ngettext("%(count)d bản ghi được đưa lại vào hàng gửi.", "%(count)d bản ghi được đưa lại vào hàng gửi.", again)
            % {"count": again},
        )
        if again < queryset.count():
            self.message_user(
                request, _("Chỉ gửi lại được bản ghi ở trạng thái “Cổng từ chối” hoặc “Gửi không được”."), messages.WARNING
            )


@admin.register(NationalProcedure, site=site)
class NationalProcedureAdmin(ReadOnlyModelAdmin):
    """The national procedure database as last read (manage.py import_national_catalog)."""

    list_display = ["code", "name", "listed", "checked_at"]
    list_filter = ["listed"]
    search_fields = ["code", "name"]
    readonly_fields = ["code", "name", "listed", "checked_at", "shown_record"]
    exclude = ["record"]

    @admin.display(description=_("nội dung trên CSDL quốc gia"))
    def shown_record(self, procedure):
        return shown_json(procedure.record)


@admin.register(Filing, site=site)
class FilingAdmin(ByDossierAdmin):
    """Dossiers filed on the national portal: taken in (with the dossier) or refused (with why)."""

    list_display = ["received_at", "portal_code", "outcome", "dossier", "reason", "answered_at"]
    list_filter = ["outcome"]
    search_fields = ["portal_code", "dossier__code"]
    list_select_related = ["dossier"]
    readonly_fields = ["portal_code", "outcome", "dossier", "reason", "received_at", "answered_at", "shown_record"]
    exclude = ["record"]

    @admin.display(description=_("dữ liệu Cổng gửi"))
    def shown_record(self, filing):
        return shown_json(filing.record)

