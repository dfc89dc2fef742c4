"""Reading the counter receipt form: the procedure decides which fields and documents there
are, so the form is built from its version rather than declared once as a Django Form.

Only the shape of the input is handled here (field names, numbers, scans); every rule on
the dossier itself is left to dossiers.services.receive_at_counter."""

import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from motcua.catalog.models import ProcedureVersion, RequiredDocument
from motcua.dossiers.services import ApplicantInfo, DocumentInput
from motcua.text import is_number
from motcua.uploads import check_document

APPLICANT_FIELDS = ["applicant_id_number", "applicant_name", "applicant_address", "applicant_phone", "applicant_email", "representative"]
INPUT_TYPES = {"number": "number", "integer": "number", "date": "date", "email": "email", "phone": "tel", "national_id": "text", "text": "text"}


def form_field_name(name: str) -> str:
    return f"f_{name}"


@dataclass
class DocumentRow:
    document: RequiredDocument
    received: bool
    originals: str
    copies: str
    errors: list[str] = field(default_factory=list)

    @property
    def prefix(self) -> str:
        return f"doc-{self.document.pk}"


@dataclass
class ReceiptInput:
    """What the officer entered, ready for the service, and what to show again on error."""

    values: dict
    form_values: dict
    rows: list[DocumentRow]
    errors: dict[str, list[str]]
    applicant: ApplicantInfo | None = None
    documents: list[DocumentInput] = field(default_factory=list)

    def add_errors(self, error: ValidationError, form_names: set[str]) -> None:
        """Place the service's errors next to the fields they are about."""
        if not hasattr(error, "error_dict"):
            self.errors.setdefault("general", []).extend(error.messages)
            return
        for key, messages in error.message_dict.items():
            if key in form_names:
                target = form_field_name(key)
            elif key in APPLICANT_FIELDS or key in {"delivery", "documents"}:
                target = key
            else:
                target = "general"
            self.errors.setdefault(target, []).extend(messages)


def form_fields(version: ProcedureVersion) -> list[dict]:
    return list((version.form_schema or {}).get("fields", []))


def raw_form_values(version: ProcedureVersion, data) -> dict:
    """The online form's values as posted (a checkbox is "on" or empty)."""
    return {f["name"]: (data.get(form_field_name(f["name"])) or "").strip() for f in form_fields(version)}


def shown_fields(version: ProcedureVersion, values: dict, errors: dict | None = None) -> list[dict]:
    """The schema's fields with their current value, error and whether visible_if shows them
    now (the same reading as catalog.formschema.clean_submission). A conditional field also
    carries its condition, with the controlling input's name, for reception.js to show or
    hide it as the officer types, without asking the server."""
    errors = errors or {}
    seen: dict = {}
    shown = []
    for spec in form_fields(version):
        condition = spec.get("visible_if")
        visible = True
        if condition:
            value = seen.get(condition["field"])
            visible = value == condition["equals"] if "equals" in condition else value in condition["in"]
        raw = values.get(spec["name"], "")
        if visible:
            seen[spec["name"]] = raw == "on" if spec["type"] == "checkbox" else raw
        shown.append(
            {
                **spec,
                "input_name": form_field_name(spec["name"]),
                "input_type": INPUT_TYPES.get(spec["type"], "text"),
                "value": raw,
                "visible": visible,
                "condition_json": json.dumps({**condition, "field": form_field_name(condition["field"])}) if condition else "",
                "errors": errors.get(form_field_name(spec["name"]), []),
            }
        )
    return shown


def _count(text: str, default: int) -> tuple[int | None, str]:
    text = (text or "").strip()
    if not text:
        return default, str(default)
    return (int(text), text) if is_number(text) else (None, text)


def initial_rows(version: ProcedureVersion) -> list[DocumentRow]:
    return [DocumentRow(d, False, str(d.originals), str(d.copies)) for d in version.documents.all()]


def read_receipt(version: ProcedureVersion, data, files) -> ReceiptInput:
    values = {name: (data.get(name) or "").strip() for name in APPLICANT_FIELDS}
    values["delivery"] = data.get("delivery") or ""
    result = ReceiptInput(values=values, form_values=raw_form_values(version, data), rows=[], errors={})
    for document in version.documents.all():
        prefix = f"doc-{document.pk}"
        originals, originals_text = _count(data.get(f"{prefix}-originals"), document.originals)
        copies, copies_text = _count(data.get(f"{prefix}-copies"), document.copies)
        scan = files.get(f"{prefix}-scan")
        row = DocumentRow(document, bool(data.get(f"{prefix}-received")), originals_text, copies_text)
        result.rows.append(row)
        if originals is None or copies is None:
            row.errors.append(_("Số bản phải là số nguyên không âm."))
        if scan and not row.received:
            row.errors.append(_("Đã đính kèm bản quét nhưng chưa đánh dấu đã nhận giấy tờ này."))
        if scan:
            try:
                scan = check_document(scan, document.name)
            except ValidationError as error:
                row.errors.extend(error.messages)
        if row.received and not row.errors:
            result.documents.append(
                DocumentInput(required_document=document, originals=originals, copies=copies, file=scan or None)
            )
    for row in result.rows:
        if row.errors:
            result.errors[row.prefix] = row.errors
    result.applicant = ApplicantInfo(
        name=values["applicant_name"],
        id_number=values["applicant_id_number"],
        address=values["applicant_address"],
        phone=values["applicant_phone"],
        email=values["applicant_email"],
        representative=values["representative"],
    )
    return result
