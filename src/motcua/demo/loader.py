"""Loads the whole demo province in order: agencies, accounts, catalog, dossiers.

Each part leaves alone what is already there, so loading twice changes nothing. The
dossiers are made in one transaction: either the whole demo history is there or none
of it, and a second run finds it and skips.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from motcua.demo.accounts import load_accounts
from motcua.demo.catalog import load_catalog
from motcua.demo.certificates import load_certificates
from motcua.demo.dossiers import DEFAULT_COUNT, demo_dossiers_exist, load_dossiers
from motcua.demo.province import load_province
from motcua.dossiers import outbox


@dataclass
class LoadReport:
    lines: list[str] = field(default_factory=list)

    def add(self, text: str, started: float) -> None:
        self.lines.append(f"{text} ({time.monotonic() - started:.1f} s)")


def load_demo(*, dossiers: int = DEFAULT_COUNT, say: Callable[[str], None] = lambda text: None) -> LoadReport:
    report = LoadReport()

    def step(text: str, started: float) -> None:
        report.add(text, started)
        say(report.lines[-1])

    started = time.monotonic()
    with transaction.atomic():
        created = load_province()
    step(f"Cơ quan: thêm {created.agencies} cơ quan, {created.divisions} phòng ban", started)

    started = time.monotonic()
    with transaction.atomic():
        accounts = load_accounts()
        certificates = load_certificates()  # from a demo CA, so that the demo's leaders, desks and clerks can sign
    step(f"Tài khoản: thêm {accounts}, chứng thư số trình diễn {certificates}", started)

    started = time.monotonic()
    catalog = load_catalog()
    step(
        f"Thủ tục: mới {len(catalog.created)}, phiên bản mới {len(catalog.new_version)}, không đổi {len(catalog.unchanged)}",
        started,
    )

    started = time.monotonic()
    if demo_dossiers_exist():
        step("Hồ sơ: đã có hồ sơ trình diễn, bỏ qua", started)
    else:
        with transaction.atomic(), outbox.recording_history():
            made = load_dossiers(dossiers)
        step(f"Hồ sơ: thêm {made}", started)
    return report
