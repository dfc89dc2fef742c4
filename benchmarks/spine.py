"""Figures for the platform spine: working-time arithmetic, counter receipt, catalog import,
procedure search, the notification sender.

    python benchmarks/spine.py [--receipts 300] [--procedures 2000] [--messages 1000]

Runs against a throwaway test database on the configured DATABASE_URL (SQLite by
default), so it never touches real data. It reports; it never fails on a time.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.settings")
# Made and measured with the demo's settings (the published key, the sandbox gateway): it serves no one.
os.environ.setdefault("MOTCUA_DEMO", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def timed(label: str, count: int, run) -> None:
    started = time.perf_counter()
    run()
    elapsed = time.perf_counter() - started
    print(f"{label:<55} {count:>6} in {elapsed:7.2f} s  = {count / elapsed:9.1f}/s  ({elapsed / count * 1000:.3f} ms each)")


def calendar_figures() -> None:
    from motcua.workcalendar import WorkingCalendar

    calendar = WorkingCalendar()
    start = datetime(2026, 1, 5, 8, 0, tzinfo=VN)
    starts = [start + timedelta(hours=7 * i) for i in range(10_000)]
    timed("add_working_days(start, 15) across 2026–2029", len(starts), lambda: [calendar.add_working_days(s, Decimal(15)) for s in starts])
    timed("add_working_days(start, 60)", 2_000, lambda: [calendar.add_working_days(s, Decimal(60)) for s in starts[:2_000]])
    timed(
        "working_time_between(start, start + 30 days)",
        2_000,
        lambda: [calendar.working_time_between(s, s + timedelta(days=30)) for s in starts[:2_000]],
    )


def receipt_figures(count: int) -> None:
    from motcua.dossiers.tests.conftest import World

    world = World()
    durations = []

    def receive_all():
        for i in range(count):
            begun = time.perf_counter()
            world.receive(at=datetime(2026, 3, 2, 8, 0, tzinfo=VN) + timedelta(seconds=i))
            durations.append(time.perf_counter() - begun)

    timed("counter receipt (code, promise, documents, event)", count, receive_all)
    durations.sort()
    print(f"{'  receipt latency median / p95':<55} {statistics.median(durations) * 1000:.1f} ms / {durations[int(len(durations) * 0.95)] * 1000:.1f} ms")


def catalog_figures(count: int) -> None:
    from motcua.agencies.tests.factories import AgencyFactory
    from motcua.catalog.interchange import import_catalog

    owner = AgencyFactory(code="000.00.12.H56", name="Sở Tư pháp", short_name="STP")
    step = {"role": "reception", "division_code": "", "transfer_level": ""}
    procedures = [
        {
            "code": f"2.{i:06d}.H56",
            "owner": owner.code,
            "name": f"Thủ tục thử nghiệm số {i}",
            "field": "thu-nghiem",
            "levels": ["province"],
            "agencies": [owner.code],
            "legal_time": "5",
            "deliveries": ["counter", "post"],
            "documents": [{"name": "Tờ khai", "originals": 1}, {"name": "Bản sao CCCD", "copies": 1, "mandatory": False}],
            "fees": [{"name": "Lệ phí", "amount": 50_000}],
            "steps": [
                {**step, "kind": "reception", "name": "Tiếp nhận", "quota": "0.5"},
                {**step, "kind": "processing", "name": "Thụ lý", "role": "handler", "quota": "3.5"},
                {**step, "kind": "approval", "name": "Ký duyệt", "role": "leader", "quota": "0.5"},
                {**step, "kind": "return", "name": "Trả kết quả", "quota": "0.5"},
            ],
        }
        for i in range(count)
    ]
    data = {"format": "motcua-catalog", "version": 1, "fields": [{"code": "thu-nghiem", "name": "Thử nghiệm"}], "procedures": procedures}
    timed("catalog import, all new (validate, create, publish)", count, lambda: import_catalog(data))
    timed("catalog import again, nothing changed", count, lambda: import_catalog(data))
    search_figures(count)


def search_figures(count: int) -> None:
    """The portal's procedure search over the imported catalog: a narrow query (one procedure
    among `count`), a broad one (every procedure's name holds it) and one that matches none."""
    from motcua.portal.search import search

    for label, query in (
        ("narrow: one name", f"thu nghiem so {count - 1}"),
        ("broad: every name", "thu tuc thu nghiem"),
        ("nothing matches", "giay phep xay dung"),
    ):
        found = len(search(query))
        timed(f"procedure search, {label} ({found} found)", 50, lambda query=query: [search(query) for _ in range(50)])


def notification_figures(count: int) -> None:
    """The notification sender's own cost per message: claim with a lease, build, hand over to
    the file stand-in (no network), record the outcome. Providers' latency comes on top."""
    import tempfile

    from django.utils import timezone

    from motcua.notifications import worker
    from motcua.notifications.models import Message

    now = timezone.now()
    Message.objects.bulk_create(
        Message(key=f"bench:{i}", topic="status_unknown", channel="sms", address="0912345678", body=f"Tin so {i}",
                next_attempt_at=now, created_at=now)
        for i in range(count)
    )
    with tempfile.TemporaryDirectory() as folder:
        settings.NOTIFY_FILE_DIR = folder
        timed("notification sender: claim, send (file), record", count, worker.run_once)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--receipts", type=int, default=300)
    parser.add_argument("--procedures", type=int, default=2000)
    parser.add_argument("--messages", type=int, default=1000)
    options = parser.parse_args()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    print(f"database: {connection.vendor}; python {sys.version.split()[0]}; {os.cpu_count()} cores")
    calendar_figures()
    names = setup_databases(verbosity=0, interactive=False)
    try:
        receipt_figures(options.receipts)
        catalog_figures(options.procedures)
        notification_figures(options.messages)
    finally:
        teardown_databases(names, verbosity=0)


if __name__ == "__main__":
    main()
