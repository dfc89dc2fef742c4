"""Public look-up of a dossier by its code and a second factor, and the limit on failures.

Wrong code and wrong second factor give the same answer. Every failure counts against the
code from its source, against the source and against the code from everywhere (a source is
a client address, an SMS phone or a Zalo user; see client_key and notifications.inbound),
each with its own limit within PORTAL_LOOKUP_WINDOW (settings, declared in conf/settings.py):

- PORTAL_LOOKUP_MAX_FAILURES (5) on one code from one source: whoever guesses at a code is
  soon refused on it, without the code being refused to anyone else;
- PORTAL_LOOKUP_MAX_FAILURES_PER_CLIENT (10) from one source whatever the codes: trying many
  codes from one place does not get far either (higher, since the kiosk and a mobile
  network's shared addresses serve many people);
- PORTAL_LOOKUP_MAX_FAILURES_PER_CODE (10) on one code from everywhere: guessing spread over
  many sources is stopped too, but only for sources the dossier does not recognise.

A source the dossier recognises is judged on its own failures at that code only, so that
strangers failing on a code do not lock its owner out: a browser that looked the dossier up
with the right factor before (portal.recognised), and for messages the applicant's phone or
a sender already written to about the dossier (notifications.inbound). It never learns more
than anyone else could: it still has to give the factor, and it is refused on the code after
PORTAL_LOOKUP_MAX_FAILURES failures like any other source. Failed look-ups without a code
(a message with none) count against their source only.
"""

import hashlib
import re
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.portal.models import LookupAttempt
from motcua.text import same_secret

Scope = LookupAttempt.Scope

SECOND_FACTOR = re.compile(r"^[0-9]{4}$")


def max_failures() -> int:
    return settings.PORTAL_LOOKUP_MAX_FAILURES


def max_failures_per_client() -> int:
    return settings.PORTAL_LOOKUP_MAX_FAILURES_PER_CLIENT


def max_failures_per_code() -> int:
    return settings.PORTAL_LOOKUP_MAX_FAILURES_PER_CODE


def window() -> timedelta:
    return timedelta(seconds=settings.PORTAL_LOOKUP_WINDOW)


def normalise_code(code: str) -> str:
    return "".join((code or "").split()).upper()[:40]


def client_key(request) -> str:
    # REMOTE_ADDR, not X-Forwarded-For: a header the client writes would let it reset its own count.
    return (request.META.get("REMOTE_ADDR") or "unknown")[:64]


def target(code: str) -> str:
    """What a browser is recognised for once it has looked the dossier with this code up."""
    return f"dossier:{normalise_code(code)}"


def pair_key(tried: str, source: str) -> str:
    """The key of the failures at one thing tried (a dossier code, a user name) from one
    source, hashed: the two together fit no column and name nobody."""
    return hashlib.sha256(f"{tried}\n{source}".encode()).hexdigest()


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


def count_failures(keys: list[tuple[str, str]], *, within: timedelta) -> None:
    """Count one failure against each (scope, key), dropping their failures older than the window."""
    now = timezone.now()
    expired = Q()
    for scope, key in keys:
        expired |= Q(scope=scope, key=key)
    LookupAttempt.objects.filter(expired, at__lt=now - within).delete()
    LookupAttempt.objects.bulk_create([LookupAttempt(scope=scope, key=key, at=now) for scope, key in keys])


def count_failure(scope: str, key: str, *, within: timedelta) -> None:
    """Count one failure against `key`, dropping its failures older than the window."""
    count_failures([(scope, key)], within=within)


def _limits(*, client: str, code: str, recognised: str | None) -> list[tuple[str, str, int]]:
    code = normalise_code(code)
    if recognised is not None:
        return [(Scope.CODE_FROM_SOURCE, pair_key(code, recognised), max_failures())]
    return [
        (Scope.CODE_FROM_SOURCE, pair_key(code, client), max_failures()),
        (Scope.CLIENT, client, max_failures_per_client()),
        (Scope.CODE, code, max_failures_per_code()),
    ]


def is_blocked(*, client: str, code: str, recognised: str | None = None) -> bool:
    """Whether a look-up of `code` from `client` is refused now; `recognised` names the
    source the dossier recognises the request as (see the module), judged on its own failures."""
    return limits_reached(_limits(client=client, code=code, recognised=recognised), within=window())


def record_failure(*, client: str, code: str, recognised: str | None = None) -> None:
    code = normalise_code(code)
    sources = [client] if recognised in (None, client) else [client, recognised]
    keys = [(Scope.CODE_FROM_SOURCE, pair_key(code, source)) for source in sources]
    count_failures([*keys, (Scope.CLIENT, client), (Scope.CODE, code)], within=window())


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
    """Too many failed look-ups from this source on this code, from this source, or on this
    code from sources it does not recognise."""


def look_up(*, client: str, code: str, factor: str, recognised: str | None = None) -> Dossier | None:
    """Check the limit, then look the dossier up, counting a failure against every key."""
    if is_blocked(client=client, code=code, recognised=recognised):
        raise Blocked
    dossier = find(code=code, factor=factor)
    if dossier is None:
        record_failure(client=client, code=code, recognised=recognised)
    return dossier
