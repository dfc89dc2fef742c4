"""Finding dossiers by code, applicant name or ID number, with Vietnamese accents optional.

Names are matched on the dossier's folded copy of the applicant's name (motcua.text.fold,
stored and indexed when the dossier is created), so "Tran Thi Lan", "trần thị lan" and
"TRAN THI LAN" find "Trần Thị Lan" on SQLite and PostgreSQL alike, in the database.
"""

import unicodedata

from django.db.models import Q, QuerySet

from motcua.text import fold

QUERY_MAX_LENGTH = 100


def clean_query(raw: str | None) -> str:
    """What a person (or a barcode scanner) typed, without control characters (NUL breaks
    PostgreSQL) and cut to a sensible length."""
    text = "".join(c for c in (raw or "") if unicodedata.category(c)[0] != "C")
    return " ".join(text.split())[:QUERY_MAX_LENGTH]


def matching(dossiers: QuerySet, query: str) -> QuerySet:
    """The dossiers whose code or ID number contains `query`, or whose applicant name
    contains it, accents and case ignored."""
    query = clean_query(query)
    if not query:
        return dossiers
    return dossiers.filter(
        Q(code__icontains=query) | Q(applicant_id_number__icontains=query) | Q(applicant_search_name__contains=fold(query))
    )
