from django.utils import timezone

from motcua.agencies.models import Agency
from motcua.catalog.tests.factories import ProcedureVersionFactory
from motcua.dossiers.models import Channel, Dossier, State


def dossier_row(agency: Agency, state: str = State.IN_PROGRESS, **fields) -> Dossier:
    """A bare dossier row at `agency`, for tests about who sees or owns dossiers rather than
    about the lifecycle (which creates dossiers only through dossiers.services)."""
    row = Dossier.objects.create(
        **{
            "code": f"{agency.code}-260302-{Dossier.objects.count() + 1:04d}",
            "procedure_version": ProcedureVersionFactory(procedure__owner=agency),
            "state": state,
            "channel": Channel.COUNTER,
            "delivery": "counter",
            "applicant_name": "Trần Thị Lan",
            "applicant_id_number": "074190000123",
            "receiving_agency": agency,
            "current_agency": agency,
            "submitted_at": timezone.now(),
            **fields,
        }
    )
    row.involved_agencies.add(agency)
    return row
