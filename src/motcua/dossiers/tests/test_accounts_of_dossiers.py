"""Which account a dossier is linked to: the one that filed it online, and none for a paper
dossier (it belongs to whoever verifies its number: accounts.permissions). The database holds
that rule, and the migration that brought it in undid the links made by unverified claims."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from motcua.accounts.tests.factories import CitizenFactory
from motcua.dossiers.models import Channel, Dossier

BEFORE = [("dossiers", "0009_random_file_names"), ("accounts", "0003_identity_verification")]
AFTER = [("dossiers", "0010_paper_dossiers_owned_by_verified_identifier")]


@pytest.mark.django_db
def test_a_paper_dossier_cannot_be_linked_to_an_account(world):
    dossier = world.receive()
    with pytest.raises(IntegrityError), transaction.atomic():
        Dossier.objects.filter(pk=dossier.pk).update(applicant=CitizenFactory())


@pytest.mark.django_db
def test_receiving_at_the_counter_links_no_account_whoever_claims_the_number(world):
    CitizenFactory(national_id="074190000123")
    assert world.receive().applicant is None


@pytest.fixture
def executor(transactional_db):
    """Migrations to move the database back and forth; the latest state again afterwards."""
    yield MigrationExecutor(connection)
    latest = MigrationExecutor(connection)
    latest.migrate(latest.loader.graph.leaf_nodes())


def test_the_migration_unlinks_paper_dossiers_and_keeps_online_ones(executor):
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    claimant = apps.get_model("accounts", "User").objects.create(username="ke-mao-danh", kind="citizen", national_id="074190000123")
    rows = {channel: _dossier(apps, channel, claimant) for channel in (Channel.COUNTER, Channel.POST, Channel.ONLINE)}

    MigrationExecutor(connection).migrate(AFTER)

    linked = dict(Dossier.objects.filter(pk__in=[row.pk for row in rows.values()]).values_list("channel", "applicant"))
    assert linked == {Channel.COUNTER: None, Channel.POST: None, Channel.ONLINE: claimant.pk}


def _dossier(apps, channel, account):
    Agency, Procedure = apps.get_model("agencies", "Agency"), apps.get_model("catalog", "Procedure")
    ProcedureVersion, Field = apps.get_model("catalog", "ProcedureVersion"), apps.get_model("catalog", "Field")
    agency, _ = Agency.objects.get_or_create(code="000.01.01.H56", defaults={"name": "UBND phường Phú Cường", "level": "commune"})
    field, _ = Field.objects.get_or_create(code="HT", defaults={"name": "Hộ tịch"})
    procedure, _ = Procedure.objects.get_or_create(code="1.000001", defaults={"owner": agency})
    version, _ = ProcedureVersion.objects.get_or_create(
        procedure=procedure, number=1, defaults={"name": "Thủ tục", "field": field, "legal_time": 1},
    )
    return apps.get_model("dossiers", "Dossier").objects.create(
        code=f"000.01.01.H56-260302-{channel}", procedure_version=version, state="received", channel=channel,
        delivery="counter", applicant=account, applicant_name="Trần Thị Lan", applicant_id_number="074190000123",
        receiving_agency=agency, current_agency=agency, submitted_at="2026-03-02T08:00:00+07:00",
    )
