"""Dossier codes: {agency identity code}-{YYMMDD}-{NNNN}, never reused.

The counter row for (agency, day) is incremented with an UPDATE, which locks it until
the receiving transaction commits: two counters receiving at the same instant queue
on that row instead of reading the same number.
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from motcua.agencies.models import Agency
from motcua.dossiers.models import CodeSequence


def _increment(agency: Agency, day) -> int | None:
    counters = CodeSequence.objects.filter(agency=agency, day=day)
    if counters.update(last_number=F("last_number") + 1):
        return counters.values_list("last_number", flat=True).get()
    return None


def next_dossier_code(agency: Agency, at: datetime) -> str:
    """Must run inside the transaction that stores the dossier."""
    day = timezone.localtime(at).date()
    number = _increment(agency, day)
    if number is None:
        try:
            with transaction.atomic():
                CodeSequence.objects.create(agency=agency, day=day, last_number=1)
            number = 1
        except IntegrityError:
            # Another transaction created today's counter first: take the next number after it.
            number = _increment(agency, day)
    return f"{agency.code}-{day:%y%m%d}-{number:04d}"
