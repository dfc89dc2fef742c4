"""Figures for the national portal link: what writing the sync records adds to a transition,
and how many records one worker delivers a second.

    python benchmarks/national_portal.py [--dossiers 200]

Runs against a throwaway test database on the configured DATABASE_URL (SQLite by default).
Each dossier lives a whole life (filed online, received, supplement asked and given,
processed, approved, paid, returned: 11 events, 18 records). The stand-in portal runs as a
process of its own on loopback, as the real portal is another machine; one worker
(`sync.run_once`, what `manage.py sync_national_portal` loops on) then sends everything.
It reports; it never fails on a time.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.settings")
os.environ.setdefault("MOTCUA_DEMO", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def lives(world, count: int) -> float:
    from motcua.nationalportal.tests.test_sync import whole_life

    started = time.perf_counter()
    for _ in range(count):
        whole_life(world)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=200)
    count = parser.parse_args().dossiers
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from motcua.dossiers.models import DossierEvent
        from motcua.dossiers.tests.conftest import World
        from motcua.nationalportal import standin, sync
        from motcua.nationalportal.client import PortalClient
        from motcua.nationalportal.models import Sync

        print(f"database: {connection.vendor}")
        world = World()
        settings.NATIONAL_PORTAL_URL = ""
        without = lives(world, count)
        events = DossierEvent.objects.count()
        port = free_port()
        settings.NATIONAL_PORTAL_URL = f"http://127.0.0.1:{port}/dvcqg/"
        settings.NATIONAL_PORTAL_AUTH_URL = f"http://127.0.0.1:{port}/dvcqg/auth"
        settings.NATIONAL_PORTAL_USERNAME, settings.NATIONAL_PORTAL_PASSWORD = standin.USERNAME, standin.PASSWORD
        settings.NATIONAL_PORTAL_AGENCY_CODE = standin.AGENCY_CODE
        with_link = lives(world, count)
        records = Sync.objects.count()
        print(f"{count} whole lives ({events} events): {without:.2f} s without the link, {with_link:.2f} s writing "
              f"{records} sync records: {(with_link - without) / events * 1000:.2f} ms more per event")

        catalog = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
        json.dump([{"MATTHC": world.version.procedure.code, "TENTTHC": world.version.name}], catalog)
        catalog.close()
        portal = subprocess.Popen(
            [sys.executable, "-m", "motcua.nationalportal.standin", "--port", str(port), "--catalog", catalog.name],
            stdout=subprocess.PIPE, text=True,
        )
        try:
            portal.stdout.readline()  # it says where it listens once it does
            client = PortalClient.from_settings()
            started = time.perf_counter()
            sent = sync.run_once(client)
            elapsed = time.perf_counter() - started
        finally:
            portal.terminate()
            portal.wait(10)
            os.unlink(catalog.name)
        assert set(Sync.objects.values_list("state", flat=True)) == {"sent"}, "some records were not taken"
        print(f"one worker: {sent} records in {elapsed:.2f} s = {sent / elapsed:.0f} records/s "
              f"({sent / elapsed * events / records:.0f} events/s, {elapsed / sent * 1000:.2f} ms a record)")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
