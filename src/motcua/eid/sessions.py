"""What the session remembers of a sign-in at the national e-ID: the assurance level reached
(what a procedure's eid_level_required is compared with) and the ID token, the hint the
provider asks for when MotCua signs the person out there too."""

from django.urls import reverse
from django.utils.http import urlencode

SESSION_KEY = "motcua_eid"


def record(session, *, acr: str, id_token: str) -> None:
    session[SESSION_KEY] = {"acr": acr, "id_token": id_token}


def reached_level(request) -> str:
    return request.session.get(SESSION_KEY, {}).get("acr", "") if request.user.is_authenticated else ""


def id_token(session) -> str:
    return session.get(SESSION_KEY, {}).get("id_token", "")


def sign_in_url(level: str, next_url: str) -> str:
    """The e-ID sign-in asking for `level`, back to `next_url` afterwards."""
    return f"{reverse('eid:login')}?{urlencode({'muc': level, 'next': next_url})}"
