from django.core.management.base import BaseCommand, CommandError

from motcua.nationalportal import sync
from motcua.nationalportal.catalog import UnreadableRecord, import_procedures
from motcua.nationalportal.client import PortalClient, PortalRefused, PortalUnavailable


class Command(BaseCommand):
    help = (
        "Read procedures from the national procedure database and import what it changed as draft versions, "
        "to be published once approved; flag the province's procedures it does not list."
    )

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="National procedure codes; default: every procedure of the province it lists.")
        parser.add_argument("--like", default="", help="For a code new to the province: the procedure whose process, agencies and form it takes.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change and write nothing.")

    def handle(self, *args, codes, like, dry_run, **options):
        if not sync.enabled():
            raise CommandError("NATIONAL_PORTAL_URL chưa được cấu hình: không đọc được CSDL quốc gia về TTHC.")
        try:
            result = import_procedures(PortalClient.from_settings(), codes or None, like=like, dry_run=dry_run)
        except PortalRefused as refusal:
            raise CommandError(f"Cổng Dịch vụ công quốc gia từ chối: {refusal}")
        except (PortalUnavailable, UnreadableRecord) as error:
            raise CommandError(f"Không đọc được CSDL quốc gia về TTHC: {error}")
        self.stdout.write(result.summary())
        if not result.report.ok:
            raise CommandError("Chưa nhập gì.")
