import pytest

from motcua.accounts.models import Role
from motcua.catalog.models import ProcessStep
from motcua.dossiers import lifecycle
from motcua.dossiers.tests.conftest import World
from motcua.dossiers.tests.test_lifecycle import drive, later

ID_LAST4 = "0123"  # World.applicant: id number 074190000123
PHONE_LAST4 = "5678"  # phone 0912345678


def returned(world: World, **changes):
    """A dossier received at the commune's counter and taken through to its returned result."""
    dossier = drive(world, world.receive(**changes), ProcessStep.Kind.APPROVAL)
    desk = world.staff[Role.RECEPTION]
    dossier = lifecycle.approve(dossier=dossier, actor=world.staff[Role.LEADER], at=later(dossier))
    if dossier.fee_outstanding:
        dossier = lifecycle.collect_fees(dossier=dossier, actor=desk, amount=dossier.fee_outstanding, at=later(dossier))
    return lifecycle.return_result(
        dossier=dossier, actor=desk, collected_by="Trần Thị Lan", collected_id_number="074190000123", at=later(dossier)
    )


@pytest.fixture
def world(db) -> World:
    return World()


@pytest.fixture
def returned_dossier(world):
    return returned(world)
