"""The vocabulary of the catalog file format: every value a record may carry, how it is
checked, and the header that names it in a workbook.

Headers are part of the file format, not of the interface: a workbook exported under one
language must import under any other, so they are fixed Vietnamese strings, not translated.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from motcua.accounts.models import Role
from motcua.agencies.models import validate_agency_code
from motcua.catalog.formschema import validate_schema
from motcua.catalog.models import Fee, ProcedureVersion, ProcessStep, validate_procedure_code

FORMAT = "motcua-catalog"
VERSION = 1

REQUIRED = object()

SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
# Bounded so that absurdly long digit strings are refused rather than converted.
WHOLE_NUMBER = re.compile(r"[0-9]{1,10}")

# The model's DecimalField(max_digits=6, decimal_places=2).
DAYS_LIMIT = Decimal("10000")
DAYS_QUANTUM = Decimal("0.01")


class Invalid(ValueError):
    """A value that does not fit its column; the message is for whoever wrote the file."""


def _string(value) -> str:
    if not isinstance(value, str):
        raise Invalid(_("phải là chuỗi ký tự"))
    return value


def text(max_length: int | None, *, blank: bool = True) -> Callable[[Any], str]:
    # Free text is kept verbatim: trimming it would make an unchanged procedure look changed.
    def clean(value) -> str:
        value = _string(value)
        if not blank and not value.strip():
            raise Invalid(_("không được để trống"))
        if max_length is not None and len(value) > max_length:
            raise Invalid(_("dài quá %(count)d ký tự") % {"count": max_length})
        return value

    return clean


def validate_slug(value: str) -> None:
    if not SLUG.match(value) or len(value) > 40:
        raise ValidationError(
            _("“%(value)s” chỉ được gồm tối đa 40 chữ cái không dấu, chữ số, dấu gạch ngang, gạch dưới.")
            % {"value": value}
        )


def code(validator: Callable[[str], None], *, blank: bool = False) -> Callable[[Any], str]:
    def clean(value) -> str:
        value = _string(value).strip()
        if blank and not value:
            return ""
        try:
            validator(value)
        except ValidationError as error:
            raise Invalid(" ".join(error.messages).rstrip("."))
        return value

    return clean


def code_list(validator: Callable[[str], None]) -> Callable[[Any], list[str]]:
    single = code(validator)

    def clean(value) -> list[str]:
        if not isinstance(value, list):
            raise Invalid(_("phải là một danh sách mã"))
        # A set of agencies has no order; a canonical one keeps re-imports unchanged.
        return sorted({single(item) for item in value})

    return clean


@dataclass(frozen=True)
class Choice:
    """One value (or, with `many`, a list of values) from a model's choices."""

    choices: type[models.TextChoices]
    many: bool = False
    blank: bool = False

    def __call__(self, value):
        if not self.many:
            return self._one(value)
        if not isinstance(value, list):
            raise Invalid(_("phải là một danh sách"))
        return [self._one(item) for item in value]

    def _one(self, value) -> str:
        if self.blank and value == "":
            return ""
        if not isinstance(value, str) or value not in self.choices.values:
            raise Invalid(
                _("“%(value)s” không hợp lệ; chọn một trong: %(allowed)s")
                % {"value": value, "allowed": ", ".join(self.choices.values)}
            )
        return value


def days(value) -> Decimal:
    problem = _("phải là số ngày không âm, nhỏ hơn 10000, tối đa hai chữ số thập phân (ví dụ 15 hoặc 0.5)")
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise Invalid(problem)
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise Invalid(problem)
    if not number.is_finite() or not 0 <= number < DAYS_LIMIT or number != number.quantize(DAYS_QUANTUM):
        raise Invalid(problem)
    return number


def count(maximum: int) -> Callable[[Any], int]:
    def clean(value) -> int:
        # Spreadsheets hand whole numbers over as floats; files written by hand as text.
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str) and WHOLE_NUMBER.fullmatch(value.strip()):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
            raise Invalid(_("phải là số nguyên từ 0 đến %(maximum)d") % {"maximum": maximum})
        return value

    return clean


def optional_count(maximum: int) -> Callable[[Any], int | None]:
    whole = count(maximum)

    def clean(value) -> int | None:
        return None if value is None or value == "" else whole(value)

    return clean


def boolean(value) -> bool:
    if not isinstance(value, bool):
        raise Invalid(_("phải là có hoặc không (true/false)"))
    return value


def form_schema(value) -> dict:
    if not isinstance(value, dict):
        raise Invalid(_("phải là một đối tượng JSON"))
    try:
        validate_schema(value)
    except ValidationError as error:
        raise Invalid(" ".join(error.messages).rstrip("."))
    return value


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    clean: Callable[[Any], Any]
    default: Any = REQUIRED
    # How a workbook cell carries the value: text, number, list (";"-separated), json, boolean.
    cell: str = "text"

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    @property
    def label(self) -> str:
        return f"{self.header} ({self.key})"


Level = ProcedureVersion.Level
TimeUnit = ProcedureVersion.TimeUnit
OnlineMode = ProcedureVersion.OnlineMode

FIELD_COLUMNS = (
    Column("code", "Mã lĩnh vực", code(validate_slug)),
    Column("name", "Tên lĩnh vực", text(255, blank=False)),
)

PROCEDURE_COLUMNS = (
    Column("code", "Mã thủ tục", code(validate_procedure_code)),
    Column("owner", "Cơ quan quản lý", code(validate_agency_code)),
    Column("name", "Tên thủ tục", text(500, blank=False)),
    Column("field", "Mã lĩnh vực", code(validate_slug)),
    Column("levels", "Cấp thực hiện", Choice(Level, many=True), cell="list"),
    Column("agencies", "Cơ quan thực hiện", code_list(validate_agency_code), cell="list"),
    Column("legal_time", "Thời hạn giải quyết", days, cell="number"),
    Column("time_unit", "Đơn vị thời hạn", Choice(TimeUnit), TimeUnit.WORKING_DAYS.value),
    Column("legal_basis", "Căn cứ pháp lý", text(None), ""),
    Column("requirements", "Yêu cầu, điều kiện", text(None), ""),
    Column("result_description", "Kết quả thực hiện", text(500), ""),
    Column("deliveries", "Hình thức nhận kết quả", Choice(ProcedureVersion.Delivery, many=True), cell="list"),
    Column("online_mode", "Mức độ trực tuyến", Choice(OnlineMode), OnlineMode.PARTIAL.value),
    Column("form_schema", "Mẫu đơn trực tuyến (JSON)", form_schema, {}, cell="json"),
)

PROCEDURE_COLUMN = {column.key: column for column in PROCEDURE_COLUMNS}

# Exported to say which version a record shows; an import ignores it.
STATUS_COLUMN = Column("status", "Trạng thái", Choice(ProcedureVersion.Status), "")

DOCUMENT_COLUMNS = (
    Column("name", "Tên giấy tờ", text(500, blank=False)),
    Column("originals", "Số bản chính", count(32767), 0, cell="number"),
    Column("copies", "Số bản sao", count(32767), 0, cell="number"),
    Column("mandatory", "Bắt buộc", boolean, True, cell="boolean"),
    Column("declaration", "Là tờ khai theo mẫu", boolean, False, cell="boolean"),
)

FEE_COLUMNS = (
    Column("name", "Tên khoản phí, lệ phí", text(255, blank=False)),
    Column("amount", "Số tiền (đồng)", count(2_147_483_647), cell="number"),
    Column("unit", "Đơn vị tính", Choice(Fee.Unit), Fee.Unit.CASE.value),
    Column("pages_field", "Trường số trang", text(63), ""),
    Column("copies_field", "Trường số bản", text(63), ""),
    Column("later_pages_from", "Giảm từ trang thứ", optional_count(32767), None, cell="number"),
    Column("later_page_amount", "Mức thu trang sau (đồng)", optional_count(2_147_483_647), None, cell="number"),
    Column("max_per_copy", "Tối đa mỗi bản (đồng)", optional_count(2_147_483_647), None, cell="number"),
    Column("note", "Ghi chú", text(255), ""),
)

STEP_COLUMNS = (
    Column("kind", "Loại bước", Choice(ProcessStep.Kind)),
    Column("name", "Tên bước", text(255, blank=False)),
    Column("role", "Vai trò thực hiện", Choice(Role)),
    Column("division_code", "Mã phòng ban", code(validate_slug, blank=True), ""),
    Column("quota", "Thời gian (ngày)", days, cell="number"),
    Column("transfer_level", "Liên thông tới cấp", Choice(Level, blank=True), ""),
)

# The rows each procedure owns; their keys are also the related names on ProcedureVersion.
CHILD_COLUMNS = {"documents": DOCUMENT_COLUMNS, "fees": FEE_COLUMNS, "steps": STEP_COLUMNS}

# Procedure values stored as they are on ProcedureVersion; the rest are codes of related rows.
VERSION_ATTRIBUTES = tuple(
    column.key for column in PROCEDURE_COLUMNS if column.key not in {"code", "owner", "field", "agencies"}
)
