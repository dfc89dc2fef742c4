from django.dispatch import receiver

from motcua.agencies.signals import agency_merged
from motcua.catalog.models import Procedure, ProcedureVersion


@receiver(agency_merged)
def carry_procedures_to_merged_agency(sender, *, source, target, **kwargs) -> None:
    """The absorbing agency carries out what the merged one did; old versions keep their record."""
    Procedure.objects.filter(owner=source).update(owner=target)
    live = ProcedureVersion.objects.filter(
        agencies=source, status__in=[ProcedureVersion.Status.PUBLISHED, ProcedureVersion.Status.DRAFT]
    )
    for version in live:
        version.agencies.add(target)
