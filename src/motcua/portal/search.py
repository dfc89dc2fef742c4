"""Finding published procedures: candidates from the database, ranking in Python.

The province publishes about two thousand procedures. Filtering by agency, field and online
mode narrows them in SQL, and so does the text: each of the longest words of the folded
query must be in the version's folded name (ProcedureVersion.search_name, kept by save()) or
in its field's name, or the query must begin its code. The few candidates left are then
ranked in Python (motcua.text.fold), which asks for every word, the same way on SQLite and
PostgreSQL.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

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
    # No DISTINCT (a version performed by the agency asked for is one row) and no order: search()
    # ranks them.
    return versions.order_by()


def folded_fields() -> dict[int, str]:
    """Each field's folded name, read once per cache every few minutes like the menus."""
    return cache.get_or_set(
        FIELDS_CACHE_KEY, lambda: {pk: fold(name) for pk, name in Field.objects.values_list("pk", "name")}, FIELDS_CACHE_SECONDS
    )


# A name typed whole is a dozen words: the longest few narrow the candidates as well as all
# of them, at a fraction of the SQL; rank() then asks for every word.
SQL_WORDS = 3


def text_candidates(folded: str, fields: dict[int, str]) -> Q:
    """A condition that the versions matching the folded query all meet (rank() decides which
    do, and how well): each of its longest words in the name or the field's name, or the
    query beginning the code; `fields` from folded_fields()."""
    if not folded:
        return Q()
    every_word = Q()
    for word in sorted(set(folded.split()), key=lambda word: (-len(word), word))[:SQL_WORDS]:
        every_word &= Q(search_name__contains=word) | Q(field__in=[pk for pk, name in fields.items() if word in name])
    if " " in folded:
        return every_word  # not the beginning of a code (1.001193)
    return every_word | Q(procedure__code__istartswith=folded)


def rank(query: str, code: str, name: str, field_name: str) -> int | None:
    """How well a version answers the folded `query` (lower is better), or None; `name` and
    `field_name` folded too."""
    if not query:
        return NAME_HAS_ALL
    code = code.casefold()
    if query == code:
        return CODE
    if name.startswith(query):
        return NAME_STARTS
    if f" {query}" in f" {name}":
        return NAME_HAS_PHRASE
    # Whole words from here on: "tu" is "tử", not the middle of "thủ tục".
    words, name_words = set(query.split()), set(name.split())
    if words <= name_words:
        return NAME_HAS_ALL
    if words <= name_words | set(field_name.split()):
        return NAME_OR_FIELD_HAS_ALL
    if code.startswith(query):
        return CODE_STARTS
    return None


class Found(NamedTuple):
    """A version as the results list shows it."""

    name: str
    code: str
    field_name: str
    online_mode: str

    @property
    def online_mode_label(self) -> str:
        return str(ONLINE_MODES.get(self.online_mode, self.online_mode))


ONLINE_MODES = dict(ProcedureVersion.OnlineMode.choices)


class Ranked(Sequence):
    """Versions in rank order: the ranking is made on a few columns of each candidate, and only
    the page shown is read, as `Found` lines (a broad query matches a thousand)."""

    def __init__(self, ids: list[int]):
        self.ids = ids

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._read(self.ids[index])
        return self._read([self.ids[index]])[0]

    @staticmethod
    def _read(ids: list[int]) -> list[Found]:
        found = {
            pk: Found(*line)
            for pk, *line in ProcedureVersion.objects.filter(pk__in=ids).values_list(
                "pk", "name", "procedure__code", "field__name", "online_mode"
            )
        }
        return [found[pk] for pk in ids if pk in found]

    def __iter__(self):
        return iter(self[:])


def search(query: str, filters: Filters = Filters()) -> Ranked:
    """Published versions matching `query` (accents and case ignored) and `filters`, best first,
    then by name."""
    folded = fold(query)
    fields = folded_fields()
    ranked = []
    candidates = published_versions(filters).filter(text_candidates(folded, fields))
    # The levels are a JSON list ("contains" is not available on SQLite): read and decoded only
    # when a level is asked for, a third of the time of a broad query otherwise.
    columns = ["pk", "search_name", "procedure__code", "field_id", *(["levels"] if filters.level else [])]
    for pk, name, code, field_id, *levels in candidates.values_list(*columns):
        if filters.level and filters.level not in (levels[0] or []):
            continue
        # search_name is fold(name), kept by ProcedureVersion.save().
        score = rank(folded, code, name, fields.get(field_id, ""))
        if score is not None:
            ranked.append((score, name, code, pk))
    ranked.sort()
    return Ranked([pk for *_key, pk in ranked])
