from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NationalPortalConfig(AppConfig):
    name = "motcua.nationalportal"
    verbose_name = _("Cổng Dịch vụ công quốc gia")

    def ready(self):
        from motcua.dossiers import outbox
        from motcua.nationalportal import sync

        # What the portal must be told is written by the transaction that records the event.
        outbox.subscribe_in_transaction("national_portal", sync.on_event)
