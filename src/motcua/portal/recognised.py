"""Browsers recognised for what they have proven: a user name they signed in with, a dossier
they looked up with its second factor.

The limits on failures (accounts.signin, portal.lookup) count each failure against what was
tried (a user name, a dossier code) from everywhere, which stops guessing spread over many
addresses, and on its own would let a stranger lock the owner out. A browser that has once
succeeded gets a signed, HttpOnly cookie, and its later attempts at the same target are
judged on its own failures only (OWASP's "device cookie"): the owner keeps signing in and
looking up from their own browser whoever fails elsewhere, and the browser is held to the
tight limit of one source.

The cookie holds a random name for the browser and, for each target, a hash of the target
and that name keyed with SECRET_KEY: whoever reads the browser's cookies learns no user name
or dossier code, and a copy of the cookie sent from other addresses is still one source (its
failures count under the browser's name, wherever it is sent from). It lasts
RECOGNISED_BROWSER_DAYS from the last success and remembers the last KEPT targets.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.utils.crypto import salted_hmac

COOKIE = "motcua_trinh_duyet"
SALT = "motcua.portal.recognised"
KEPT = 20


def _lifetime() -> timedelta:
    return timedelta(days=settings.RECOGNISED_BROWSER_DAYS)


def _read(request) -> tuple[str, list[str]]:
    value = request.get_signed_cookie(COOKIE, default="", salt=SALT, max_age=_lifetime())
    name, _colon, entries = value.partition(":")
    # Dots between the entries, not commas: a cookie value with a comma is sent quoted.
    return name, [entry for entry in entries.split(".") if entry]


def _entry(name: str, target: str) -> str:
    return salted_hmac(SALT, f"{name}:{target}", algorithm="sha256").hexdigest()[:32]


def source(request, target: str) -> str | None:
    """This browser as a source of attempts ("browser:<its name>") when it is recognised for
    `target`, or None."""
    name, entries = _read(request)
    if name and _entry(name, target) in entries:
        return f"browser:{name}"
    return None


def remember(request, response, target: str) -> None:
    """Recognise the browser of `request` for `target` from now on (it has just succeeded)."""
    name, entries = _read(request)
    name = name or secrets.token_urlsafe(16)
    entry = _entry(name, target)
    entries = [*[kept for kept in entries if kept != entry], entry][-KEPT:]
    response.set_signed_cookie(
        COOKIE, f"{name}:{'.'.join(entries)}", salt=SALT, max_age=int(_lifetime().total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Strict",
    )
