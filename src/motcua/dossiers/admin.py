from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from motcua.accounts import permissions
from motcua.admin_site import ReadOnlyInline, ReadOnlyModelAdmin, site
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent, DossierNote


class DocumentInline(ReadOnlyInline):
    model = DossierDocument
    fields = ["name", "kind", "originals", "copies", "stored_file", "added_at"]

    @admin.display(description=_("tệp đính kèm"))
    def stored_file(self, document):
        # A stored file has no address of its own: the back office's download checks who asks.
        if not document.file:
            return "–"
        url = reverse("backoffice:dossier_document", args=[document.dossier.code, document.pk])
        return format_html('<a href="{}">{}</a>', url, document.download_name)


class NoteInline(ReadOnlyInline):
    model = DossierNote
    fields = ["at", "author", "text"]


class EventInline(ReadOnlyInline):
    model = DossierEvent
    fields = ["sequence", "at", "action", "actor", "from_state", "to_state", "to_agency", "receiver", "due_at", "timing", "note"]


@admin.register(Dossier, site=site)
class DossierAdmin(ReadOnlyModelAdmin):
    """For looking up dossiers only: the lifecycle (dossiers.lifecycle) is their one writer."""

    list_display = ["code", "applicant_name", "procedure_version", "state", "current_agency", "promised_at", "timing"]
    list_select_related = ["procedure_version__procedure", "current_agency"]
    list_filter = ["state", "channel", "timing"]
    search_fields = ["code", "applicant_name", "applicant_id_number"]
    date_hierarchy = "submitted_at"
    readonly_fields = ["national_status"]
    inlines = [DocumentInline, NoteInline, EventInline]

    def get_queryset(self, request):
        return permissions.visible_dossiers(request.user, super().get_queryset(request))

    @admin.display(description=_("trạng thái trên Cổng dịch vụ công quốc gia"))
    def national_status(self, dossier):
        return dossier.national_status
