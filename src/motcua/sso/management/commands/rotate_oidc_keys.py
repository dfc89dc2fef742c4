from django.core.management.base import BaseCommand

from motcua.sso import keys


class Command(BaseCommand):
    help = (
        "Add a new key for signing ID tokens; the previous one stays published for "
        "OIDC_KEY_RETENTION_DAYS, after which it is deleted. Run it on a schedule (e.g. every 90 days)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--if-none", action="store_true", help="Only create the first key, when there is none (demo start-up).")

    def handle(self, *args, if_none=False, **options):
        if if_none:
            key = keys.ensure()
            self.stdout.write(f"Created signing key {key.kid}." if key else "A signing key exists already.")
            return
        key, deleted = keys.rotate()
        self.stdout.write(f"New signing key {key.kid}; {deleted} key(s) past retention deleted.")
