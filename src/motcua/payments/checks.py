from django.conf import settings
from django.core import checks

from motcua.payments.gateways.base import registry


@checks.register()
def gateway_is_known(app_configs, **kwargs):
    if settings.PAYMENT_GATEWAY not in {gateway.name for gateway in registry}:
        names = ", ".join(sorted(gateway.name for gateway in registry))
        return [checks.Error(f"PAYMENT_GATEWAY={settings.PAYMENT_GATEWAY!r} is not a payment gateway ({names}).", id="payments.E001")]
    return []


@checks.register(deploy=True)
def no_sandbox_in_production(app_configs, **kwargs):
    if settings.PAYMENT_GATEWAY == "sandbox":
        return [
            checks.Warning(
                "PAYMENT_GATEWAY is 'sandbox': applicants 'pay' on a pretend bank page and no money moves.",
                hint="Set PAYMENT_GATEWAY=vnpay and the VNPAY_* variables.",
                id="payments.W001",
            )
        ]
    if not registry[settings.PAYMENT_GATEWAY].is_enabled():
        return [checks.Warning(f"Payment gateway {settings.PAYMENT_GATEWAY!r} is not configured: online payment is off.", id="payments.W002")]
    return []
