"""Act on a dossier from the command line, through the same lifecycle as every screen.

    manage.py dossier show 000.01.01.H56-260302-0001
    manage.py dossier act 000.01.01.H56-260302-0001 assign --as truongphong.phucuong --assignee thuly.phucuong
    manage.py dossier act CODE request_supplement --as thuly.phucuong --item "Bản sao CCCD" --reason "Bản chụp mờ"
"""

import inspect
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.accounts.models import User
from motcua.agencies.models import Agency
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier


def _user(username: str) -> User:
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(f"Không có tài khoản “{username}”.")


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Thời điểm “{text}” không đúng dạng YYYY-MM-DDTHH:MM.")
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class Command(BaseCommand):
    help = "Xem hoặc thực hiện một thao tác trên hồ sơ theo đúng quy trình."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="command", required=True)
        show = sub.add_parser("show", help="Xem trạng thái và nhật ký của hồ sơ.")
        show.add_argument("code")
        act = sub.add_parser("act", help="Thực hiện một thao tác.")
        act.add_argument("code")
        act.add_argument("action", choices=sorted(lifecycle.PEOPLE_TRANSITIONS))
        act.add_argument("--as", dest="actor", required=True, help="Tên đăng nhập của người thực hiện.")
        act.add_argument("--note", default="")
        act.add_argument("--reason", default="")
        act.add_argument("--assignee", help="Tên đăng nhập của chuyên viên được giao.")
        act.add_argument("--postal-agent", help="Tên đăng nhập của nhân viên bưu điện.")
        act.add_argument("--to-agency", help="Mã định danh cơ quan nhận liên thông.")
        act.add_argument("--amount", type=int, help="Số tiền phí, lệ phí thu (đồng).")
        act.add_argument("--item", action="append", default=[], help="Nội dung cần bổ sung (lặp lại được).")
        act.add_argument("--until", help="Thời hạn hẹn trả mới khi gia hạn (YYYY-MM-DDTHH:MM).")

    def handle(self, *args, command, code, **options):
        try:
            dossier = Dossier.objects.select_related("procedure_version", "current_agency").get(code=code)
        except Dossier.DoesNotExist:
            raise CommandError(f"Không có hồ sơ mã “{code}”.")
        if command == "act":
            dossier = self._act(dossier, options)
        self._show(dossier)

    def _act(self, dossier: Dossier, options) -> Dossier:
        transition = getattr(lifecycle, options["action"])
        accepts = inspect.signature(transition).parameters
        arguments = {"dossier": dossier, "actor": _user(options["actor"])}
        for name in ("note", "reason"):
            if name in accepts:
                arguments[name] = options[name]
        if "assignee" in accepts:
            arguments["assignee"] = _user(options["assignee"]) if options["assignee"] else None
        if "postal_agent" in accepts:
            arguments["postal_agent"] = _user(options["postal_agent"]) if options["postal_agent"] else None
        if "to_agency" in accepts:
            arguments["to_agency"] = Agency.objects.filter(code=options["to_agency"] or "").first()
            if arguments["to_agency"] is None:
                raise CommandError("Phải nêu --to-agency là mã định danh của một cơ quan.")
        if "amount" in accepts:
            arguments["amount"] = options["amount"]
        if "items" in accepts:
            arguments["items"] = options["item"]
        if "new_promised_at" in accepts:
            if not options["until"]:
                raise CommandError("Phải nêu --until là thời hạn hẹn trả mới.")
            arguments["new_promised_at"] = _moment(options["until"])
        try:
            return transition(**arguments)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages))

    def _show(self, dossier: Dossier) -> None:
        local = lambda moment: timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else "–"  # noqa: E731
        self.stdout.write(f"{dossier.code}  {dossier.procedure_version.name}")
        self.stdout.write(f"Trạng thái: {dossier.get_state_display()} (mã {dossier.national_status})")
        self.stdout.write(f"Cơ quan đang xử lý: {dossier.current_agency.name}")
        if dossier.current_step:
            self.stdout.write(f"Bước hiện tại: {dossier.current_step.name}, hạn {local(dossier.step_due_at)}")
        self.stdout.write(f"Hẹn trả: {local(dossier.promised_at)}")
        for event in dossier.events.select_related("actor"):
            timing = f" [{event.get_timing_display()}]" if event.timing else ""
            self.stdout.write(f"  {event.sequence:>3}. {local(event.at)}  {event.action:<20} {event.actor or '–'}{timing}  {event.note}")
