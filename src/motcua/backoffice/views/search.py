"""Finding dossiers by code, applicant name or ID number, with Vietnamese accents optional.

The database is asked only for what it can compare as typed (codes and ID numbers have no
accents); names are compared in Python after folding both sides, so "Tran Thi Lan",
"trần thị lan" and "TRAN THI LAN" find "Trần Thị Lan" on SQLite and PostgreSQL alike.
"""

import unicodedata

from django.db.models import Q, QuerySet

QUERY_MAX_LENGTH = 100


def fold(text: str) -> str:
    """Lower case without diacritics; đ is a letter of its own in Unicode, so it is mapped by hand."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


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
    folded = fold(query)
    by_name = [pk for pk, name in dossiers.values_list("pk", "applicant_name").iterator() if folded in fold(name)]
    return dossiers.filter(Q(code__icontains=query) | Q(applicant_id_number__icontains=query) | Q(pk__in=by_name))
