"""Moving a dossier along the standard process without the web, to set up a screen's test."""

from django.utils import timezone

from motcua.accounts.models import Role
from motcua.dossiers import lifecycle, services
from motcua.dossiers.models import Dossier


def handed_over(world, dossier: Dossier) -> Dossier:
    return lifecycle.hand_over(dossier=dossier, actor=world.staff[Role.RECEPTION])


def assigned(world, dossier: Dossier) -> Dossier:
    return lifecycle.assign(dossier=handed_over(world, dossier), actor=world.staff[Role.DIVISION_HEAD], assignee=world.staff[Role.HANDLER])


def ready(world, dossier: Dossier) -> Dossier:
    dossier = lifecycle.process(dossier=assigned(world, dossier), actor=world.staff[Role.HANDLER])
    dossier = lifecycle.review(dossier=dossier, actor=world.staff[Role.DIVISION_HEAD])
    return lifecycle.approve(dossier=dossier, actor=world.staff[Role.LEADER])


def received_now(world, **applicant) -> Dossier:
    """A dossier received at this moment, so that its deadlines are still ahead."""
    return services.receive_at_counter(
        actor=world.staff[Role.RECEPTION],
        procedure_version=world.version,
        agency=world.commune,
        applicant=world.applicant(**applicant),
        form_data={"noi_dung": "Cấp bản sao"},
        documents=world.documents(),
        delivery="counter",
        at=timezone.now(),
    )


def snapshot(dossier: Dossier) -> tuple:
    """What must not move when an action is refused."""
    dossier = Dossier.objects.get(pk=dossier.pk)
    return dossier.state, dossier.current_step_id, dossier.assignee_id, dossier.promised_at, dossier.fee_paid, dossier.events.count()
