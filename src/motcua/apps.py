from django.contrib.admin.apps import AdminConfig


class MotCuaAdminConfig(AdminConfig):
    """Makes MotCua's site Django's default admin site, so that every admin registered by
    an installed app (ours and third-party ones such as the task queue's) lands on it."""

    default_site = "motcua.admin_site.MotCuaAdminSite"
