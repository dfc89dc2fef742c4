from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "motcua.accounts"
    verbose_name = _("Tài khoản và phân quyền")

    def ready(self) -> None:
        from motcua.accounts import receivers, signin  # noqa: F401
        from motcua.conf import checks  # noqa: F401  (SECRET_KEY signs the sessions this app hands out)
