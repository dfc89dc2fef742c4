"""The tamper-evident audit trail: every dossier's events form a hash chain.

Each event stores `previous_hash` (the hash of the dossier's previous event, empty for the
first) and `hash`, the SHA-256 of a canonical serialisation of its own fields together with
`previous_hash`. Changing, removing or inserting an event by any means outside the lifecycle
breaks the chain from that event on, and `manage.py verify_audit` finds the first broken link.

The chain is per dossier, not one chain over the whole province: lifecycle.record() appends
an event while holding the dossier's row lock, so the dossier's previous event is stable and
no two transitions race for it. A global chain would need one lock over every transition of
every agency, serialising the province's whole back office on a single row.

What a chain cannot show by itself is the removal of a dossier's latest events together (the
remaining chain is still sound) or of a dossier's whole history; backups kept elsewhere
(README, "Backup and restore") are the reference for those.
"""

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils.functional import Promise

# Every field of DossierEvent except its id and the two hashes, by attribute name, so the
# functions below work on model instances, historical models in migrations and .values() rows.
HASHED_FIELDS = (
    "dossier_id",
    "sequence",
    "action",
    "actor_id",
    "at",
    "from_state",
    "to_state",
    "from_step_id",
    "to_step_id",
    "from_agency_id",
    "to_agency_id",
    "receiver_id",
    "due_at",
    "timing",
    "note",
    "data",
)
# Part of the hashed text, so that a future change of the serialisation can tell the forms apart.
FORMAT = "motcua.dossier-event.v1"


def _canonical(value):
    if isinstance(value, Promise):
        # A translatable label (gettext_lazy) is saved as its text: hash the text.
        return str(value)
    if isinstance(value, datetime):
        # Stored as UTC with microseconds on both databases; the same instant hashes alike
        # whatever time zone it was written in.
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def event_hash(fields: dict, previous_hash: str) -> str:
    """SHA-256 (hex) of an event's fields and its predecessor's hash."""
    values = {name: _canonical(fields[name]) for name in HASHED_FIELDS}
    # JSONField data comes back from the database as parsed JSON: round-trip it first so
    # tuples, integer keys and the like hash as they will read back.
    values["data"] = json.loads(json.dumps(values["data"]))
    text = json.dumps(
        {"format": FORMAT, "previous_hash": previous_hash, "fields": values},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(text.encode()).hexdigest()


def seal(event, previous_hash: str) -> None:
    """Set the hashes of an event about to be saved, after `previous_hash`."""
    event.previous_hash = previous_hash
    event.hash = event_hash({name: getattr(event, name) for name in HASHED_FIELDS}, previous_hash)


@dataclass(frozen=True)
class Break:
    """The first link of one dossier's chain that does not hold."""

    dossier_id: int
    sequence: int
    action: str
    reason: str


@dataclass
class Summary:
    dossiers: int = 0
    events: int = 0


def verify(rows: Iterable[dict], summary: Summary | None = None) -> Iterator[Break]:
    """Walk events (dicts with HASHED_FIELDS, `previous_hash` and `hash`) ordered by dossier
    and sequence; yield the first broken link of each dossier's chain."""
    summary = summary if summary is not None else Summary()
    current, expected_previous, expected_sequence, broken = None, "", 1, False
    for row in rows:
        if row["dossier_id"] != current:
            current, expected_previous, expected_sequence, broken = row["dossier_id"], "", 1, False
            summary.dossiers += 1
        summary.events += 1
        if not broken:
            reason = _flaw(row, expected_previous, expected_sequence)
            if reason:
                broken = True
                yield Break(row["dossier_id"], row["sequence"], row["action"], reason)
        expected_previous, expected_sequence = row["hash"], row["sequence"] + 1


def _flaw(row: dict, expected_previous: str, expected_sequence: int) -> str:
    if row["sequence"] != expected_sequence:
        return f"thiếu sự kiện: cần #{expected_sequence}, gặp #{row['sequence']}"
    if row["previous_hash"] != expected_previous:
        return "previous_hash không khớp với hash của sự kiện liền trước"
    if row["hash"] != event_hash(row, row["previous_hash"]):
        return "nội dung sự kiện không khớp với hash của nó (đã bị sửa sau khi ghi)"
    return ""
