"""The list of receiving agencies a person chooses from, in one place for the citizen's filing
wizard and the counter desk: grouped by district, each under its full name (the two "UBND
phường/xã An Bình" say which district they are in), sorted as Vietnamese is sorted (ICU's
Vietnamese collation: Đ after D, ă and â after a, tones in their order), and the one serving
an address picked out for preselection.

The sort is done here in Python, so that it is the same on SQLite and PostgreSQL.
"""

import re
from dataclasses import dataclass, field
from functools import cache

import icu
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.text import fold

# "UBND phường An Bình" → "an binh": the place an agency serves, folded as addresses are.
_PLACE = re.compile(r"^(?:ubnd|uy ban nhan dan)\s+(?:phuong|xa|thi tran|thanh pho|thi xa|huyen|quan)\s+(.+)$")


_KIND = re.compile(r"^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?:phường|xã|thị trấn|thành phố|thị xã|huyện|quận)\s+", re.IGNORECASE)


@cache
def _collator() -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale("vi_VN"))


def sort_key(text: str) -> bytes:
    """The key that sorts Vietnamese text as a Vietnamese reader expects."""
    return _collator().getSortKey(text or "")


def vietnamese_sorted(items, key=lambda item: item):
    return sorted(items, key=lambda item: sort_key(key(item)))


def place(agency: Agency) -> str:
    """The commune or district an agency of that level serves, folded ("" for the others)."""
    match = _PLACE.match(fold(agency.name))
    return match.group(1) if match and agency.level in (Agency.Level.COMMUNE, Agency.Level.DISTRICT) else ""


def full_name(agency: Agency) -> str:
    """A commune's name with its district's, so that two communes of one name are told apart."""
    if agency.level == Agency.Level.COMMUNE and agency.parent_id:
        return f"{agency.name} ({agency.parent.short_name})"
    return agency.name


@dataclass
class Choice:
    agency: Agency
    label: str
    place: str
    district_place: str

    @property
    def search(self) -> str:
        """What the filter compares with what is typed: the full name, folded."""
        return fold(self.label)

    @property
    def pk(self) -> int:
        return self.agency.pk


@dataclass
class Group:
    label: str
    choices: list[Choice] = field(default_factory=list)


def _district(agency: Agency) -> Agency | None:
    if agency.level == Agency.Level.DISTRICT:
        return agency
    if agency.level == Agency.Level.COMMUNE and agency.parent_id and agency.parent.level == Agency.Level.DISTRICT:
        return agency.parent
    return None


def grouped(agencies) -> list[Group]:
    """The agencies under their district (the district's own office first, then its communes),
    provincial ones in a first group; groups and names in Vietnamese order."""
    provincial = Group(_("Cấp tỉnh và sở, ban, ngành"))
    districts: dict[int, tuple[Agency, Group]] = {}
    for agency in agencies.select_related("parent") if hasattr(agencies, "select_related") else agencies:
        district = _district(agency)
        choice = Choice(agency, full_name(agency), place(agency), place(district) if district else "")
        if district is None:
            provincial.choices.append(choice)
        else:
            districts.setdefault(district.pk, (district, Group(district.name)))[1].choices.append(choice)
    for group in [provincial] + [group for _district_agency, group in districts.values()]:
        group.choices.sort(key=lambda choice: (choice.agency.level == Agency.Level.COMMUNE, sort_key(choice.label)))
    # By the district's own name: "Bến Cát" before "Dầu Tiếng", whether city or rural district.
    ordered = vietnamese_sorted(districts.values(), key=lambda pair: _KIND.sub("", pair[0].name))
    return ([provincial] if provincial.choices else []) + [group for _district_agency, group in ordered]


def serving(groups: list[Group], address: str) -> Choice | None:
    """The one choice whose commune (better: commune and district) the address names, else the
    district office the address names; None when the address names none or several equally."""
    words = f" {' '.join(re.sub(r'[^a-z0-9]+', ' ', fold(address)).split())} "
    if not words.strip():
        return None

    def named(folded_place: str) -> bool:
        return bool(folded_place) and f" {folded_place} " in words

    scored = []
    for group in groups:
        for choice in group.choices:
            if choice.agency.level == Agency.Level.COMMUNE:
                # Its district counts only when named apart from the commune ("phường Dĩ An"
                # alone does not name the city of Dĩ An too).
                rest = words.replace(f" {choice.place} ", " ", 1)
                score = (2 + (bool(choice.district_place) and f" {choice.district_place} " in rest)) if named(choice.place) else 0
            else:
                score = 1 if named(choice.place) else 0
            if score:
                scored.append((score, choice))
    if not scored:
        return None
    best = max(score for score, _choice in scored)
    top = [choice for score, choice in scored if score == best]
    return top[0] if len(top) == 1 else None
