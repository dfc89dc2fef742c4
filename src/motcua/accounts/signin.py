"""The limit on failed sign-ins, for every sign-in form: officials and citizens at
/dang-nhap/ (user name, or national ID, tax code or email) and the administration.

Each failure counts against the user name typed and against the client address, with the
portal look-up's counter (portal.lookup, LookupAttempt). Once either has reached its limit
within the window the form refuses at once, before any password is checked, so guessing
makes no progress; waiting out the window is enough to sign in again. A successful sign-in
clears its user name's failures (not the address's: an intruder signing in to an account of
their own must not reset the count of their guesses at others).

Per address the limit is higher than per user name: the officials of one administration
centre often reach the site from one address.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import signals
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.utils.translation import gettext as _

from motcua.portal import lookup
from motcua.portal.models import LookupAttempt

Scope = LookupAttempt.Scope


def window() -> timedelta:
    return timedelta(minutes=settings.LOGIN_WINDOW_MINUTES)


def _name_key(username: str) -> str:
    # Hashed: the counter must not become a list of the national ID numbers people typed.
    return hashlib.sha256((username or "").strip().casefold().encode()).hexdigest()


def _limits(request, username: str) -> list[tuple[str, str, int]]:
    return [
        (Scope.SIGN_IN_NAME, _name_key(username), settings.LOGIN_MAX_FAILURES),
        (Scope.SIGN_IN_CLIENT, lookup.client_key(request), settings.LOGIN_MAX_FAILURES_PER_ADDRESS),
    ]


def is_blocked(request, username: str) -> bool:
    return lookup.limits_reached(_limits(request, username), within=window())


def blocked_message() -> str:
    minutes = settings.LOGIN_WINDOW_MINUTES
    return _("Đăng nhập sai quá nhiều lần. Vì an toàn của tài khoản, vui lòng thử lại sau %(minutes)s phút.") % {
        "minutes": minutes
    }


@receiver(signals.user_login_failed)
def count_failed_sign_in(sender, credentials, request=None, **kwargs) -> None:
    # Without a request (a script calling authenticate()) there is no form to protect.
    if request is not None:
        for scope, key, _limit in _limits(request, credentials.get("username") or ""):
            lookup.count_failure(scope, key, within=window())


@receiver(signals.user_logged_in)
def forget_failures_of_user_name(sender, request, user, **kwargs) -> None:
    if request is not None and request.method == "POST":
        LookupAttempt.objects.filter(scope=Scope.SIGN_IN_NAME, key=_name_key(request.POST.get("username", ""))).delete()


class LimitedSignIn:
    """Mixin for a sign-in form (an AuthenticationForm): refuse while the limit is reached."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if username is not None and self.request is not None and is_blocked(self.request, username):
            raise ValidationError(blocked_message(), code="too_many_failures")
        return super().clean()


class SignInForm(LimitedSignIn, AuthenticationForm):
    """The form of /dang-nhap/, for officials and citizens alike."""
