"""The procedure catalog from the national procedure database (`LayDanhSachTTHC`, `LayThuTuc`).

What the national database decides about a procedure (its name, field, legal time and unit,
legal basis, requirements, result, ways of filing, documents, fees) comes from there; what the
province decides (who owns the entry, the agencies and levels that carry it out, the online
mode and form, the internal process) stays the province's. An import goes through the
catalog's own import path (`catalog.interchange.import_catalog`) without publishing: each
procedure the national database changed gets a draft version, the report says what changed,
and the province publishes the draft (the catalog admin's "Công bố") once it approves it.

The list of national codes is kept (NationalProcedure) so that a province procedure whose
code the national database does not know is flagged in the catalog admin before any dossier
is filed for it: the portal would refuse to synchronise it.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from motcua.catalog.interchange.columns import FORMAT, PROCEDURE_COLUMN, VERSION
from motcua.catalog.interchange.exporter import export_catalog
from motcua.catalog.interchange.importer import ImportReport, import_catalog
from motcua.catalog.models import Procedure
from motcua.nationalportal.client import PortalClient
from motcua.nationalportal.models import NationalProcedure

CHANNELS = {"1": "counter", "3": "post", "2": "online"}
DELIVERY_ORDER = ["counter", "post", "online"]
# What the national database decides; every other key of a record is the province's.
NATIONAL_KEYS = (
    "name", "field", "legal_time", "time_unit", "legal_basis", "requirements", "result_description", "deliveries",
    "documents", "fees",
)
LIST_LABELS = {"documents": "Thành phần hồ sơ", "fees": "Phí, lệ phí"}


class UnreadableRecord(ValueError):
    """The national database's description of a procedure does not read as expected."""


@dataclass
class NationalImport:
    report: ImportReport
    # code → [(what, before, after)] for each procedure the national database changed.
    changes: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)  # province codes the national database does not list

    def summary(self) -> str:
        lines = []
        for code, changes in self.changes.items():
            lines.append(_("%(code)s thay đổi:") % {"code": code})
            lines += [f"  - {what}: {before} → {after}" for what, before, after in changes]
        if self.unknown:
            lines.append(
                _("Không có trên CSDL quốc gia về TTHC (hồ sơ của các thủ tục này không đồng bộ được): %(codes)s")
                % {"codes": ", ".join(self.unknown)}
            )
        lines.append(self.report.summary())
        if self.report.ok and not self.report.dry_run and (self.report.created or self.report.new_version):
            lines.append(_("Các bản nháp mới chờ công bố trong trang quản trị danh mục thủ tục."))
        return "\n".join(lines)


def refresh_list(client: PortalClient) -> list[str]:
    """Read the national list of procedures; return the province's codes that it lacks."""
    answer = client.call("LayDanhSachTTHC")
    rows = answer.get("result")
    if not isinstance(rows, list):
        raise UnreadableRecord(_("Danh sách thủ tục của CSDL quốc gia không đọc được."))
    listed = {str(row.get("MATTHC")): str(row.get("TENTTHC") or "")[:500] for row in rows if isinstance(row, dict) and row.get("MATTHC")}
    now = timezone.now()
    with transaction.atomic():
        known = {row.code: row for row in NationalProcedure.objects.all()}
        NationalProcedure.objects.bulk_create(
            NationalProcedure(code=code, name=name, checked_at=now) for code, name in listed.items() if code not in known
        )
        for row in known.values():
            row.listed, row.checked_at = row.code in listed, now
            row.name = listed.get(row.code, row.name)
        NationalProcedure.objects.bulk_update(known.values(), ["listed", "name", "checked_at"])
    return sorted(set(Procedure.objects.values_list("code", flat=True)) - set(listed))


def _number(value, what: str) -> Decimal:
    try:
        return Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise UnreadableRecord(_("%(what)s không phải là số: %(value)s") % {"what": what, "value": value})


def _national_content(record: dict, current: dict) -> tuple[dict, tuple[str, str]]:
    """The record's national keys over the province's `current` record; and its field."""
    try:
        field_row = record["LINHVUCTHUCHIEN"][0]
        channels = record["CACHTHUCTHUCHIEN"]
        time = channels[0]["THOIGIAN"][0]
        papers = [paper for case in record.get("THANHPHANHOSO") or [] for paper in case.get("GIAYTO") or []]
        national_fees = time.get("PHILEPHI") or []
        field_code = slugify(str(field_row["MALINHVUC"]))[:40]
        kept_documents = {document["name"]: document for document in current.get("documents", [])}
        kept_fees = {fee["name"]: fee for fee in current.get("fees", [])}
        documents = [
            {
                **kept_documents.get(paper["TENGIAYTO"], {"declaration": False}),
                "name": paper["TENGIAYTO"],
                "originals": int(paper.get("SOBANCHINH") or 0),
                "copies": int(paper.get("SOBANSAO") or 0),
                "mandatory": str(paper.get("BATBUOC", "1")) != "0",
            }
            for paper in papers
        ]
        fees = [
            {
                **kept_fees.get(fee["TENPHILEPHI"], {}),
                "name": fee["TENPHILEPHI"],
                "amount": int(_number(fee.get("SOTIEN") or 0, fee["TENPHILEPHI"])),
                "note": str(fee.get("MOTA") or "")[:255],
            }
            for fee in national_fees
        ]
        kinds = {CHANNELS.get(str(channel.get("KENH"))) for channel in channels}
        content = {
            **current,
            "name": str(record["TENTTHC"]),
            "field": field_code,
            "legal_time": format(_number(time["THOIGIANGIAIQUYET"], "THOIGIANGIAIQUYET").normalize(), "f"),
            "time_unit": "working_days" if "làm việc" in str(time.get("DONVITINH", "")).lower() else "calendar_days",
            "legal_basis": "\n".join(
                " ".join(part for part in (str(law.get("SOVANBAN") or ""), str(law.get("TENVANBAN") or "")) if part)
                for law in record.get("CANCUPHAPLY") or []
            ),
            "requirements": str(record.get("YEUCAU") or ""),
            "result_description": "; ".join(str(result.get("TENKETQUA") or "") for result in record.get("KETQUATHUCHIEN") or [])[:500],
            "deliveries": [kind for kind in DELIVERY_ORDER if kind in kinds],
            "documents": documents,
            "fees": fees,
        }
        return content, (field_code, str(field_row["TENLINHVUC"]))
    except (KeyError, IndexError, TypeError, AttributeError, ValueError) as error:
        if isinstance(error, UnreadableRecord):
            raise
        raise UnreadableRecord(_("Thiếu hoặc sai trường %(field)s.") % {"field": error})


def _shown(value) -> str:
    if isinstance(value, list):
        return "; ".join(item.get("name", "") if isinstance(item, dict) else str(item) for item in value) or "–"
    text = str(value).replace("\n", " ")
    return (text[:80] + "…" if len(text) > 80 else text) or "–"


def _changes(before: dict, after: dict) -> list[tuple[str, str, str]]:
    found = []
    for key in NATIONAL_KEYS:
        if before.get(key) != after.get(key):
            label = LIST_LABELS.get(key) or PROCEDURE_COLUMN[key].header
            found.append((label, _shown(before.get(key, "")), _shown(after.get(key, ""))))
    return found


def import_procedures(
    client: PortalClient, codes: list[str] | None = None, *, like: str = "", dry_run: bool = False
) -> NationalImport:
    """Read each procedure from the national database and import what it changed as drafts.

    `codes` default to the province's procedures the national database lists. A code the
    province does not have yet takes the province's part (owner, agencies, levels, online mode,
    form, process) from the procedure `like`."""
    unknown = refresh_list(client)
    province = {record["code"]: record for record in export_catalog()["procedures"]}
    if codes is None:
        codes = sorted(set(province) - set(unknown))
    template = province.get(like) if like else None
    if like and template is None:
        return NationalImport(ImportReport(errors=[(like, _("Không có thủ tục mẫu %(code)s trong danh mục.") % {"code": like})]))
    records, fields, changes, errors = [], {}, {}, []
    for code in codes:
        current = province.get(code) or template
        if current is None:
            errors.append((code, _("Thủ tục chưa có trong danh mục của tỉnh: chọn một thủ tục mẫu (--like) để lấy quy trình.")))
            continue
        answer = client.call("LayThuTuc", maTTHC=code)
        try:
            record = (answer.get("result") or [None])[0]
            if not isinstance(record, dict):
                raise UnreadableRecord(_("CSDL quốc gia không trả về nội dung thủ tục."))
            content, (field_code, field_name) = _national_content(record, {k: v for k, v in current.items() if k != "status"})
        except UnreadableRecord as error:
            errors.append((code, str(error)))
            continue
        content["code"] = code
        records.append(content)
        fields[field_code] = field_name
        found = _changes(province[code], content) if code in province else []
        if found:
            changes[code] = found
        NationalProcedure.objects.filter(code=code).update(record=record)
    if errors:
        return NationalImport(ImportReport(errors=errors, dry_run=dry_run), unknown=unknown)
    data = {
        "format": FORMAT,
        "version": VERSION,
        "fields": [{"code": code, "name": name} for code, name in fields.items()],
        "procedures": records,
    }
    return NationalImport(import_catalog(data, publish=False, dry_run=dry_run, keep_unfinished=True), changes, unknown)
