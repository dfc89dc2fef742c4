"""Reads for the portal's pages outside search (portal.search)."""

from django.db.models import Count

from motcua.catalog.models import ProcedureVersion


def featured_procedures(limit: int = 6) -> list[ProcedureVersion]:
    """The published procedures people file most, for the home page."""
    return list(
        ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED)
        .annotate(filed=Count("dossiers"))
        .select_related("procedure")
        .order_by("-filed", "name")[:limit]
    )
