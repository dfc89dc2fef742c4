"""Writes a checked catalog: all of it in one transaction, or nothing at all."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.interchange.columns import VERSION_ATTRIBUTES
from motcua.catalog.interchange.exporter import live_versions, version_content
from motcua.catalog.interchange.validation import Path, ProcedureRecord, check_catalog
from motcua.catalog.models import Fee, Field, Procedure, ProcedureVersion, ProcessStep, RequiredDocument
from motcua.catalog.services import process_problems, publish_version, start_new_version

Locator = Callable[[Path], str]

CHILD_LABELS = {
    "documents": gettext_lazy("thành phần hồ sơ %(number)d"),
    "fees": gettext_lazy("phí, lệ phí %(number)d"),
    "steps": gettext_lazy("bước %(number)d"),
}


@dataclass
class ImportReport:
    """What an import did (or, on a dry run, would do), by procedure code; or why it did nothing."""

    created: list[str] = field(default_factory=list)
    new_version: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    owner_changed: list[str] = field(default_factory=list)
    # (code, what) pairs: drafts written that need the province's changes before publishing.
    unfinished: list[tuple[str, str]] = field(default_factory=list)
    # (where, what) pairs in Vietnamese; when there are any, nothing was written.
    errors: list[tuple[str, str]] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            lines = [_("Có %(count)d lỗi, chưa ghi gì vào hệ thống:") % {"count": len(self.errors)}]
            return "\n".join(lines + [f"- {where}: {what}" for where, what in self.errors])
        lines = [
            _("Thủ tục mới: %(count)d") % {"count": len(self.created)},
            _("Thủ tục có phiên bản mới: %(count)d") % {"count": len(self.new_version)},
            _("Thủ tục không thay đổi: %(count)d") % {"count": len(self.unchanged)},
        ]
        if self.owner_changed:
            lines.append(_("Đổi cơ quan quản lý: %(codes)s") % {"codes": ", ".join(self.owner_changed)})
        if self.unfinished:
            lines.append(_("Bản nháp cần điều chỉnh trước khi công bố:"))
            lines += [f"- {code}: {what}" for code, what in self.unfinished]
        if self.dry_run:
            lines.append(_("Chạy thử: chưa ghi gì vào hệ thống."))
        return "\n".join(lines)


class _Rollback(Exception):
    """Undoes the import transaction: on any problem, and at the end of a dry run."""


def json_locator(data) -> Locator:
    """Names a path by its position in the JSON file: “thủ tục 3 (1.001193), bước 2”."""

    def locate(path: Path) -> str:
        if not path:
            return _("Tệp")
        section, index, *child = path
        item = data[section][index]
        where = (_("lĩnh vực %(number)d") if section == "fields" else _("thủ tục %(number)d")) % {"number": index + 1}
        if isinstance(item, dict) and isinstance(item.get("code"), str):
            where += f" ({item['code']})"
        if child:
            related, child_index = child
            where += ", " + CHILD_LABELS[related] % {"number": child_index + 1}
        return where

    return locate


def _save_fields(fields: dict[str, str]) -> dict[str, Field]:
    existing = {row.code: row for row in Field.objects.all()}
    for code, name in fields.items():
        row = existing.get(code) or Field(code=code)
        if row.name != name:
            row.name = name
            row.save()
            existing[code] = row
    return existing


def _write_content(
    version: ProcedureVersion, record: ProcedureRecord, field: Field, *, previous: ProcedureVersion | None
) -> None:
    """Give a new or draft version exactly the content of `record`; `previous` is the live
    version it replaces (the draft itself, or the published version it was started from)."""
    content = record.content
    # Template files do not travel in the file: a document keeps its template while its name stays.
    templates = {document.name: document.template for document in previous.documents.all()} if previous else {}
    if previous is not None and previous.pk == version.pk:
        for related in (version.documents, version.fees, version.steps):
            related.all().delete()
    for key in VERSION_ATTRIBUTES:
        setattr(version, key, content[key])
    version.field = field
    version.save()
    version.agencies.set(record.agencies)
    RequiredDocument.objects.bulk_create(
        RequiredDocument(version=version, order=order, template=templates.get(row["name"], ""), **row)
        for order, row in enumerate(content["documents"], start=1)
    )
    Fee.objects.bulk_create(Fee(version=version, **row) for row in content["fees"])
    ProcessStep.objects.bulk_create(
        ProcessStep(version=version, order=order, **row) for order, row in enumerate(content["steps"], start=1)
    )


def _version_to_fill(procedure: Procedure, live: dict[str, ProcedureVersion]) -> ProcedureVersion:
    """The draft the new content goes into; a published version is never edited."""
    if live:
        return start_new_version(procedure=procedure, copy_rows=False)
    # A procedure row without any live version: its content starts a new version.
    number = procedure.versions.aggregate(last=Max("number"))["last"] or 0
    return ProcedureVersion(procedure=procedure, number=number + 1)


def _finish(version: ProcedureVersion, *, publish: bool) -> list[str]:
    """Problems that stop the version from being used; publishes it when asked and ready."""
    if not publish:
        return process_problems(version)
    try:
        publish_version(version=version)
    except ValidationError as error:
        return error.messages
    return []


def _import_procedure(
    record: ProcedureRecord,
    *,
    procedure: Procedure | None,
    live: dict[str, ProcedureVersion],
    field: Field,
    publish: bool,
) -> tuple[str, list[str]]:
    """Write one procedure; return which report list it belongs to and its problems."""
    if procedure is None:
        procedure = Procedure.objects.create(code=record.code, owner=record.owner)
        version = ProcedureVersion(procedure=procedure, number=1)
        _write_content(version, record, field, previous=None)
        return "created", _finish(version, publish=publish)
    # Without publishing, the draft is what this import would change, so it is what to compare.
    reference = live.get("published") if publish else live.get("draft") or live.get("published")
    if reference is not None and version_content(reference) == record.content:
        return "unchanged", []
    version = _version_to_fill(procedure, live)
    _write_content(version, record, field, previous=live.get("draft") or live.get("published"))
    return "new_version", _finish(version, publish=publish)


def import_catalog(
    data: dict,
    *,
    publish: bool = True,
    dry_run: bool = False,
    locator: Locator | None = None,
    keep_unfinished: bool = False,
) -> ImportReport:
    """Check the whole catalog, then write it; on any problem write nothing and list them all.

    `locator` names a path in the terms of the file the dict came from (default: its JSON
    position). A dry run does the same work and reports the same outcome, then undoes it.
    With `keep_unfinished` (drafts only), a draft whose process does not fit yet (the legal
    time changed under it, say) is written and listed in `unfinished` rather than refused:
    the province adjusts it before publishing.
    """
    if keep_unfinished and publish:
        raise ValueError("Only drafts may be kept unfinished.")
    locate = locator or json_locator(data)
    report = ImportReport(dry_run=dry_run)
    try:
        with transaction.atomic():
            checked = check_catalog(data)
            problems = list(checked.problems)
            fields = _save_fields(checked.fields)
            codes = [record.code for record in checked.procedures]
            procedures = {row.code: row for row in Procedure.objects.filter(code__in=codes)}
            live: dict[str, dict[str, ProcedureVersion]] = {}
            for version in live_versions().filter(procedure__code__in=codes):
                live.setdefault(version.procedure.code, {})[version.status] = version
            for record in checked.procedures:
                field = fields.get(record.content["field"])
                if field is None:
                    continue  # the file declares this field wrongly, and that is reported already
                procedure = procedures.get(record.code)
                if procedure and procedure.owner_id != record.owner.pk:
                    procedure.owner = record.owner
                    procedure.save(update_fields=["owner"])
                    report.owner_changed.append(record.code)
                outcome, found = _import_procedure(
                    record,
                    procedure=procedure,
                    live=live.get(record.code, {}),
                    field=field,
                    publish=publish,
                )
                getattr(report, outcome).append(record.code)
                if keep_unfinished:
                    report.unfinished.extend((record.code, message) for message in found)
                else:
                    problems.extend((record.path, message) for message in found)
            if problems:
                report = ImportReport(errors=[(locate(path), message) for path, message in problems], dry_run=dry_run)
                raise _Rollback
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return report


def import_json(file: BinaryIO, *, publish: bool = True, dry_run: bool = False) -> ImportReport:
    """Import a catalog from a JSON file (see the package docstring for the format)."""
    try:
        data = json.load(file)
    except json.JSONDecodeError as error:
        where = {"line": error.lineno, "column": error.colno}
        message = _("Không đọc được JSON: dòng %(line)d, cột %(column)d.") % where
        return ImportReport(errors=[(_("Tệp"), message)], dry_run=dry_run)
    except UnicodeDecodeError:
        return ImportReport(errors=[(_("Tệp"), _("Tệp JSON phải mã hóa UTF-8."))], dry_run=dry_run)
    return import_catalog(data, publish=publish, dry_run=dry_run)
