"""The agency tree of the demo province: UBND tỉnh, its departments, districts and communes.

Agencies are created through agencies.services.create_agency so each has its history and
its one-stop desk; an agency or division that already exists is left as it is, so loading
twice changes nothing.
"""

from dataclasses import dataclass, field

from motcua.agencies.models import Agency, Division
from motcua.agencies.services import create_agency
from motcua.demo.data import read

Level = Agency.Level


@dataclass(frozen=True)
class Unit:
    """One agency of the data file, with what the rest of the demo needs to know about it."""

    code: str
    name: str
    short_name: str
    slug: str
    level: str
    parent: str | None
    address: str
    divisions: tuple[tuple[str, str], ...]


@dataclass
class Created:
    agencies: int = 0
    divisions: int = 0
    codes: list[str] = field(default_factory=list)


def units() -> list[Unit]:
    """Every agency of the demo province, parents before children."""
    data = read("province")
    province = data["province"]
    sets = data["division_sets"]
    found = [
        Unit(
            code=province["code"], name=province["name"], short_name=province["short_name"], slug=province["slug"],
            level=Level.PROVINCE, parent=None, address=province["address"], divisions=_pairs(province["divisions"]),
        )
    ]
    for department in data["departments"]:
        found.append(
            Unit(
                code=department["code"], name=department["name"], short_name=department["short_name"], slug=department["slug"],
                level=Level.DEPARTMENT, parent=province["code"], address=province["address"],
                divisions=_pairs(department["divisions"]),
            )
        )
    for district in data["districts"]:
        district_area = f"{district['area']}, tỉnh Bình Dương"
        found.append(
            Unit(
                code=district["code"], name=district["name"], short_name=district["short_name"], slug=district["slug"],
                level=Level.DISTRICT, parent=province["code"], address=district_area,
                divisions=_pairs(sets[district["kind"]]),
            )
        )
        for commune in district["communes"]:
            found.append(
                Unit(
                    code=commune["code"], name=commune["name"], short_name=commune["short_name"], slug=commune["slug"],
                    level=Level.COMMUNE, parent=district["code"], address=f"{commune['area']}, {district_area}",
                    divisions=_pairs(sets["commune"]),
                )
            )
    return found


def _pairs(divisions: list[dict]) -> tuple[tuple[str, str], ...]:
    return tuple((division["code"], division["name"]) for division in divisions)


def load_province(actor=None) -> Created:
    created = Created()
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    for unit in units():
        agency = agencies.get(unit.code)
        if agency is None:
            agency = create_agency(
                code=unit.code, name=unit.name, short_name=unit.short_name, level=unit.level,
                parent=agencies[unit.parent] if unit.parent else None, address=unit.address, actor=actor,
            )
            agencies[unit.code] = agency
            created.agencies += 1
            created.codes.append(unit.code)
        existing = set(agency.divisions.values_list("code", flat=True))
        for code, name in unit.divisions:
            if code not in existing:
                Division.objects.create(agency=agency, code=code, name=name)
                created.divisions += 1
    return created
