"""Reads for the portal's pages."""

from datetime import timedelta

from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone

from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier

# "Filed most" means over the last quarter, and is counted at most once an hour per cache:
# the home page is the portal's busiest, and counting every dossier ever filed took seconds
# at a million dossiers.
FEATURED_WINDOW = timedelta(days=90)
FEATURED_CACHE_SECONDS = 3600
FEATURED_CACHE_KEY = "portal:featured-procedures"


def most_filed(limit: int, now=None) -> list[int]:
    """Ids of the published versions received most in the last FEATURED_WINDOW, then others by
    name when fewer than `limit` were filed lately."""
    since = (now or timezone.now()) - FEATURED_WINDOW
    published = ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED)
    ids = list(
        Dossier.objects.filter(received_at__gte=since, procedure_version__in=published)
        .values("procedure_version").annotate(filed=Count("pk")).order_by("-filed", "procedure_version")
        .values_list("procedure_version", flat=True)[:limit]
    )
    if len(ids) < limit:
        ids += list(published.exclude(pk__in=ids).order_by("name").values_list("pk", flat=True)[: limit - len(ids)])
    return ids


def featured_procedures(limit: int = 6, now=None) -> list[ProcedureVersion]:
    """The published procedures people file most, for the home page."""
    published = ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED).select_related("procedure")
    ids = cache.get(FEATURED_CACHE_KEY)
    # Read fresh each time; a version superseded since the count makes it count again.
    found = published.in_bulk(ids[:limit]) if ids else {}
    if not ids or len(found) < len(ids[:limit]):
        ids = most_filed(limit, now)
        cache.set(FEATURED_CACHE_KEY, ids, FEATURED_CACHE_SECONDS)
        found = published.in_bulk(ids)
    return [found[pk] for pk in ids[:limit] if pk in found]
