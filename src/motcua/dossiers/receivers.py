from django.dispatch import receiver

from motcua.agencies.signals import agency_merged
from motcua.dossiers.lifecycle import FINAL_STATES
from motcua.dossiers.models import Dossier


@receiver(agency_merged)
def carry_dossiers_to_merged_agency(sender, *, source, target, **kwargs) -> None:
    """Open dossiers continue at the absorbing agency; closed ones stay where they ended.
    The absorbing agency's staff see them all. Codes and history stay as issued."""
    for dossier in Dossier.objects.filter(involved_agencies=source).exclude(involved_agencies=target):
        dossier.involved_agencies.add(target)
    Dossier.objects.filter(current_agency=source).exclude(state__in=FINAL_STATES).update(current_agency=target)
