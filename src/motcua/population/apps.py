from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PopulationConfig(AppConfig):
    name = "motcua.population"
    verbose_name = _("Cơ sở dữ liệu quốc gia về dân cư")

    def ready(self):
        # The system checks register themselves, and so does each connector, when imported.
        from motcua.population import checks  # noqa: F401
        from motcua.population.connectors.signed_https import connector  # noqa: F401
