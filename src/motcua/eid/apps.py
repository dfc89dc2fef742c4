from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EidConfig(AppConfig):
    name = "motcua.eid"
    verbose_name = _("Định danh điện tử quốc gia (VNeID)")
