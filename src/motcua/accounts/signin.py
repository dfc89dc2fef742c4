"""The limit on failed sign-ins, for every sign-in form: officials and citizens at
/dang-nhap/ (user name, or national ID, tax code or email) and the administration.

A stranger must not be able to lock an official or a citizen out by typing wrong passwords
for their user name, and guessing must still get nowhere, from one address or from many.
Each failure counts, with the portal look-up's counter (portal.lookup, LookupAttempt),
against three keys, each with its limit within LOGIN_WINDOW_MINUTES:

- the user name from its source, LOGIN_MAX_FAILURES (5): whoever guesses is soon refused,
  and only them;
- the client address whatever the user names, LOGIN_MAX_FAILURES_PER_ADDRESS (30, higher
  because the officials of one administration centre often reach the site from one address);
- the user name from everywhere, LOGIN_MAX_FAILURES_PER_ACCOUNT (20): guessing spread over
  many addresses stops there.

A browser that has signed in with the user name before is recognised for it by a signed
cookie (portal.recognised) and judged on its own failures with that name only (its source is
the browser, not its address, and its limit LOGIN_MAX_FAILURES): the owner signs in from their
own browser while strangers are refused, and strangers cannot get the cookie without the
password. A browser the owner has not signed in from before is held to the three limits like
any other: strangers keep it out only by failing LOGIN_MAX_FAILURES_PER_ACCOUNT times, from
several addresses, and only until the window has passed.

Once a limit that applies is reached the form refuses at once, before any password is
checked, so guessing makes no progress. A successful sign-in clears its user name's failures
from its source, not the address's (an intruder signing in to an account of their own must
not reset the count of their guesses at others) nor the user name's from everywhere (the
owner signing in must not give the strangers guessing at it a fresh start).

User names are counted hashed: the counter must not become a list of the national ID
numbers people typed.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import signals
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.dispatch import receiver
from django.utils.translation import gettext as _

from motcua.portal import lookup, recognised
from motcua.portal.models import LookupAttempt

Scope = LookupAttempt.Scope
# Set on the request by the sign-in's receiver for the middleware: a signal has no response.
SIGNED_IN_NAME = "_motcua_signed_in_name"


def window() -> timedelta:
    return timedelta(minutes=settings.LOGIN_WINDOW_MINUTES)


def _name_key(username: str) -> str:
    return hashlib.sha256((username or "").strip().casefold().encode()).hexdigest()


def _target(name: str) -> str:
    return f"account:{name}"


def _sources(request, name: str) -> tuple[str, str | None]:
    """The client address and, when it is recognised for the user name, the browser."""
    return lookup.client_key(request), recognised.source(request, _target(name))


def _limits(request, username: str) -> list[tuple[str, str, int]]:
    name = _name_key(username)
    client, browser = _sources(request, name)
    if browser is not None:
        return [(Scope.SIGN_IN_NAME_FROM_SOURCE, lookup.pair_key(name, browser), settings.LOGIN_MAX_FAILURES)]
    return [
        (Scope.SIGN_IN_NAME_FROM_SOURCE, lookup.pair_key(name, client), settings.LOGIN_MAX_FAILURES),
        (Scope.SIGN_IN_CLIENT, client, settings.LOGIN_MAX_FAILURES_PER_ADDRESS),
        (Scope.SIGN_IN_NAME, name, settings.LOGIN_MAX_FAILURES_PER_ACCOUNT),
    ]


def _own_keys(name: str, client: str, browser: str | None) -> list[tuple[str, str]]:
    """The keys of the user name's failures from this request's sources."""
    return [(Scope.SIGN_IN_NAME_FROM_SOURCE, lookup.pair_key(name, source)) for source in (client, browser) if source]


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
        name = _name_key(credentials.get("username") or "")
        client, browser = _sources(request, name)
        keys = [*_own_keys(name, client, browser), (Scope.SIGN_IN_CLIENT, client), (Scope.SIGN_IN_NAME, name)]
        lookup.count_failures(keys, within=window())


@receiver(signals.user_logged_in)
def forget_own_failures(sender, request, user, **kwargs) -> None:
    if request is not None and request.method == "POST":
        name = _name_key(request.POST.get("username", ""))
        own = Q()
        for scope, key in _own_keys(name, *_sources(request, name)):
            own |= Q(scope=scope, key=key)
        LookupAttempt.objects.filter(own).delete()
        setattr(request, SIGNED_IN_NAME, name)


class RecogniseSignedInBrowserMiddleware:
    """Gives the browser that has just signed in, through any sign-in form, the cookie that
    recognises it for the user name it typed (portal.recognised)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        name = getattr(request, SIGNED_IN_NAME, None)
        if name is not None:
            recognised.remember(request, response, _target(name))
        return response


class LimitedSignIn:
    """Mixin for a sign-in form (an AuthenticationForm): refuse while the limit is reached."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if username is not None and self.request is not None and is_blocked(self.request, username):
            raise ValidationError(blocked_message(), code="too_many_failures")
        return super().clean()


class SignInForm(LimitedSignIn, AuthenticationForm):
    """The form of /dang-nhap/, for officials and citizens alike."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The label names what citizens type; the hint below it, what officials type.
        self.fields["username"].widget.attrs["aria-describedby"] = "id_username_hint"
