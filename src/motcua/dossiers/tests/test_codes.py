"""Dossier codes: {agency code}-{YYMMDD}-{NNNN}, unique under concurrent receipt."""

import re
import threading
from datetime import timedelta

import pytest
from django.db import connection, connections

from motcua.dossiers.codes import next_dossier_code
from motcua.dossiers.models import CodeSequence, Dossier
from motcua.dossiers.tests.conftest import MONDAY_MORNING, World, vn


def test_code_has_agency_date_and_sequence(world):
    first = world.receive()
    second = world.receive(at=MONDAY_MORNING + timedelta(minutes=5))
    assert first.code == "000.01.01.H56-260302-0001"
    assert second.code == "000.01.01.H56-260302-0002"


def test_sequence_restarts_each_day_and_per_agency(world):
    assert next_dossier_code(world.commune, MONDAY_MORNING) == "000.01.01.H56-260302-0001"
    assert next_dossier_code(world.commune, MONDAY_MORNING + timedelta(days=1)) == "000.01.01.H56-260303-0001"
    assert next_dossier_code(world.district, MONDAY_MORNING) == "000.01.00.H56-260302-0001"
    assert next_dossier_code(world.commune, MONDAY_MORNING) == "000.01.01.H56-260302-0002"


def test_day_is_the_local_day(world):
    # 23:30 in Hồ Chí Minh City is still 16:30 UTC of the same day; 00:30 local is the next day.
    assert next_dossier_code(world.commune, vn(2026, 3, 2, 23, 30)).split("-")[1] == "260302"
    assert next_dossier_code(world.commune, vn(2026, 3, 3, 0, 30)).split("-")[1] == "260303"


def test_more_than_9999_in_a_day_keeps_growing(world):
    CodeSequence.objects.create(agency=world.commune, day=MONDAY_MORNING.date(), last_number=9999)
    assert next_dossier_code(world.commune, MONDAY_MORNING).endswith("-10000")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_receipt_never_duplicates_a_code():
    if connection.vendor != "postgresql":
        pytest.skip("Kiểm thử tiếp nhận song song cần PostgreSQL (DATABASE_URL).")
    world = World()
    workers, per_worker = 8, 5
    codes: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(workers)

    def receive_several():
        try:
            start.wait()
            for _ in range(per_worker):
                codes.append(world.receive().code)
        except BaseException as error:  # reported below, with the thread's own failure
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=receive_several) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(codes) == workers * per_worker == len(set(codes))
    numbers = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
    assert numbers == list(range(1, workers * per_worker + 1))
    assert all(re.fullmatch(r"000\.01\.01\.H56-260302-\d{4}", code) for code in codes)
    assert Dossier.objects.count() == workers * per_worker
