"""The online application form of a procedure, as a declarative schema.

A schema is JSON: ``{"fields": [{"name": "ho_ten", "label": "Họ và tên", "type": "text",
"required": true, ...}]}``. Its shape is checked with JSON Schema; what an applicant
submits is checked here, field by field, with messages in Vietnamese.

Field keys: name, label, type, required, help, choices (select/radio: list of
{"value", "label"}), min/max (number, integer, money, date as YYYY-MM-DD), min_length/max_length,
pattern (regular expression), visible_if ({"field": name, "equals": value} or
{"field": name, "in": [values]}): a hidden field is neither required nor kept.

Types: "number" takes decimals (an area, a height); "integer" only whole numbers (a count
of copies, of pages); "money" whole đồng. answers() shows what was declared in plain words,
the one way the filing review, the back office and the printed tờ khai show it.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

import jsonschema
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from motcua.text import vnd

FIELD_TYPES = ["text", "textarea", "number", "integer", "money", "date", "select", "radio", "checkbox", "email", "phone", "national_id"]

_CONDITION = {
    "type": "object",
    "properties": {"field": {"type": "string"}, "equals": {}, "in": {"type": "array"}},
    "required": ["field"],
    "oneOf": [{"required": ["equals"]}, {"required": ["in"]}],
    "additionalProperties": False,
}

META_SCHEMA = {
    "type": "object",
    "properties": {
        "fields": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,62}$"},
                    "label": {"type": "string", "minLength": 1},
                    "type": {"enum": FIELD_TYPES},
                    "required": {"type": "boolean"},
                    "help": {"type": "string"},
                    "choices": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "properties": {"value": {"type": "string"}, "label": {"type": "string"}},
                            "required": ["value", "label"],
                            "additionalProperties": False,
                        },
                    },
                    "min": {"type": ["number", "string"]},
                    "max": {"type": ["number", "string"]},
                    "min_length": {"type": "integer", "minimum": 0},
                    "max_length": {"type": "integer", "minimum": 1},
                    "pattern": {"type": "string"},
                    "visible_if": _CONDITION,
                },
                "required": ["name", "label", "type"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["fields"],
    "additionalProperties": False,
}


# Built once: jsonschema.validate() re-checks the meta-schema on every call, which made
# checking a catalog of 2,000 procedures take minutes.
_META_VALIDATOR_CLASS = jsonschema.validators.validator_for(META_SCHEMA)
_META_VALIDATOR_CLASS.check_schema(META_SCHEMA)
_META_VALIDATOR = _META_VALIDATOR_CLASS(META_SCHEMA)


def validate_schema(schema: dict) -> None:
    """Raise ValidationError (in Vietnamese) unless `schema` is a usable form definition."""
    if schema in ({}, None):
        return
    error = jsonschema.exceptions.best_match(_META_VALIDATOR.iter_errors(schema))
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "gốc"
        raise ValidationError(_("Mẫu đơn không hợp lệ tại %(where)s: %(error)s") % {"where": where, "error": error.message})
    names: list[str] = [field["name"] for field in schema["fields"]]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValidationError(_("Mẫu đơn có trường trùng tên: %(names)s") % {"names": ", ".join(duplicates)})
    for position, field in enumerate(schema["fields"]):
        if field["type"] in {"select", "radio"} and not field.get("choices"):
            raise ValidationError(_("Trường “%(name)s” cần danh sách lựa chọn.") % {"name": field["name"]})
        condition = field.get("visible_if")
        if condition and condition["field"] not in names[:position]:
            raise ValidationError(
                _("Điều kiện hiển thị của “%(name)s” phải dựa vào một trường đứng trước nó.") % {"name": field["name"]}
            )
        if "pattern" in field:
            try:
                re.compile(field["pattern"])
            except re.error:
                raise ValidationError(_("Biểu thức kiểm tra của “%(name)s” không hợp lệ.") % {"name": field["name"]})


def _visible(field: dict, cleaned: dict) -> bool:
    condition = field.get("visible_if")
    if not condition:
        return True
    value = cleaned.get(condition["field"])
    return value == condition["equals"] if "equals" in condition else value in condition["in"]


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value is False


def _clean_value(field: dict, value):
    """Return the cleaned value or raise ValueError with the message for the applicant."""
    kind = field["type"]
    if kind == "checkbox":
        if isinstance(value, bool):
            return value
        if value in ("on", "true", "1", 1):
            return True
        if value in ("", "false", "0", 0):
            return False
        raise ValueError(_("phải là có hoặc không"))
    if not isinstance(value, (str, int, float, Decimal)) or isinstance(value, bool):
        raise ValueError(_("giá trị không hợp lệ"))
    text = str(value).strip()
    if kind == "number":
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise ValueError(_("phải là một số"))
        if not number.is_finite():
            raise ValueError(_("phải là một số"))
        if "min" in field and number < Decimal(str(field["min"])):
            raise ValueError(_("không được nhỏ hơn %(min)s") % {"min": field["min"]})
        if "max" in field and number > Decimal(str(field["max"])):
            raise ValueError(_("không được lớn hơn %(max)s") % {"max": field["max"]})
        return str(number)
    if kind in {"integer", "money"}:
        # Whole numbers only; a money amount may be typed with thousands separators.
        digits = text.replace(".", "").replace(",", "").replace(" ", "") if kind == "money" else text
        if not re.fullmatch(r"-?[0-9]{1,15}", digits):
            raise ValueError(_("phải là số tiền bằng đồng, chỉ gồm chữ số") if kind == "money" else _("phải là số nguyên (không có phần thập phân)"))
        number = int(digits)
        if "min" in field and number < Decimal(str(field["min"])):
            raise ValueError(_("không được nhỏ hơn %(min)s") % {"min": field["min"]})
        if "max" in field and number > Decimal(str(field["max"])):
            raise ValueError(_("không được lớn hơn %(max)s") % {"max": field["max"]})
        return number
    if kind == "date":
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise ValueError(_("phải là ngày hợp lệ (năm-tháng-ngày)"))
        if "min" in field and day < date.fromisoformat(str(field["min"])):
            raise ValueError(_("không được trước ngày %(min)s") % {"min": field["min"]})
        if "max" in field and day > date.fromisoformat(str(field["max"])):
            raise ValueError(_("không được sau ngày %(max)s") % {"max": field["max"]})
        return day.isoformat()
    if kind in {"select", "radio"}:
        if text not in {choice["value"] for choice in field["choices"]}:
            raise ValueError(_("phải chọn một giá trị trong danh sách"))
        return text
    if kind == "email":
        try:
            validate_email(text)
        except ValidationError:
            raise ValueError(_("không phải địa chỉ thư điện tử hợp lệ"))
    if kind == "phone" and not re.fullmatch(r"(\+84|0)[0-9]{9,10}", text.replace(" ", "")):
        raise ValueError(_("không phải số điện thoại hợp lệ"))
    if kind == "national_id" and not re.fullmatch(r"[0-9]{12}", text):
        raise ValueError(_("số định danh cá nhân phải gồm đúng 12 chữ số"))
    if "min_length" in field and len(text) < field["min_length"]:
        raise ValueError(_("cần ít nhất %(count)s ký tự") % {"count": field["min_length"]})
    if len(text) > field.get("max_length", 2000):
        raise ValueError(_("không được dài quá %(count)s ký tự") % {"count": field.get("max_length", 2000)})
    if "pattern" in field and not re.fullmatch(field["pattern"], text):
        raise ValueError(_("không đúng định dạng yêu cầu"))
    return text


def clean_submission(schema: dict, data) -> dict:
    """Check what an applicant submitted against `schema`; return only the fields it defines.

    Raises ValidationError with a dict of field name → Vietnamese message.
    """
    if not isinstance(data, dict):
        raise ValidationError({"form_data": _("Dữ liệu tờ khai phải là một tập trường và giá trị.")})
    cleaned: dict = {}
    errors: dict[str, str] = {}
    for field in (schema or {}).get("fields", []):
        if not _visible(field, cleaned):
            continue
        value = data.get(field["name"])
        if _empty(value) and field["type"] != "checkbox":
            if field.get("required"):
                errors[field["name"]] = _("%(label)s: bắt buộc phải nhập.") % {"label": field["label"]}
            continue
        try:
            cleaned[field["name"]] = _clean_value(field, value)
        except ValueError as error:
            errors[field["name"]] = f"{field['label']}: {error}."
            continue
        if field["type"] == "checkbox" and field.get("required") and not cleaned[field["name"]]:
            errors[field["name"]] = _("%(label)s: bắt buộc phải đánh dấu.") % {"label": field["label"]}
    if errors:
        raise ValidationError(errors)
    return cleaned


@dataclass(frozen=True)
class Answer:
    """One line of a declaration as people read it: the field's label and its value in words."""

    name: str
    label: str
    value: str


def _grouped(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def shown_value(field: dict, value) -> str:
    """A stored value in plain words: the choice's label, Có/Không, dd/mm/yyyy, 200.000 đ."""
    kind = field["type"]
    if kind == "checkbox":
        return _("Có") if value is True else _("Không")
    if value is None or value == "":
        return ""
    if kind in {"select", "radio"}:
        return next((choice["label"] for choice in field.get("choices", []) if choice["value"] == value), str(value))
    if kind == "date":
        try:
            return date.fromisoformat(str(value)).strftime("%d/%m/%Y")
        except ValueError:
            return str(value)
    if kind in {"integer", "money", "number"}:
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return str(value)
        if not number.is_finite():
            return str(value)
        if kind == "money":
            return vnd(number)
        whole, _dot, fraction = f"{abs(number).normalize():f}".partition(".")
        return ("-" if number < 0 else "") + _grouped(int(whole)) + (f",{fraction}" if fraction else "")
    return str(value)


def answers(schema: dict | None, data: dict | None) -> list[Answer]:
    """What an applicant declared, field by field in the schema's order, in plain words.

    A field whose condition does not hold is left out (it was not asked), and so is an
    optional field left empty; a checkbox always answers Có or Không.
    """
    data = data if isinstance(data, dict) else {}
    result = []
    for field in (schema or {}).get("fields", []):
        if not _visible(field, data):
            continue
        value = data.get(field["name"])
        if field["type"] != "checkbox" and (value is None or value == ""):
            continue
        result.append(Answer(field["name"], field["label"], shown_value(field, value)))
    return result
