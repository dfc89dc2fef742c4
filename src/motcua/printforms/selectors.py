"""What the forms read: a dossier's events and the register's dossiers (reads only)."""

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet

from motcua.agencies.models import Agency, Division
from motcua.catalog.models import Field
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.printforms.formatting import VIETNAM

# Events that move a dossier from one pair of hands to another: the rows of form 05.
HANDOVER_ACTIONS = (
    "receive",
    "hand_over",
    "assign",
    "process",
    "review",
    "approve",
    "send_back",
    "transfer",
    "return_transfer",
    "return_result",
)


def _events(dossier: Dossier) -> QuerySet:
    return dossier.events.select_related("actor", "receiver", "from_step", "to_step", "from_agency", "to_agency")


def latest_event(dossier: Dossier, action: str) -> DossierEvent | None:
    return _events(dossier).filter(action=action).order_by("-sequence").first()


def handovers(dossier: Dossier) -> list[DossierEvent]:
    return list(_events(dossier).filter(action__in=HANDOVER_ACTIONS).order_by("sequence"))


def one_stop_desk(agency: Agency) -> Division | None:
    return agency.divisions.filter(is_one_stop_desk=True, is_active=True).first()


def division_names(agency_ids) -> dict[tuple[int, str], str]:
    """Division names by (agency, code): process steps name their division by code."""
    return {(d.agency_id, d.code): d.name for d in Division.objects.filter(agency__in=agency_ids)}


def register_dossiers(*, agency: Agency, field: Field, start: date, end: date) -> QuerySet:
    """Form 06: the dossiers an agency received in one field between two days (both included,
    Vietnamese calendar days), in the order they were received."""
    since = datetime.combine(start, time.min, tzinfo=VIETNAM)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=VIETNAM)
    return (
        Dossier.objects.filter(
            receiving_agency=agency,
            procedure_version__field=field,
            received_at__gte=since,
            received_at__lt=until,
        )
        .select_related("procedure_version", "receiving_agency")
        .order_by("received_at", "pk")
    )
