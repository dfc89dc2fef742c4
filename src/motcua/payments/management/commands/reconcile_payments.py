from datetime import timedelta

from django.core.management.base import BaseCommand

from motcua.payments import services


class Command(BaseCommand):
    help = (
        "Ask the payment gateway about online payments still pending (their confirmation never arrived) "
        "and record what it answers. Run it every few minutes (cron, systemd timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than", type=int, default=int(services.RECONCILE_AFTER.total_seconds() // 60),
            help="Only payments started at least this many minutes ago.",
        )

    def handle(self, *args, older_than, **options):
        counts = services.reconcile(older_than=timedelta(minutes=older_than))
        for outcome, count in sorted(counts.items()):
            self.stdout.write(f"{outcome}: {count}")
