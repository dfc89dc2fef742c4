"""Finding published procedures: candidates from the database, ranking in Python.

The province publishes about two thousand procedures. Filtering by agency, field and online
mode narrows them in SQL, and so does the text: every word of the folded query must be in
the version's folded name (ProcedureVersion.search_name, kept by save()) or in its field's
name, or the query must begin its code. The few candidates left are then ranked in Python
(motcua.text.fold), the same way on SQLite and PostgreSQL.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q, QuerySet

from motcua.catalog.models import Field, ProcedureVersion
from motcua.text import fold

FIELDS_CACHE_KEY = "portal:folded-fields"
FIELDS_CACHE_SECONDS = 300

# Best match first; a version that matches none of these is left out.
CODE = 0  # the query is the procedure's code
NAME_STARTS = 1  # the name begins with the query
NAME_HAS_PHRASE = 2  # the query, as typed, is inside the name from the start of a word
NAME_HAS_ALL = 3  # every word of the query is a word of the name, in any order
NAME_OR_FIELD_HAS_ALL = 4  # every word is in the name or the field's name
CODE_STARTS = 5  # the query begins the code (1.0011…)


@dataclass(frozen=True)
class Filters:
    agency: int | None = None
    level: str = ""
    field: str = ""
    online_mode: str = ""


def published_versions(filters: Filters) -> QuerySet:
    versions = ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED)
    if filters.agency:
        versions = versions.filter(agencies=filters.agency)
    if filters.field:
        versions = versions.filter(field__code=filters.field)
    if filters.online_mode:
        versions = versions.filter(online_mode=filters.online_mode)
    # Only what ranking and the result list read: most of a version's text stays in the database.
    return versions.select_related("procedure", "field").only(
        "name", "search_name", "levels", "online_mode", "procedure__code", "field__name", "field__code"
    ).distinct()


def folded_fields() -> dict[int, str]:
    """Each field's folded name, read once per cache every few minutes like the menus."""
    return cache.get_or_set(
        FIELDS_CACHE_KEY, lambda: {pk: fold(name) for pk, name in Field.objects.values_list("pk", "name")}, FIELDS_CACHE_SECONDS
    )


def text_candidates(folded: str) -> Q:
    """The versions that can match the folded query at all (rank() decides how well)."""
    if not folded:
        return Q()
    fields = folded_fields()
    every_word = Q()
    for word in folded.split():
        every_word &= Q(search_name__contains=word) | Q(field__in=[pk for pk, name in fields.items() if word in name])
    return every_word | Q(procedure__code__istartswith=folded)


def rank(version: ProcedureVersion, query: str, fields: dict[int, str] | None = None) -> int | None:
    """How well `version` answers the folded `query` (lower is better), or None; `fields`:
    folded field names by id (folded_fields())."""
    if not query:
        return NAME_HAS_ALL
    code = version.procedure.code.casefold()
    if query == code:
        return CODE
    name = version.search_name  # fold(version.name), kept by ProcedureVersion.save()
    if name.startswith(query):
        return NAME_STARTS
    if f" {query}" in f" {name}":
        return NAME_HAS_PHRASE
    # Whole words from here on: "tu" is "tử", not the middle of "thủ tục".
    words, name_words = set(query.split()), set(name.split())
    if words <= name_words:
        return NAME_HAS_ALL
    field_name = fields[version.field_id] if fields and version.field_id in fields else fold(version.field.name)
    if words <= name_words | set(field_name.split()):
        return NAME_OR_FIELD_HAS_ALL
    if code.startswith(query):
        return CODE_STARTS
    return None


def search(query: str, filters: Filters = Filters()) -> list[ProcedureVersion]:
    """Published versions matching `query` (accents and case ignored) and `filters`, best first,
    then by name."""
    folded = fold(query)
    fields = folded_fields() if folded else None
    ranked = []
    for version in published_versions(filters).filter(text_candidates(folded)):
        if filters.level and filters.level not in (version.levels or []):
            continue  # a JSON list: "contains" is not available on SQLite
        score = rank(version, folded, fields)
        if score is not None:
            ranked.append((score, version.search_name, version.procedure.code, version))
    ranked.sort(key=lambda row: row[:3])
    return [row[3] for row in ranked]
