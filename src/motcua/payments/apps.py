from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "motcua.payments"
    verbose_name = _("Thanh toán trực tuyến")

    def ready(self):
        # The system checks register themselves, and so does each gateway, when imported.
        from motcua.payments import checks  # noqa: F401
        from motcua.payments.gateways.sandbox import gateway as sandbox  # noqa: F401
        from motcua.payments.gateways.vnpay import gateway as vnpay  # noqa: F401
