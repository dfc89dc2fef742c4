from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.interchange import import_json, import_xlsx

IMPORTERS = {".json": import_json, ".xlsx": import_xlsx}


class Command(BaseCommand):
    help = gettext_lazy("Nhập danh mục thủ tục hành chính từ tệp JSON hoặc Excel (.xlsx).")

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("Tệp .json hoặc .xlsx"))
        parser.add_argument("--no-publish", action="store_true", help=_("Chỉ lưu bản nháp, không công bố."))
        parser.add_argument("--dry-run", action="store_true", help=_("Kiểm tra và báo kết quả nhưng không ghi gì."))

    def handle(self, *args, path: str, no_publish: bool, dry_run: bool, **options):
        source = Path(path)
        importer = IMPORTERS.get(source.suffix.lower())
        if importer is None:
            raise CommandError(_("Chỉ nhận tệp .json hoặc .xlsx: %(path)s") % {"path": path})
        try:
            with source.open("rb") as file:
                report = importer(file, publish=not no_publish, dry_run=dry_run)
        except OSError as error:
            raise CommandError(_("Không mở được tệp %(path)s: %(error)s") % {"path": path, "error": error.strerror})
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(report.summary())
