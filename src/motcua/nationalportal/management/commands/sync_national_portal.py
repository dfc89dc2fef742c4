import signal
import time
from datetime import datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection
from django.utils import timezone

from motcua.nationalportal import inbound, sync
from motcua.nationalportal.client import PortalClient, PortalRefused, PortalUnavailable


def _moment(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Thời điểm không hợp lệ: {value} (dạng 2026-12-01 hoặc 2026-12-01T08:00).")
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class Command(BaseCommand):
    help = (
        "Send dossiers and their progress to the national public-service portal, in order, retrying what fails; "
        "take in the dossiers filed there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Send what is due, then stop.")
        parser.add_argument("--interval", type=float, default=2.0, help="Seconds to wait when nothing is due.")
        parser.add_argument(
            "--lease",
            type=float,
            default=sync.LEASE.total_seconds(),
            help="Seconds a claimed record stays with this worker; if it dies, another sends it after that.",
        )
        parser.add_argument(
            "--resend-from",
            help="Put everything written from this moment (ISO date or time) back in the queue, e.g. after the "
            "portal lost data; records keep their keys, so the portal gets nothing twice. With --resend-to.",
        )
        parser.add_argument("--resend-to", help="End (exclusive) of the period to send again; default now.")
        parser.add_argument(
            "--fetch-every", type=float, default=60.0, help="Seconds between fetches of the dossiers filed on the portal."
        )
        parser.add_argument("--no-fetch", action="store_true", help="Only send; take in nothing filed on the portal.")

    def handle(self, *args, once, interval, lease, resend_from, resend_to, fetch_every, no_fetch, **options):
        if not sync.enabled():
            raise CommandError("NATIONAL_PORTAL_URL chưa được cấu hình: không có gì để gửi lên Cổng Dịch vụ công quốc gia.")
        if resend_from:
            start, end = _moment(resend_from), _moment(resend_to) if resend_to else timezone.now()
            if end <= start:
                raise CommandError("--resend-to phải sau --resend-from.")
            self.stdout.write(f"{sync.resend_period(start, end)} bản ghi được đưa lại vào hàng gửi")
        elif resend_to:
            raise CommandError("--resend-to chỉ dùng cùng --resend-from.")
        client = PortalClient.from_settings()
        self.running = True
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        last_fetch = None
        while self.running:
            # A worker that runs for days drops the connections the database closed or that grew
            # old; one called inside a transaction (a test's) keeps the connection it is given.
            if not connection.in_atomic_block:
                close_old_connections()
            if not no_fetch and (last_fetch is None or time.monotonic() - last_fetch >= fetch_every):
                last_fetch = time.monotonic()
                self._fetch(client)
            sent = sync.run_once(client, limit=100, lease=timedelta(seconds=lease))
            if once and not sent:
                break
            if not sent:
                time.sleep(interval)

    def _fetch(self, client: PortalClient) -> None:
        try:
            taken = inbound.fetch(client)
        except (PortalRefused, PortalUnavailable) as error:
            self.stderr.write(f"Không lấy được hồ sơ nộp trên Cổng: {error}")
            return
        if taken:
            self.stdout.write(f"{len(taken)} hồ sơ nộp trên Cổng: " + ", ".join(f"{f.portal_code} ({f.get_outcome_display()})" for f in taken))

    def _stop(self, signum, frame):
        # Finish the call in hand, then stop: nothing is left half-recorded.
        self.running = False
