from django.contrib import admin

from motcua.accounts import permissions
from motcua.admin_site import ReadOnlyModelAdmin, site
from motcua.dossiers.models import Dossier
from motcua.payments.models import Payment


@admin.register(Payment, site=site)
class PaymentAdmin(ReadOnlyModelAdmin):
    """For looking up payments and settling the odd one a gateway confirmed but a dossier
    could not take (see the log): payments.services is their one writer."""

    list_display = ["reference", "dossier", "amount", "gateway", "state", "transaction_id", "created_at", "paid_at"]
    list_select_related = ["dossier"]
    list_filter = ["state", "gateway"]
    search_fields = ["reference", "transaction_id", "dossier__code"]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        visible = permissions.visible_dossiers(request.user, Dossier.objects.all())
        return super().get_queryset(request).filter(dossier__in=visible)
