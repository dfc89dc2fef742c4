"""What the back office shows of a dossier's link with the national portal."""

from dataclasses import dataclass

from django.db.models import Count, Q

from motcua.nationalportal.models import Service, State, Sync


@dataclass(frozen=True)
class DossierSync:
    national_code: str
    shown_status: int | None  # the national status the portal took last, if any
    waiting: int  # records not sent yet (waiting for their turn, or being sent)
    problem: Sync | None  # the first record refused or failed, which holds the rest back


def dossier_sync(dossier) -> DossierSync | None:
    """None when the dossier has nothing to do with the portal (the link off, no records)."""
    counts = Sync.objects.filter(dossier=dossier).aggregate(
        total=Count("pk"), waiting=Count("pk", filter=Q(state__in=(State.PENDING, State.SENDING)))
    )
    if not counts["total"] and not dossier.national_code:
        return None
    shown = (
        Sync.objects.filter(dossier=dossier, service=Service.DOSSIER, state=State.SENT)
        .order_by("-pk")
        .values_list("national_status", flat=True)
        .first()
    )
    problem = Sync.objects.filter(dossier=dossier, state__in=(State.REFUSED, State.FAILED)).order_by("pk").first()
    return DossierSync(dossier.national_code, shown, counts["waiting"], problem)
