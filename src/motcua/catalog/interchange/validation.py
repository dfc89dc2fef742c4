"""Checks a catalog (the interchange dict) before anything is written.

A problem is a (path, message) pair. The path points into the dict — () for the file,
("procedures", 2) for the third procedure, ("procedures", 2, "steps", 0) for its first
step — and the caller names it in the terms of the file it read (JSON position or
workbook row). Rules about the process itself (steps, quotas, documents) are not repeated
here: services.process_problems checks them on the rows the import writes.
"""

import copy
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog.interchange.columns import (
    CHILD_COLUMNS,
    FIELD_COLUMNS,
    FORMAT,
    PROCEDURE_COLUMN,
    PROCEDURE_COLUMNS,
    STATUS_COLUMN,
    VERSION,
    Column,
    Invalid,
)
from motcua.catalog.models import Field

Path = tuple
Problem = tuple[Path, str]

TOP_LEVEL_KEYS = {"format", "version", "fields", "procedures"}


@dataclass
class ProcedureRecord:
    path: Path
    code: str
    owner: Agency
    agencies: list[Agency]
    # Same shape as exporter.version_content, so that equal content compares equal.
    content: dict


@dataclass
class CheckedCatalog:
    fields: dict[str, str] = field(default_factory=dict)
    procedures: list[ProcedureRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _clean(item, columns: tuple[Column, ...], path: Path, problems: list[Problem], ignored=()) -> dict | None:
    """`item` with each column cleaned and defaults filled in; None when anything is wrong."""
    if not isinstance(item, dict):
        problems.append((path, _("Phải là một đối tượng JSON (các cặp khóa – giá trị).")))
        return None
    found = len(problems)
    unknown = set(item) - {column.key for column in columns} - set(ignored)
    if unknown:
        problems.append((path, _("Khóa không xác định: %(keys)s.") % {"keys": ", ".join(sorted(unknown))}))
    cleaned = {}
    for column in columns:
        value = item.get(column.key)
        if value is None:
            if column.required:
                problems.append((path, _("%(column)s: bắt buộc phải có.") % {"column": column.label}))
            cleaned[column.key] = copy.deepcopy(column.default)
            continue
        try:
            cleaned[column.key] = column.clean(value)
        except Invalid as error:
            problems.append((path, _("%(column)s: %(problem)s.") % {"column": column.label, "problem": error}))
    return cleaned if len(problems) == found else None


def _list(data: dict, key: str, path: Path, problems: list[Problem]) -> list:
    value = data.get(key, [])
    if isinstance(value, list):
        return value
    problems.append((path, _("“%(key)s” phải là một danh sách.") % {"key": key}))
    return []


def _agency_problem(column: Column, code: str, agencies: dict[str, Agency]) -> str | None:
    agency = agencies.get(code)
    if agency is None:
        return _("%(column)s: không có cơ quan mã “%(code)s”.") % {"column": column.label, "code": code}
    if not agency.is_active:
        successor = agency.successor()
        hint = "" if successor is agency else _(" (đã sáp nhập vào %(code)s)") % {"code": successor.code}
        return _("%(column)s: cơ quan “%(code)s” đã ngừng hoạt động%(hint)s.") % {
            "column": column.label,
            "code": code,
            "hint": hint,
        }
    return None


def _check_fields(items: list, problems: list[Problem]) -> dict[str, str]:
    """Code → name of the fields the file declares without a problem."""
    fields: dict[str, str] = {}
    positions: dict[str, int] = {}
    for index, item in enumerate(items):
        path = ("fields", index)
        cleaned = _clean(item, FIELD_COLUMNS, path, problems)
        if cleaned is None:
            continue
        if cleaned["code"] in fields:
            problems.append((path, _("Lĩnh vực “%(code)s” xuất hiện nhiều lần trong tệp.") % cleaned))
            continue
        fields[cleaned["code"]] = cleaned["name"]
        positions[cleaned["code"]] = index
    # Names are unique too: a file may rename its own fields but not take another field's name.
    holders = Counter((dict(Field.objects.values_list("code", "name")) | fields).values())
    for code, name in list(fields.items()):
        if holders[name] > 1:
            message = _("Tên lĩnh vực “%(name)s” đã dùng cho lĩnh vực khác.") % {"name": name}
            problems.append((("fields", positions[code]), message))
            del fields[code]
    return fields


def _check_procedure(
    item, path: Path, *, agencies: dict[str, Agency], field_codes: set[str], problems: list[Problem]
) -> ProcedureRecord | None:
    found = len(problems)
    cleaned = _clean(item, PROCEDURE_COLUMNS, path, problems, ignored=[STATUS_COLUMN.key, *CHILD_COLUMNS])
    if cleaned is None:
        return None
    for related, columns in CHILD_COLUMNS.items():
        cleaned[related] = [
            _clean(row, columns, path + (related, index), problems)
            for index, row in enumerate(_list(item, related, path, problems))
        ]
    agency_codes = [("owner", cleaned["owner"])] + [("agencies", code) for code in cleaned["agencies"]]
    for key, code in agency_codes:
        problem = _agency_problem(PROCEDURE_COLUMN[key], code, agencies)
        if problem:
            problems.append((path, problem))
    if cleaned["field"] not in field_codes:
        problems.append(
            (path, _("%(column)s: lĩnh vực “%(code)s” không có trong tệp và chưa có trong hệ thống.")
             % {"column": PROCEDURE_COLUMN["field"].label, "code": cleaned["field"]})
        )
    if len(problems) > found:
        return None
    code, owner = cleaned.pop("code"), cleaned.pop("owner")
    return ProcedureRecord(
        path=path,
        code=code,
        owner=agencies[owner],
        agencies=[agencies[agency_code] for agency_code in cleaned["agencies"]],
        content=cleaned,
    )


def check_catalog(data) -> CheckedCatalog:
    """Every problem in `data`, and the procedures that have none, ready to be written."""
    checked = CheckedCatalog()
    problems = checked.problems
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        message = _("Tệp không phải danh mục thủ tục: cần khóa \"format\": \"%(format)s\".") % {"format": FORMAT}
        problems.append(((), message))
        return checked
    if data.get("version") != VERSION:
        problems.append(
            ((), _("Chưa hỗ trợ phiên bản định dạng “%(version)s”; hệ thống đọc phiên bản %(supported)d.")
             % {"version": data.get("version"), "supported": VERSION})
        )
        return checked
    unknown = set(data) - TOP_LEVEL_KEYS
    if unknown:
        problems.append(((), _("Khóa không xác định: %(keys)s.") % {"keys": ", ".join(sorted(unknown))}))
    declared = _list(data, "fields", (), problems)
    checked.fields = _check_fields(declared, problems)
    agencies = {agency.code: agency for agency in Agency.objects.select_related("merged_into")}
    # A field the file declares wrongly is reported there, not again at each procedure using it.
    field_codes = set(Field.objects.values_list("code", flat=True))
    field_codes |= {item.get("code") for item in declared if isinstance(item, dict) and isinstance(item.get("code"), str)}
    seen: set[str] = set()
    for index, item in enumerate(_list(data, "procedures", (), problems)):
        path = ("procedures", index)
        record = _check_procedure(item, path, agencies=agencies, field_codes=field_codes, problems=problems)
        if record is None:
            continue
        if record.code in seen:
            problems.append((path, _("Mã thủ tục “%(code)s” xuất hiện nhiều lần trong tệp.") % {"code": record.code}))
            continue
        seen.add(record.code)
        checked.procedures.append(record)
    return checked
