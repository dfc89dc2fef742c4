"""Recompute every dossier's hash chain (motcua.dossiers.audit) and report the first broken link.

    manage.py verify_audit
    manage.py verify_audit --dossier 000.01.01.H56-260302-0001

Exits with status 1 when any chain is broken, so a scheduled job can alert on it.
"""

from django.core.management.base import BaseCommand, CommandError

from motcua.dossiers import audit
from motcua.dossiers.models import Dossier, DossierEvent


class Command(BaseCommand):
    help = "Kiểm tra chuỗi hash của nhật ký hồ sơ; báo mắt xích hỏng đầu tiên của từng hồ sơ."

    def add_arguments(self, parser):
        parser.add_argument("--dossier", metavar="CODE", help="Chỉ kiểm tra hồ sơ có mã này.")

    def handle(self, *args, dossier=None, **options):
        events = DossierEvent.objects.order_by("dossier_id", "sequence")
        if dossier:
            found = Dossier.objects.filter(code=dossier).values_list("pk", flat=True).first()
            if found is None:
                raise CommandError(f"Không có hồ sơ mã “{dossier}”.")
            events = events.filter(dossier_id=found)
        rows = events.values(*audit.HASHED_FIELDS, "previous_hash", "hash").iterator(chunk_size=2000)
        summary = audit.Summary()
        breaks = list(audit.verify(rows, summary))
        codes = dict(Dossier.objects.filter(pk__in={b.dossier_id for b in breaks}).values_list("pk", "code"))
        for link in breaks:
            self.stderr.write(f"{codes[link.dossier_id]}: sự kiện #{link.sequence} ({link.action}): {link.reason}")
        self.stdout.write(f"Đã kiểm tra {summary.events} sự kiện của {summary.dossiers} hồ sơ.")
        if breaks:
            raise CommandError(f"{len(breaks)} hồ sơ có nhật ký bị sửa, xóa hoặc chèn.")
        self.stdout.write(self.style.SUCCESS("Nhật ký toàn vẹn."))
