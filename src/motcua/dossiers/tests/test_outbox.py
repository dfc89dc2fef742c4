"""Dossier events leave the process through a transactional outbox."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from motcua.accounts.models import Role
from motcua.dossiers import lifecycle, outbox
from motcua.dossiers.models import DossierEvent


@pytest.fixture
def delivered():
    received: list[int] = []
    outbox.subscribe("test-recorder", received.append)
    yield received
    outbox.unsubscribe("test-recorder")


def queued():
    return DBTaskResult.objects.filter(task_path="motcua.dossiers.outbox.deliver_event")


def run_worker():
    call_command("db_worker", queue_name="outbox", batch=True, startup_delay=False, interval=0, verbosity=0)


def test_each_event_is_queued_in_its_own_transaction(world, delivered):
    dossier = world.receive()
    event = dossier.events.get()
    assert [row.args_kwargs["args"] for row in queued()] == [[event.pk, "test-recorder"]]


def test_rolled_back_transition_queues_nothing(world, delivered):
    dossier = world.receive()
    before = queued().count()
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            lifecycle.hand_over(dossier=dossier, actor=world.staff[Role.RECEPTION])
            raise RuntimeError("the process dies before commit")
    assert queued().count() == before
    assert DossierEvent.objects.filter(dossier=dossier).count() == 1


@pytest.mark.django_db(transaction=True)
def test_worker_delivers_every_event_once(world, delivered):
    dossier = world.receive()
    lifecycle.hand_over(dossier=dossier, actor=world.staff[Role.RECEPTION], at=dossier.received_at + timedelta(hours=1))
    run_worker()
    assert delivered == list(DossierEvent.objects.filter(dossier=dossier).values_list("pk", flat=True))
    run_worker()
    assert len(delivered) == 2
    assert queued().successful().count() == 2


@pytest.mark.django_db(transaction=True)
def test_failed_delivery_is_retried_later(world):
    calls = []

    def flaky(event_id):
        calls.append(event_id)
        raise ConnectionError("SMS gateway down")

    outbox.subscribe("test-flaky", flaky)
    try:
        world.receive()
        run_worker()
    finally:
        outbox.unsubscribe("test-flaky")
    assert len(calls) == 1
    assert queued().failed().count() == 1
    retry = queued().exclude(pk__in=queued().failed()).get()
    assert retry.args_kwargs["args"][2] == 2
    assert retry.run_after > timezone.now() + timedelta(seconds=50)


@pytest.mark.django_db(transaction=True)
def test_enqueue_outside_a_transaction_is_a_programming_error(world):
    dossier = world.receive()
    with pytest.raises(RuntimeError):
        outbox.enqueue_event_delivery(dossier.events.get())


def test_loaded_history_is_not_delivered(world, delivered):
    with outbox.recording_history():
        dossier = world.receive()
    assert dossier.events.count() == 1
    assert not queued().exists()
    lifecycle.hand_over(dossier=dossier, actor=world.staff[Role.RECEPTION], at=dossier.received_at + timedelta(hours=1))
    assert queued().count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_delivery_left_running_by_a_killed_worker_is_queued_again(world, delivered):
    dossier = world.receive()
    task = queued().get()
    task.claim("worker-killed-with-sigkill")  # what a worker leaves behind when it dies mid-task
    run_worker()
    assert delivered == []  # no worker ever takes a running task
    assert outbox.release_stalled() == 0  # within STALLED_AFTER it may still be running
    later = timezone.now() + outbox.STALLED_AFTER + timedelta(minutes=1)
    assert outbox.release_stalled(later) == 1
    run_worker()
    assert delivered == [dossier.events.get().pk]
    assert queued().get().status == "SUCCESSFUL"


def test_release_stalled_tasks_command(world, delivered):
    world.receive()
    queued().get().claim("worker-killed-with-sigkill")
    out = io.StringIO()
    call_command("release_stalled_tasks", after_minutes=0, stdout=out)
    assert "1 lượt" in out.getvalue()
    assert queued().get().status == "READY"
