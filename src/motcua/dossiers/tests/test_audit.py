"""The dossier history is a hash chain per dossier; verify_audit finds any rewritten link."""

import importlib
import itertools
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from motcua.accounts.models import Role
from motcua.dossiers import audit, lifecycle
from motcua.dossiers.models import DossierEvent


def verify_audit(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("verify_audit", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def rewrite(sql: str, params=()) -> None:
    """Change the events table behind the application's back, as an intruder with database
    access would; on PostgreSQL that first means lifting the append-only trigger."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ALTER TABLE is refused while the test's own inserts have deferred checks pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE dossiers_dossierevent DISABLE TRIGGER dossier_event_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE dossiers_dossierevent ENABLE TRIGGER dossier_event_append_only")


def processed(world):
    dossier = world.receive()
    lifecycle.hand_over(dossier=dossier, actor=world.staff[Role.RECEPTION])
    lifecycle.assign(dossier=dossier, actor=world.staff[Role.DIVISION_HEAD], assignee=world.staff[Role.HANDLER])
    lifecycle.process(dossier=dossier, actor=world.staff[Role.HANDLER], note="Đủ điều kiện")
    return dossier


def test_each_event_links_to_the_one_before(world):
    dossier = processed(world)
    events = list(dossier.events.order_by("sequence"))
    assert [e.sequence for e in events] == [1, 2, 3, 4]
    assert events[0].previous_hash == ""
    for before, after in itertools.pairwise(events):
        assert after.previous_hash == before.hash
    for event in events:
        assert len(event.hash) == 64
        assert event.hash == audit.event_hash({name: getattr(event, name) for name in audit.HASHED_FIELDS}, event.previous_hash)
    assert len({e.hash for e in events}) == 4


def test_chains_are_per_dossier(world):
    first, second = world.receive(), world.receive()
    assert first.events.get().previous_hash == second.events.get().previous_hash == ""
    assert first.events.get().hash != second.events.get().hash


def test_untouched_history_verifies(world):
    processed(world)
    world.receive()
    out, err = verify_audit()
    assert "Đã kiểm tra 5 sự kiện của 2 hồ sơ." in out and "Nhật ký toàn vẹn." in out and err == ""


def test_a_rewritten_event_is_reported_with_its_dossier_and_sequence(world):
    dossier, untouched = processed(world), world.receive()
    rewrite("UPDATE dossiers_dossierevent SET note = %s WHERE dossier_id = %s AND sequence = 3", ["Sửa lén", dossier.pk])
    with pytest.raises(CommandError, match="1 hồ sơ"):
        verify_audit()
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_audit", stdout=StringIO(), stderr=err)
    assert f"{dossier.code}: sự kiện #3 (assign): nội dung sự kiện không khớp" in err.getvalue()
    assert untouched.code not in err.getvalue()
    out, _ = verify_audit("--dossier", untouched.code)
    assert "Nhật ký toàn vẹn." in out


def test_a_rewritten_event_with_a_recomputed_hash_breaks_the_next_link(world):
    dossier = processed(world)
    event = dossier.events.get(sequence=2)
    fields = {name: getattr(event, name) for name in audit.HASHED_FIELDS} | {"note": "Sửa lén"}
    forged = audit.event_hash(fields, event.previous_hash)
    rewrite("UPDATE dossiers_dossierevent SET note = %s, hash = %s WHERE id = %s", ["Sửa lén", forged, event.pk])
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_audit", "--dossier", dossier.code, stdout=StringIO(), stderr=err)
    assert "sự kiện #3 (assign): previous_hash không khớp" in err.getvalue()


def test_a_deleted_event_is_reported(world):
    dossier = processed(world)
    rewrite("DELETE FROM dossiers_dossierevent WHERE dossier_id = %s AND sequence = 2", [dossier.pk])
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_audit", stdout=StringIO(), stderr=err)
    assert f"{dossier.code}: sự kiện #3 (assign): thiếu sự kiện: cần #2, gặp #3" in err.getvalue()


def test_a_forged_event_inserted_at_the_end_is_reported(world):
    dossier = processed(world)
    last = dossier.events.get(sequence=4)
    DossierEvent.objects.create(
        dossier=dossier, sequence=5, action="return_result", at=last.at, to_state="returned", previous_hash=last.hash, hash="0" * 64
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_audit", stdout=StringIO(), stderr=err)
    assert "sự kiện #5 (return_result): nội dung sự kiện không khớp" in err.getvalue()


def test_unknown_dossier_is_an_error(world):
    with pytest.raises(CommandError, match="Không có hồ sơ"):
        verify_audit("--dossier", "000.00.00.H56-000000-0000")


def test_migration_seals_events_written_before_the_chain(world):
    processed(world)
    world.receive()
    expected = list(DossierEvent.objects.order_by("pk").values_list("previous_hash", "hash"))
    rewrite("UPDATE dossiers_dossierevent SET previous_hash = '', hash = ''")
    with pytest.raises(CommandError):
        verify_audit()
    migration = importlib.import_module("motcua.dossiers.migrations.0006_event_hash_chain")

    def execute(sql):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(sql)

    state = MigrationLoader(connection).project_state(("dossiers", "0006_event_hash_chain"))
    migration.seal_existing(state.apps, SimpleNamespace(connection=connection, execute=execute))
    assert list(DossierEvent.objects.order_by("pk").values_list("previous_hash", "hash")) == expected
    out, _ = verify_audit()
    assert "Đã kiểm tra 5 sự kiện của 2 hồ sơ." in out and "Nhật ký toàn vẹn." in out


def test_a_result_named_by_its_translatable_label_is_sealed_and_verifies(world):
    from django.core.files.base import ContentFile

    from motcua.dossiers import services
    from motcua.dossiers.models import DocumentKind

    dossier = world.receive()
    lifecycle.hand_over(dossier=dossier, actor=world.staff[Role.RECEPTION])
    lifecycle.assign(dossier=dossier, actor=world.staff[Role.DIVISION_HEAD], assignee=world.staff[Role.HANDLER])
    services.upload_result(
        dossier=dossier, actor=world.staff[Role.HANDLER], kind=DocumentKind.DRAFT_RESULT, file=ContentFile(b"%PDF-1.4\n", name="du-thao.pdf")
    )
    event = dossier.events.get(action="upload_result")
    assert event.note == "Dự thảo kết quả" and len(event.hash) == 64
    out, _err = verify_audit()
    assert "Nhật ký toàn vẹn." in out
