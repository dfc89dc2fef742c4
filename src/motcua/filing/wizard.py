"""The steps of online filing and how each one checks what the applicant sent.

Each `clean_*` takes the posted values and returns what the draft keeps for the step, or
raises ValidationError with a dict of input name → Vietnamese message. Nothing here
writes; motcua.filing.services saves the result.
"""

import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.catalog import fees
from motcua.catalog.formschema import clean_submission
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.services import ApplicantInfo, check_applicant
from motcua.payments.services import pays_online
from motcua.text import vnd


@dataclass(frozen=True)
class Step:
    number: int
    key: str
    title: str


STEPS = [
    Step(1, "agency", _("Nơi nộp hồ sơ")),
    Step(2, "applicant", _("Thông tin người nộp")),
    Step(3, "form", _("Tờ khai")),
    Step(4, "documents", _("Giấy tờ đính kèm")),
    Step(5, "delivery", _("Hình thức nhận kết quả")),
    Step(6, "review", _("Kiểm tra và nộp")),
]
STEP_BY_NUMBER = {step.number: step for step in STEPS}
LAST_STEP = STEPS[-1].number

APPLICANT_FIELDS = ["applicant_name", "applicant_id_number", "applicant_address", "applicant_phone", "applicant_email", "representative"]


def offered_agencies(version: ProcedureVersion):
    return version.agencies.filter(is_active=True).order_by("name")


def clean_agency(version: ProcedureVersion, posted) -> int:
    agency = offered_agencies(version).filter(pk=_int(posted.get("agency"))).first()
    if agency is None:
        raise ValidationError({"agency": _("Hãy chọn một cơ quan thực hiện thủ tục này.")})
    return agency.pk


def applicant_from_profile(user) -> dict:
    return {
        "applicant_name": user.full_name or user.get_full_name(),
        "applicant_id_number": user.national_id or user.tax_code,
        "applicant_address": user.address,
        "applicant_phone": user.phone,
        "applicant_email": user.email,
        "representative": "",
    }


# Applicant step field → the account field the national e-ID may have filled (User.eid_fields).
EID_SOURCES = {
    "applicant_name": "full_name", "applicant_id_number": ("national_id", "tax_code"),
    "applicant_address": "address", "applicant_phone": "phone",
}


def eid_applicant_fields(user) -> set[str]:
    """The applicant step's fields that hold what the national e-ID gave: shown "Theo VNeID",
    not editable, whatever is posted."""
    given = set(user.eid_fields)
    return {
        name for name, source in EID_SOURCES.items()
        if given & ({source} if isinstance(source, str) else set(source))
    }


def applicant_info(values: dict) -> ApplicantInfo:
    return ApplicantInfo(
        name=values.get("applicant_name", ""), id_number=values.get("applicant_id_number", ""),
        address=values.get("applicant_address", ""), phone=values.get("applicant_phone", ""),
        email=values.get("applicant_email", ""), representative=values.get("representative", ""),
    )


def clean_applicant(posted, user) -> dict:
    values = {name: str(posted.get(name, "")).strip()[:255] for name in APPLICANT_FIELDS}
    profile = applicant_from_profile(user)
    values.update({name: profile[name] for name in eid_applicant_fields(user)})
    errors = check_applicant(applicant_info(values))
    if errors:
        raise ValidationError(errors)
    return values


def posted_form(version: ProcedureVersion, posted) -> dict:
    """The form's values as posted, only the schema's fields; browsers send nothing for an
    unticked checkbox, which means no."""
    fields = (version.form_schema or {}).get("fields", [])
    return {f["name"]: posted.get(f["name"], False if f["type"] == "checkbox" else "") for f in fields}


def clean_form(version: ProcedureVersion, posted) -> dict:
    return clean_submission(version.form_schema, posted_form(version, posted))


def clean_delivery(version: ProcedureVersion, posted) -> str:
    delivery = posted.get("delivery", "")
    if delivery not in version.deliveries:
        raise ValidationError({"delivery": _("Hãy chọn một hình thức nhận kết quả mà thủ tục này có.")})
    return delivery


def fee_summary(version: ProcedureVersion, form: dict) -> dict:
    """What the dossier will owe and how, for the review step (filing/_fee.html): the same
    computation filing stores and the counter and online payment collect."""
    try:
        found = fees.statement(version, form)
    except ValidationError as error:
        return {"errors": error.messages, "lines": (), "total": ""}
    return {"errors": [], "lines": found.charged, "total": vnd(found.total) if found.total else "", "online": pays_online(version)}


def step_of_error(key: str, version: ProcedureVersion) -> int:
    """Which step fixes the error that submission reported under `key`."""
    if key in APPLICANT_FIELDS:
        return 2
    if key == "documents":
        return 4
    if key == "delivery":
        return 5
    if key in {f["name"] for f in (version.form_schema or {}).get("fields", [])} or key == "form_data":
        return 3
    return 1


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


HTML_INPUT_TYPES = {
    "number": "number", "integer": "number", "money": "text", "date": "date", "email": "email", "phone": "tel",
    "national_id": "text", "text": "text",
}
HTML_STEPS = {"number": "any", "integer": "1"}
HTML_PATTERNS = {"phone": r"(\+84|0)[0-9]{9,10}", "national_id": r"[0-9]{12}", "money": r"[0-9][0-9. ]*"}


def form_fields(version: ProcedureVersion, values: dict, errors: dict) -> list[dict]:
    """The schema's fields ready for the template, with the attributes browsers check.

    A field shown only under a condition carries the condition (filing/conditions.js shows
    it, and requires it, only while the condition holds); the server asks for it when it
    applies, with or without the script.
    """
    labels = {}
    fields = []
    for field in (version.form_schema or {}).get("fields", []):
        labels[field["name"]] = field["label"]
        condition = field.get("visible_if")
        fields.append({
            **field,
            "input_type": HTML_INPUT_TYPES.get(field["type"], field["type"]),
            "html_pattern": field.get("pattern") or HTML_PATTERNS.get(field["type"], ""),
            "html_min": str(field["min"]) if "min" in field else "",
            "html_max": str(field["max"]) if "max" in field else "",
            "html_required": field.get("required", False) and not condition,
            "html_step": HTML_STEPS.get(field["type"], ""),
            "condition_label": labels.get(condition["field"], "") if condition else "",
            "condition_values": json.dumps(_condition_values(condition)) if condition else "",
            "value": values.get(field["name"], ""),
            "error": errors.get(field["name"], ""),
        })
    return fields


def _condition_values(condition: dict) -> list[str]:
    """The values, as the browser reads them (a ticked box is "true"), that show a field."""
    values = [condition["equals"]] if "equals" in condition else condition["in"]
    return ["true" if v is True else "false" if v is False else str(v) for v in values]
