import signal
import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from motcua.notifications import reminders, worker


class Command(BaseCommand):
    help = "Send notification messages (email, SMS, Zalo, in-app) and write officials' reminders and digests."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Send what is due, write due reminders, then stop.")
        parser.add_argument("--interval", type=float, default=2.0, help="Seconds to wait when nothing is due.")
        parser.add_argument("--reminders-every", type=float, default=3600.0, help="Seconds between reminder runs.")
        parser.add_argument("--no-reminders", action="store_true", help="Only send messages.")
        parser.add_argument(
            "--lease",
            type=float,
            default=worker.LEASE.total_seconds(),
            help="Seconds a claimed message stays with this worker; if it dies, another sends it after that.",
        )

    def handle(self, *args, once, interval, reminders_every, no_reminders, lease, **options):
        self.running = True
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        last_reminders = None
        while self.running:
            close_old_connections()
            now = timezone.now()
            if not no_reminders and (last_reminders is None or (now - last_reminders).total_seconds() >= reminders_every):
                written = reminders.run(now)
                last_reminders = now
                if written:
                    self.stdout.write(f"{written} reminder(s) written")
            sent = worker.run_once(limit=100, lease=timedelta(seconds=lease))
            if once and not sent:
                break
            if not sent:
                time.sleep(interval)

    def _stop(self, signum, frame):
        # Finish the message in hand, then stop: nothing is left half-recorded.
        self.running = False
