from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingConfig(AppConfig):
    name = "motcua.filing"
    verbose_name = _("Nộp hồ sơ trực tuyến")
