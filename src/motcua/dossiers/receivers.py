from django.dispatch import receiver

from motcua.agencies.signals import agency_merged
from motcua.dossiers.models import Dossier


@receiver(agency_merged)
def carry_open_dossiers_to_merged_agency(sender, *, source, target, **kwargs) -> None:
    """Open dossiers continue at the absorbing agency; codes and history stay as issued."""
    for dossier in Dossier.objects.filter(current_agency=source):
        dossier.involved_agencies.add(target)
    Dossier.objects.filter(current_agency=source).update(current_agency=target)
    for dossier in Dossier.objects.filter(receiving_agency=source).exclude(involved_agencies=target):
        dossier.involved_agencies.add(target)
