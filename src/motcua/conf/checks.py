"""Deployment checks of our own, run by `manage.py check --deploy` beside Django's."""

from django.conf import settings
from django.core import checks

from motcua.conf import env


@checks.register(checks.Tags.security, deploy=True)
def secret_key_is_not_the_development_default(app_configs, **kwargs):
    # Django's own check passes it: it is long and varied, but it is published in the source.
    if settings.SECRET_KEY == env.VARIABLES["SECRET_KEY"].default:
        return [
            checks.Warning(
                "SECRET_KEY is the development key published with MotCua.",
                hint="Set SECRET_KEY to a long random value of your own, e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'.",
                id="motcua.W001",
            )
        ]
    return []
