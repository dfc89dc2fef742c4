"""Public look-up of a dossier by its code and a second factor, and the limit on failures.

Wrong code and wrong second factor give the same answer, and every failure counts against
both the client address and the code, so that neither trying many codes from one place nor
many factors on one code gets far. The limits are settings with defaults here:

- PORTAL_LOOKUP_MAX_FAILURES (5): failures allowed per address and per code in the window;
- PORTAL_LOOKUP_WINDOW (900): the window, in seconds.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.portal.models import LookupAttempt
from motcua.text import same_secret

DEFAULT_MAX_FAILURES = 5
DEFAULT_WINDOW = 900

SECOND_FACTOR = re.compile(r"^[0-9]{4}$")


def max_failures() -> int:
    return getattr(settings, "PORTAL_LOOKUP_MAX_FAILURES", DEFAULT_MAX_FAILURES)


def window() -> timedelta:
    return timedelta(seconds=getattr(settings, "PORTAL_LOOKUP_WINDOW", DEFAULT_WINDOW))


def normalise_code(code: str) -> str:
    return "".join((code or "").split()).upper()[:40]


def client_key(request) -> str:
    # REMOTE_ADDR, not X-Forwarded-For: a header the client writes would let it reset its own count.
    return (request.META.get("REMOTE_ADDR") or "unknown")[:64]


def _keys(client: str, code: str) -> list[tuple[str, str]]:
    return [(LookupAttempt.Scope.CLIENT, client), (LookupAttempt.Scope.CODE, normalise_code(code))]


def limits_reached(checks: list[tuple[str, str, int]], *, within: timedelta) -> bool:
    """Whether any (scope, key, limit) has failed `limit` times within the last `within`,
    asked in one query; sign-in counts this way too."""
    wanted, counts = Q(), {}
    for n, (scope, key, _limit) in enumerate(checks):
        match = Q(scope=scope, key=key)
        wanted |= match
        counts[f"key{n}"] = Count("pk", filter=match)
    found = LookupAttempt.objects.filter(wanted, at__gte=timezone.now() - within).aggregate(**counts)
    return any(found[f"key{n}"] >= limit for n, (_scope, _key, limit) in enumerate(checks))


def limit_reached(scope: str, key: str, *, limit: int, within: timedelta) -> bool:
    return limits_reached([(scope, key, limit)], within=within)


def count_failure(scope: str, key: str, *, within: timedelta) -> None:
    """Count one failure against `key`, dropping its failures older than the window."""
    now = timezone.now()
    LookupAttempt.objects.filter(scope=scope, key=key, at__lt=now - within).delete()
    LookupAttempt.objects.create(scope=scope, key=key, at=now)


def is_blocked(*, client: str, code: str) -> bool:
    return limits_reached([(scope, key, max_failures()) for scope, key in _keys(client, code)], within=window())


def record_failure(*, client: str, code: str) -> None:
    for scope, key in _keys(client, code):
        count_failure(scope, key, within=window())


def factor_matches(dossier: Dossier, factor: str) -> bool:
    """The last four digits of the applicant's ID number or of their phone."""
    if not SECOND_FACTOR.match(factor or ""):
        return False
    digits = [re.sub(r"[^0-9]", "", value) for value in (dossier.applicant_id_number, dossier.applicant_phone)]
    # Compared in constant time on every candidate: the answer takes as long whichever one matches.
    matches = [same_secret(value[-4:], factor) for value in digits if len(value) >= 4]
    return any(matches)


# What a look-up reads and shows (portal/_dossier.html, the kiosk, the SMS answer): a few of
# the hundred columns the dossier and its procedure version have, and the rating if any.
PUBLIC_FIELDS = (
    "code", "state", "applicant_id_number", "applicant_phone", "submitted_at", "received_at", "promised_at", "returned_at",
    "procedure_version__name", "receiving_agency__name", "rating__level",
)


def find(*, code: str, factor: str) -> Dossier | None:
    """The dossier with this code whose second factor matches, or None (whichever was wrong)."""
    dossier = (
        Dossier.objects.filter(code=normalise_code(code))
        .select_related("procedure_version", "receiving_agency", "rating")
        .only(*PUBLIC_FIELDS)
        .first()
    )
    if dossier is None or not factor_matches(dossier, factor):
        return None
    return dossier


class Blocked(Exception):
    """Too many failed look-ups from this client or on this code."""


def look_up(*, client: str, code: str, factor: str) -> Dossier | None:
    """Check the limit, then look the dossier up, counting a failure against both keys."""
    if is_blocked(client=client, code=code):
        raise Blocked
    dossier = find(code=code, factor=factor)
    if dossier is None:
        record_failure(client=client, code=code)
    return dossier
