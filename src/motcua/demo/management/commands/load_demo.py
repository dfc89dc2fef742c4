from django.core.management.base import BaseCommand

from motcua.demo.dossiers import DEFAULT_COUNT
from motcua.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Nạp tỉnh trình diễn Bình Dương: cơ quan, tài khoản, thủ tục và hồ sơ mẫu. "
        "Chạy lại không thay đổi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dossiers", type=int, default=DEFAULT_COUNT, help=f"Số hồ sơ mẫu tạo lần đầu (mặc định {DEFAULT_COUNT})."
        )

    def handle(self, *args, dossiers, **options):
        if dossiers < 0:
            self.stderr.write("--dossiers phải là số không âm.")
            return
        load_demo(dossiers=dossiers, say=lambda line: self.stdout.write(line) if options["verbosity"] else None)
