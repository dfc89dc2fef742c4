import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.interchange import export_catalog, export_xlsx


def _json_bytes() -> bytes:
    return json.dumps(export_catalog(), ensure_ascii=False, indent=2).encode() + b"\n"


EXPORTERS = {"json": _json_bytes, "xlsx": export_xlsx}


class Command(BaseCommand):
    help = gettext_lazy("Xuất danh mục thủ tục hành chính (phiên bản đang áp dụng) ra tệp JSON hoặc Excel (.xlsx).")

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("Tệp cần ghi"))
        parser.add_argument(
            "--format",
            dest="file_format",
            choices=sorted(EXPORTERS),
            help=_("Định dạng; mặc định theo đuôi tệp, không rõ thì JSON."),
        )

    def handle(self, *args, path: str, file_format: str | None, **options):
        target = Path(path)
        chosen = file_format or ("xlsx" if target.suffix.lower() == ".xlsx" else "json")
        content = EXPORTERS[chosen]()
        try:
            target.write_bytes(content)
        except OSError as error:
            raise CommandError(_("Không ghi được tệp %(path)s: %(error)s") % {"path": path, "error": error.strerror})
        self.stdout.write(_("Đã xuất danh mục ra %(path)s.") % {"path": path})
