from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrintformsConfig(AppConfig):
    name = "motcua.printforms"
    verbose_name = _("Biểu mẫu in")
