from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "motcua.notifications"
    verbose_name = _("Thông báo")

    def ready(self):
        from motcua.dossiers import outbox
        from motcua.notifications import dispatch, templating

        # Messages are written by the transaction that records the event (see outbox).
        outbox.subscribe_in_transaction("notifications", dispatch.on_event)
        post_migrate.connect(templating.ensure_templates, sender=self)
