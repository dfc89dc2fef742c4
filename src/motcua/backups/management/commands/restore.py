"""Restore a backup made by `manage.py backup` into a fresh database and the configured storage.

    createdb motcua_restored     # PostgreSQL; for SQLite point DATABASE_URL at a new file
    DATABASE_URL=postgres://…/motcua_restored manage.py restore /srv/backups/motcua-2026-12-01
    DATABASE_URL=postgres://…/motcua_restored manage.py migrate
    DATABASE_URL=postgres://…/motcua_restored manage.py verify_audit

`--check` only verifies the backup against its manifest and writes nothing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.backups import archive


class Command(BaseCommand):
    help = "Khôi phục một bản sao lưu vào cơ sở dữ liệu mới, trống và kho lưu trữ tệp đang cấu hình."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="Thư mục bản sao lưu (có manifest.json).")
        parser.add_argument("--database", default="default", help="Cơ sở dữ liệu đích (mặc định: default).")
        parser.add_argument("--check", action="store_true", help="Chỉ kiểm tra bản sao lưu với bảng kê, không ghi gì.")

    def handle(self, *args, folder: Path, database: str, check: bool, **options):
        try:
            if check:
                manifest = archive.check(folder)
                self.stdout.write(self.style.SUCCESS(f"Bản sao lưu nguyên vẹn: cơ sở dữ liệu và {len(manifest['files'])} tệp khớp bảng kê."))
                return
            outcome = archive.restore(folder, using=database)
        except archive.BackupError as error:
            raise CommandError(str(error))
        self.stdout.write(
            self.style.SUCCESS(f"Đã khôi phục cơ sở dữ liệu ({outcome.vendor}) và {outcome.files} tệp ({outcome.bytes} byte) từ {folder}.")
        )
