"""Import and export of the procedure catalog, as JSON or as an Excel workbook.

A province loads its whole catalog (about 2,000 procedures) in one go, and moves it
between installations. Both file formats carry the same content and go through the same
checks: a workbook is read into the JSON structure below, then imported like JSON.

Commands: ``manage.py import_catalog PATH [--no-publish] [--dry-run]`` and
``manage.py export_catalog PATH [--format json|xlsx]``. A sample file is in
``catalog/samples/catalog-sample.json``.

JSON format
===========
::

    {
      "format": "motcua-catalog",
      "version": 1,
      "fields": [{"code": "ho-tich", "name": "Hộ tịch"}],
      "procedures": [{
        "code": "1.001193",                 national procedure code
        "owner": "000.00.12.H56",           identity code of the agency that manages the entry
        "status": "published",              export only: "published", or "draft" when nothing
                                            is published yet; ignored on import
        "name": "Đăng ký khai sinh",
        "field": "ho-tich",                 a field code from "fields" or already in the system
        "levels": ["commune"],              province | district | commune
        "agencies": ["000.22.12.H56"],      identity codes of the agencies that carry it out
        "legal_time": "1",                  days, text or number, at most two decimals
        "time_unit": "working_days",        working_days (default) | calendar_days
        "legal_basis": "…", "requirements": "…", "result_description": "…",   optional text
        "deliveries": ["counter", "post", "online"],
        "online_mode": "full",              full | partial (default) | counter
        "form_schema": {"fields": […]},     online form, see catalog/formschema.py; optional
        "documents": [{"name": "Tờ khai", "originals": 1, "copies": 0, "mandatory": true,
                       "declaration": true}],  declaration: this paper is the online form
        "fees": [{"name": "Lệ phí", "amount": 8000, "note": ""}],
                                            optional rule (catalog/fees.py): "unit": case
                                            (default) | page | copy | page_copy, with
                                            "pages_field"/"copies_field" naming the form's
                                            number fields; per page also "later_pages_from",
                                            "later_page_amount", "max_per_copy"
        "steps": [{"kind": "reception", "name": "Tiếp nhận hồ sơ", "role": "reception",
                   "division_code": "mot-cua", "quota": "0.25", "transfer_level": ""}]
      }]
    }

- ``steps[].kind``: reception | assignment | processing | review | approval | transfer |
  return; ``role``: reception | handler | division_head | leader | clerk | agency_admin;
  ``transfer_level`` (transfer steps only): province | district | commune.
- Lists keep their order: documents, fees and steps are numbered in the order given.
- Optional keys may be left out (defaults: empty text, ``originals``/``copies`` 0,
  ``mandatory`` true, ``declaration`` false, no fees, empty form). Unknown keys are errors, so typing mistakes
  do not pass silently.
- Document template files do not travel in the file; a document keeps its template
  while its name stays the same.

XLSX format
===========
Row 1 of each sheet holds the headers (the English key is accepted too); one row per item
below it. Sheets:

- ``Lĩnh vực``: Mã lĩnh vực, Tên lĩnh vực.
- ``Thủ tục`` (required), one row per procedure: Mã thủ tục, Cơ quan quản lý, Tên thủ tục,
  Mã lĩnh vực, Cấp thực hiện, Cơ quan thực hiện, Thời hạn giải quyết, Đơn vị thời hạn,
  Căn cứ pháp lý, Yêu cầu, điều kiện, Kết quả thực hiện, Hình thức nhận kết quả, Mức độ trực
  tuyến, Mẫu đơn trực tuyến (JSON), Trạng thái (export only). List values are separated by
  ``;``; the online form is JSON text in its cell.
- ``Thành phần hồ sơ``: Mã thủ tục, Tên giấy tờ, Số bản chính, Số bản sao, Bắt buộc (có/không).
- ``Phí, lệ phí``: Mã thủ tục, Tên khoản phí, lệ phí, Số tiền (đồng), Đơn vị tính, Trường số
  trang, Trường số bản, Giảm từ trang thứ, Mức thu trang sau (đồng), Tối đa mỗi bản (đồng),
  Ghi chú.
- ``Quy trình``: Mã thủ tục, Loại bước, Tên bước, Vai trò thực hiện, Mã phòng ban,
  Thời gian (ngày), Liên thông tới cấp.
- ``Hướng dẫn`` (export only): how to fill in the workbook and the allowed codes.

Values are the same codes as in JSON. Rows on the last three sheets belong to the
procedure named in their first column, in row order. Text is written as text cells whatever
it begins with (a name starting with "=" is not a formula), so it reads back as it was.

Import rules
============
Everything is checked before anything counts: agencies must exist and be active, fields
must be in the file or the system, values must fit their columns, the online form must be
valid and the process must pass services.process_problems (first step reception, last
return, an approval step, quotas adding up to the legal time, …). Any problem and nothing
is written; the report lists every problem with its place: “thủ tục 3 (1.001193), bước 2”
in JSON, “Trang 'Quy trình', dòng 7” in a workbook.

A new code creates the procedure. For a known code whose content differs from its
published version, the content goes into the draft (started from the published version
as services.start_new_version does; a published version is never edited), which is then
published, so the old version stays, superseded, with the dossiers filed under it.
Identical content is left alone, so importing the same file twice changes nothing.
Without publishing, the draft holds the content and is compared instead.
"""

from motcua.catalog.interchange.exporter import export_catalog
from motcua.catalog.interchange.importer import ImportReport, import_catalog, import_json
from motcua.catalog.interchange.xlsx import export_xlsx, import_xlsx

__all__ = ["ImportReport", "export_catalog", "export_xlsx", "import_catalog", "import_json", "import_xlsx"]
