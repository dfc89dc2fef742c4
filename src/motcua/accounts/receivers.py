from django.dispatch import receiver

from motcua.accounts.models import RoleAssignment
from motcua.agencies.signals import agency_merged


@receiver(agency_merged)
def move_roles_to_merged_agency(sender, *, source, target, **kwargs) -> None:
    """Staff of a merged agency keep working, now for the agency that absorbed it."""
    target_desk = target.divisions.filter(is_one_stop_desk=True).first()
    for assignment in RoleAssignment.objects.filter(agency=source).select_related("division"):
        if assignment.division and assignment.division.is_one_stop_desk:
            assignment.division = target_desk
        exists = RoleAssignment.objects.filter(
            user=assignment.user_id, agency=target, division=assignment.division, role=assignment.role
        ).exists()
        if exists:
            assignment.delete()
        else:
            assignment.agency = target
            assignment.save(update_fields=["agency", "division"])
