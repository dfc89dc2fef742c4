"""Put back in the queue the dossier event deliveries that a worker killed mid-task left
running (motcua.dossiers.outbox.release_stalled). Run it every few minutes, like
reconcile_payments:

    manage.py release_stalled_tasks [--after-minutes 15]
"""

from datetime import timedelta

from django.core.management.base import BaseCommand

from motcua.dossiers import outbox


class Command(BaseCommand):
    help = "Đưa lại vào hàng đợi các lượt chuyển sự kiện hồ sơ mà tiến trình xử lý bị dừng đột ngột để lại."

    def add_arguments(self, parser):
        parser.add_argument(
            "--after-minutes", type=float, default=outbox.STALLED_AFTER.total_seconds() / 60,
            help="Chỉ các lượt đã chạy lâu hơn số phút này.",
        )

    def handle(self, *args, after_minutes, **options):
        released = outbox.release_stalled(after=timedelta(minutes=after_minutes))
        self.stdout.write(f"Đã đưa lại {released} lượt chuyển vào hàng đợi.")
