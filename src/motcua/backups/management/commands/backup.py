"""Back the platform up into a new folder: the database and every stored file, with a manifest.

    manage.py backup /srv/backups/motcua-2026-12-01

See motcua.backups.archive for what the folder holds and the README ("Backup and restore").
"""

import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.backups import archive


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và mọi tệp đã lưu vào một thư mục mới, kèm bảng kê SHA-256."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="Thư mục mới (hoặc trống) để chứa bản sao lưu.")
        parser.add_argument("--database", default="default", help="Cơ sở dữ liệu cần sao lưu (mặc định: default).")

    def handle(self, *args, folder: Path, database: str, **options):
        fresh = not folder.exists()
        try:
            outcome = archive.create(folder, using=database)
        except BaseException as error:
            if fresh:  # leave no half-made backup that looks like a whole one
                shutil.rmtree(folder, ignore_errors=True)
            if isinstance(error, archive.BackupError):
                raise CommandError(str(error))
            raise
        self.stdout.write(
            self.style.SUCCESS(f"Đã sao lưu cơ sở dữ liệu ({outcome.vendor}) và {outcome.files} tệp ({outcome.bytes} byte) vào {folder}.")
        )
