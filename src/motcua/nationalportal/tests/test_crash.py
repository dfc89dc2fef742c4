"""A sync worker killed with SIGKILL in the middle of a batch: after a restart the portal
shows every dossier's whole life, in order, and nothing twice.

As in production: a database of the test's own (a SQLite file, or a fresh PostgreSQL
database when DATABASE_URL points at PostgreSQL), the dossiers' lives recorded by
`manage.py shell`, `manage.py sync_national_portal` as a separate process, and the stand-in
portal on loopback. The portal holds its answer to the eighth call and the worker is killed
then, so it never learns that the portal took it; the restarted worker sends that record
again once its lease has run out, and the portal takes it as the same record.
"""

import os
import signal
import subprocess
import sys
import time
from itertools import groupby

import pytest

from motcua.nationalportal import standin
from motcua.tests.processes import MANAGE, ROOT, database_url, manage, shell_json

DOSSIERS = 3

LIVES = """
import json
from motcua.dossiers.tests.conftest import World
from motcua.nationalportal.tests.test_sync import whole_life
world = World()
codes = [whole_life(world).code for _ in range({count})]
print(json.dumps({{"procedure": world.version.procedure.code, "name": world.version.name, "dossiers": codes}}))
"""

REPORT = """
import json
from motcua.nationalportal.models import Sync
print(json.dumps({"states": list(Sync.objects.order_by("pk").values_list("state", flat=True)),
    "statuses": {code: [s.national_status for s in Sync.objects.filter(dossier__code=code, service="DongBoHoSoMC").order_by("pk")]
                 for code in Sync.objects.values_list("dossier__code", flat=True).distinct()}}))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_worker_killed_mid_batch_leaves_the_portal_whole_and_in_order(tmp_path):
    url, drop = database_url(tmp_path)
    try:
        with standin.serving() as portal:
            env = {
                **os.environ,
                "PYTHONPATH": str(ROOT / "src"),
                "DJANGO_SETTINGS_MODULE": "motcua.conf.settings",
                "DATABASE_URL": url,
                "MOTCUA_VAR_DIR": str(tmp_path / "var"),
                "NATIONAL_PORTAL_URL": portal.url,
                "NATIONAL_PORTAL_AUTH_URL": portal.auth_url,
                "NATIONAL_PORTAL_USERNAME": standin.USERNAME,
                "NATIONAL_PORTAL_PASSWORD": standin.PASSWORD,
                "NATIONAL_PORTAL_AGENCY_CODE": standin.AGENCY_CODE,
            }
            manage(env, "migrate", "--no-input", "-v0")
            lives = shell_json(env, LIVES.format(count=DOSSIERS))
            portal.catalog[lives["procedure"]] = {"MATTHC": lives["procedure"], "TENTTHC": lives["name"]}
            written = shell_json(env, REPORT)["states"]
            assert set(written) == {"pending"}

            portal.hold_after = 7
            worker = subprocess.Popen(
                [sys.executable, MANAGE, "sync_national_portal", "--no-fetch", "--lease", "2", "--interval", "0.2"],
                env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            try:
                assert portal.holding.wait(60), "the worker never reached the eighth call"
                worker.send_signal(signal.SIGKILL)
                worker.wait(10)
            finally:
                if worker.poll() is None:
                    worker.kill()
            portal.release.set()
            after_kill = shell_json(env, REPORT)["states"]
            assert after_kill.count("sending") == 1 and after_kill.count("sent") == 7
            time.sleep(2.5)  # the dead worker's lease runs out
            manage(env, "sync_national_portal", "--once", "--no-fetch", "--lease", "2", timeout=180)
            report = shell_json(env, REPORT)
    finally:
        drop()

    assert set(report["states"]) == {"sent"}
    # The record in flight reached the portal twice, every other once.
    assert len(portal.received) == len(written) + 1
    for code in lives["dossiers"]:
        shown = [status for status, _run in groupby(portal.statuses[code])]
        assert shown == ["1", "2", "5", "2", "4", "9", "10"]
        assert [status for status, _run in groupby(report["statuses"][code])] == [1, 2, 5, 2, 4, 9, 10]
        times = [line["ThoiDiemXuLy"] for line in portal.progress[code]]
        assert times == sorted(times) and len(times) == len(set(times))
