"""The catalog as a dict in the interchange format (see the package docstring)."""

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import QuerySet

from motcua.catalog.interchange.columns import CHILD_COLUMNS, FORMAT, VERSION, VERSION_ATTRIBUTES
from motcua.catalog.models import Procedure, ProcedureVersion

LIVE = [ProcedureVersion.Status.PUBLISHED, ProcedureVersion.Status.DRAFT]


def live_versions() -> QuerySet:
    """Published and draft versions with everything a record needs, in a fixed number of queries."""
    return (
        ProcedureVersion.objects.filter(status__in=LIVE)
        .select_related("procedure__owner", "field")
        .prefetch_related("agencies", "documents", "fees", "steps")
    )


def version_content(version: ProcedureVersion) -> dict:
    """What a version says, as a record without its identity: equal content means equal dicts."""
    content = {key: getattr(version, key) for key in VERSION_ATTRIBUTES}
    content["field"] = version.field.code
    content["agencies"] = sorted(agency.code for agency in version.agencies.all())
    for related, columns in CHILD_COLUMNS.items():
        content[related] = [
            {column.key: getattr(row, column.key) for column in columns} for row in getattr(version, related).all()
        ]
    return content


def _decimal_text(number: Decimal) -> str:
    # normalize() alone would write 10 as "1E+1".
    return format(number.normalize(), "f")


def _record(version: ProcedureVersion) -> dict:
    content = version_content(version)
    content["legal_time"] = _decimal_text(content["legal_time"])
    for step in content["steps"]:
        step["quota"] = _decimal_text(step["quota"])
    return {"code": version.procedure.code, "owner": version.procedure.owner.code, "status": version.status, **content}


def export_catalog(procedures: Iterable[Procedure] | QuerySet | None = None) -> dict:
    """The published version of each procedure (all of them by default), or its draft when
    nothing is published yet; procedures without either are left out."""
    versions = live_versions().order_by("procedure__code")
    if procedures is not None:
        versions = versions.filter(procedure__in=procedures)
    chosen: dict[int, ProcedureVersion] = {}
    for version in versions:
        if version.procedure_id not in chosen or version.status == ProcedureVersion.Status.PUBLISHED:
            chosen[version.procedure_id] = version
    fields = {version.field.code: version.field.name for version in chosen.values()}
    return {
        "format": FORMAT,
        "version": VERSION,
        "fields": [{"code": code, "name": fields[code]} for code in sorted(fields)],
        "procedures": [_record(version) for version in chosen.values()],
    }
