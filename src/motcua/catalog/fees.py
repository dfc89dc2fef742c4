"""What a dossier owes: the one computation of fees from the catalog's rules and the
quantities the applicant declares on the online form.

Each Fee of a procedure version is charged per case (hồ sơ), per page, per copy (bản), or per
page of each copy; the pages and copies are read from the form fields the fee names. Per-page
fees may charge later pages less (từ trang thứ ba trở lên 1.000 đồng/trang) and cap what one
copy costs (tối đa 200.000 đồng/bản), as the fee rules of chứng thực say.

`statement(version, form_data)` is used wherever an amount is due: the filing wizard shows
it before the applicant files, filing stores its total as the dossier's fee_due, and the
counter and online payment collect exactly what is left of that.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from motcua.text import vnd

# The form field types a quantity (pages, copies) may be declared in: a count is a whole
# number, so "integer"; "number" is kept for catalogs written before that type existed.
QUANTITY_TYPES = {"integer", "number"}


@dataclass(frozen=True)
class Line:
    name: str
    amount: int  # đồng
    how: str  # "2.000 đ/trang × 1 trang × 3 bản = 6.000 đ"
    note: str = ""


@dataclass(frozen=True)
class Statement:
    lines: tuple[Line, ...]

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def charged(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if line.amount)


def _fields(version) -> dict[str, dict]:
    return {field["name"]: field for field in (version.form_schema or {}).get("fields", [])}


def _quantity(fee, field_name: str, fields: dict[str, dict], form_data: dict) -> int:
    field = fields.get(field_name)
    if field is None:
        # The catalog names a field its form does not have: publishing refuses that (rule_problems).
        raise ValidationError(
            _("Không tính được “%(fee)s”: mẫu đơn của thủ tục không có trường “%(field)s”.") % {"fee": fee.name, "field": field_name}
        )
    value = form_data.get(field_name)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(
            {field_name: _("%(label)s: cần khai để tính “%(fee)s”.") % {"label": field["label"], "fee": fee.name}}
        )
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        number = None
    if isinstance(value, bool) or number is None or not number.is_finite() or number < 0 or number != number.to_integral_value():
        raise ValidationError({field_name: _("%(label)s: phải là số nguyên không âm.") % {"label": field["label"]}})
    return int(number)


def _pages_cost(fee, pages: int) -> tuple[int, str, bool]:
    """What the pages of one copy cost, how that was reckoned, and whether that took more
    than one rate × pages (later pages cheaper, or the cap)."""
    full = pages
    later = 0
    if fee.later_pages_from and fee.later_page_amount is not None and pages >= fee.later_pages_from:
        full = fee.later_pages_from - 1
        later = pages - full
    cost = fee.amount * full + (fee.later_page_amount or 0) * later
    how = _("%(rate)s/trang × %(pages)d trang") % {"rate": vnd(fee.amount), "pages": full}
    if later:
        how += " + " + _("%(rate)s/trang × %(pages)d trang") % {"rate": vnd(fee.later_page_amount), "pages": later}
    if fee.max_per_copy is not None and cost > fee.max_per_copy:
        cost = fee.max_per_copy
        how = _("%(how)s, tối đa %(cap)s/bản") % {"how": how, "cap": vnd(fee.max_per_copy)}
        return cost, how, True
    return cost, how, bool(later)


def line(fee, fields: dict[str, dict], form_data: dict) -> Line:
    """One fee of the statement; ValidationError (keyed by the form field) when a quantity it
    needs is not declared."""
    Unit = type(fee).Unit
    if fee.unit == Unit.CASE:
        return Line(fee.name, fee.amount, _("%(rate)s/hồ sơ") % {"rate": vnd(fee.amount)}, fee.note)
    copies = _quantity(fee, fee.copies_field, fields, form_data) if fee.per_copy else 1
    if fee.unit == Unit.COPY:
        amount = fee.amount * copies
        how = _("%(rate)s/bản × %(copies)d bản") % {"rate": vnd(fee.amount), "copies": copies}
        return Line(fee.name, amount, f"{how} = {vnd(amount)}", fee.note)
    per_copy, how, composite = _pages_cost(fee, _quantity(fee, fee.pages_field, fields, form_data))
    if fee.unit == Unit.PAGE_COPY:
        if composite:
            how = _("(%(how)s) = %(cost)s/bản") % {"how": how, "cost": vnd(per_copy)}
        how += " × " + _("%(copies)d bản") % {"copies": copies}
    amount = per_copy * copies
    return Line(fee.name, amount, f"{how} = {vnd(amount)}", fee.note)


def statement(version, form_data: dict) -> Statement:
    """Every fee of `version` for a dossier declaring `form_data` (the form's cleaned values).

    Raises ValidationError when a quantity a fee needs is missing or not a whole number,
    keyed by the form field, all at once."""
    fields = _fields(version)
    lines, errors = [], {}
    for fee in version.fees.all():
        try:
            lines.append(line(fee, fields, form_data or {}))
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for key, messages in error.message_dict.items():
                    errors.setdefault(key, []).extend(messages)
            else:
                errors.setdefault("__all__", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return Statement(tuple(lines))


def dossier_statement(dossier) -> Statement | None:
    """How the dossier's fee_due was reckoned, or None when its rules no longer give that
    amount (dossiers filed before a fee had a rule): then only the amount is shown."""
    try:
        found = statement(dossier.procedure_version, dossier.form_data or {})
    except ValidationError:
        return None
    return found if found.total == dossier.fee_due else None


def rule_problems(fee, version) -> dict[str, str]:
    """Why `fee`'s rule cannot be used with `version`'s form, by model field; empty if none."""
    Unit = type(fee).Unit
    problems: dict[str, str] = {}
    fields = _fields(version) if version is not None else None
    for attribute, needed in (("pages_field", fee.per_page), ("copies_field", fee.per_copy)):
        name = getattr(fee, attribute)
        if needed and not name:
            problems[attribute] = _("Cách tính này cần tên trường trong mẫu đơn nơi người nộp khai số lượng.")
        elif not needed and name:
            problems[attribute] = _("Cách tính “%(unit)s” không dùng trường này; hãy để trống.") % {"unit": Unit(fee.unit).label}
        elif name and fields is not None and (name not in fields or fields[name]["type"] not in QUANTITY_TYPES):
            problems[attribute] = _("Mẫu đơn trực tuyến không có trường số “%(name)s”.") % {"name": name}
    if not fee.per_page and (fee.later_pages_from is not None or fee.later_page_amount is not None or fee.max_per_copy is not None):
        problems["unit"] = _("Mức thu trang sau và mức tối đa chỉ dùng khi tính theo trang.")
    if (fee.later_pages_from is None) != (fee.later_page_amount is None):
        problems["later_page_amount"] = _("Hãy khai cả “giảm từ trang thứ” và “mức thu trang sau”, hoặc để trống cả hai.")
    elif fee.later_pages_from is not None and fee.later_pages_from < 2:
        problems["later_pages_from"] = _("Mức thu trang sau áp dụng từ trang thứ hai trở đi.")
    return problems
