"""The current step's kind, role and division are copied onto the dossier row for the work
lists; the lifecycle keeps them (test_lifecycle_properties), and the migration that added them
filled them for the dossiers already open."""

import importlib

from django.apps import apps

from motcua.accounts.models import Role
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier


def test_the_migration_fills_the_copies_of_every_open_dossier(world):
    at_processing = lifecycle.assign(
        dossier=lifecycle.hand_over(dossier=world.receive(), actor=world.staff[Role.RECEPTION]),
        actor=world.staff[Role.DIVISION_HEAD], assignee=world.staff[Role.HANDLER],
    )
    world.receive()  # at the reception step
    Dossier.objects.update(step_kind="", step_role="", step_division_code="")
    migration = importlib.import_module("motcua.dossiers.migrations.0007_step_copied_on_dossier")
    migration.copy_current_steps(apps, None)
    at_processing.refresh_from_db()
    assert (at_processing.step_kind, at_processing.step_role, at_processing.step_division_code) == ("processing", Role.HANDLER, "chuyen-mon")
    for dossier in Dossier.objects.select_related("current_step"):
        step = dossier.current_step
        assert (dossier.step_kind, dossier.step_role, dossier.step_division_code) == (step.kind, step.role, step.division_code)
