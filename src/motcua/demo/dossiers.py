"""A few hundred demo dossiers over the past two months, in every state, each one made only
through the dossier engine: services.submit_online / receive_at_counter to create it, the
lifecycle's transitions to move it, each at a moment in the past (`at`).

Each dossier is a *story*: a procedure, an agency, a channel, the state it ends in and a
pace (early, on time, late). The story is written as a list of moves with their moments,
laid out on the working calendar from the step quotas, then shifted so its last move is
in the past; only then is it played. Everything is drawn from a random source seeded per
dossier, so the same demo comes out every time for the same day.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from motcua.accounts.models import Role, User
from motcua.agencies.models import Agency
from motcua.catalog.models import ProcedureVersion, ProcessStep
from motcua.demo.accounts import SECOND_HANDLER, username_for
from motcua.demo.data import read
from motcua.demo.forms import Context, fill_form
from motcua.demo.people import People, Person, ascii_slug
from motcua.demo.province import units
from motcua.dossiers import lifecycle, services
from motcua.dossiers.models import Channel, Dossier, State
from motcua.workdays.selectors import working_calendar

Kind = ProcessStep.Kind
Delivery = ProcedureVersion.Delivery
OnlineMode = ProcedureVersion.OnlineMode

SEED = 2026
DEFAULT_COUNT = 400
HISTORY_DAYS = 60

# Where a story ends, with how often it is drawn. "at:<kind>" is a dossier in progress,
# waiting at a step of that kind.
ENDINGS = {
    State.RETURNED: 44,
    State.READY: 7,
    "at:" + Kind.ASSIGNMENT: 3,
    "at:" + Kind.PROCESSING: 8,
    "at:" + Kind.REVIEW: 3,
    "at:" + Kind.APPROVAL: 3,
    "at:" + Kind.TRANSFER: 1,
    State.RECEIVED: 4,
    State.SUBMITTED: 4,
    State.REFUSED: 4,
    State.SUPPLEMENT_REQUESTED: 5,
    State.AWAITING_OBLIGATION: 3,
    State.TRANSFERRED: 3,
    State.WITHDRAWN: 4,
    State.STOPPED: 3,
}

# How many people come for each procedure, relative to one another.
POPULARITY = {
    "2.000908": 16, "1.001193": 14, "2.000815": 8, "1.000894": 6, "1.004873": 6, "1.001612": 6, "1.012793.H56": 6,
    "2.000505": 6, "1.002804": 6, "2.000635": 5, "1.009794": 5, "1.001022": 4, "2.001610.H56": 4, "1.004859": 3,
    "1.012790.H56": 3, "2.000720": 3, "2.000205.H56": 3, "1.004746": 2, "1.009972.H56": 2, "1.004837": 1, "2.000620.H56": 1,
}
# Procedures whose applicant is a business (an employer, a trader).
FOR_ORGANISATIONS = {"2.000620.H56", "2.000205.H56"}
# Procedures where the applicant pays a tax before the result (thuế TNCN, lệ phí trước bạ).
WITH_OBLIGATION = {"1.012793.H56"}
APPLICANT_AGES = {"1.001193": (20, 40), "1.000894": (20, 34), "1.004873": (20, 40), "2.000505": (18, 45), "1.004837": (30, 65)}
# The demo accounts see more of their own agencies' work.
FAVOURED_AGENCY_SHARE = 0.35

PACES = {"early": 55, "on_time": 30, "late": 15}

# A one-page PDF standing for a scanned paper: small, valid, and the same for every document.
SCAN = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 420 595]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 58>>stream\nBT /F1 14 Tf 40 540 Td (MotCua - ban chup minh hoa) Tj ET\nendstream endobj\n"
    b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass(frozen=True)
class Staff:
    """The officials of one agency the stories call on."""

    reception: User
    handler: User
    second_handler: User
    division_head: User
    leader: User

    def for_role(self, role: str) -> User:
        return {
            Role.RECEPTION: self.reception,
            Role.HANDLER: self.handler,
            Role.DIVISION_HEAD: self.division_head,
            Role.LEADER: self.leader,
        }[role]


@dataclass
class Move:
    at: datetime
    play: Callable[[Dossier | None], Dossier]


@dataclass
class Story:
    number: int
    version: ProcedureVersion
    agency: Agency
    ending: str
    seed: str
    moves: list[Move] = field(default_factory=list)


class Cast:
    """Who acts in the stories: the staff of every agency and the applicants with accounts."""

    def __init__(self):
        slugs = {unit.code: unit.slug for unit in units()}
        self.users = {user.username: user for user in User.objects.all()}
        self.postman = User.objects.filter(kind=User.Kind.POSTAL, is_active=True).order_by("pk").first()
        self.agencies = {agency.code: agency for agency in Agency.objects.all()}
        self.staff: dict[int, Staff] = {}
        for code, slug in slugs.items():
            names = [username_for(role, slug) for role in (Role.RECEPTION, Role.HANDLER)]
            names += [f"{SECOND_HANDLER}.{slug}"] + [username_for(role, slug) for role in (Role.DIVISION_HEAD, Role.LEADER)]
            if all(name in self.users for name in names):
                self.staff[self.agencies[code].pk] = Staff(*(self.users[name] for name in names))
        applicants = read("accounts")["applicants"]
        self.citizens = [self.users[a["username"]] for a in applicants if a["kind"] == User.Kind.CITIZEN]
        self.organisations = [self.users[a["username"]] for a in applicants if a["kind"] == User.Kind.ORGANISATION]
        featured = [group["agency"] for group in read("accounts")["staff"]]
        self.favoured = {self.agencies[code].pk for code in featured}
        self.areas = {unit.code: unit.address for unit in units()}

    def account_for(self, person: Person, address: str, email: str) -> User:
        """A citizen's account (created on first use) so the person can file online."""
        user = self.users.get(person.national_id)
        if user is None:
            user = User(
                username=person.national_id, kind=User.Kind.CITIZEN, full_name=person.name, national_id=person.national_id,
                phone=person.phone, email=email, address=address,
            )
            # They sign in through the national e-ID, never with a password of their own here.
            user.set_unusable_password()
            user.save()
            self.users[user.username] = user
        return user

    def company_account(self, name: str, tax_code: str, address: str) -> User:
        user = self.users.get(tax_code)
        if user is None:
            user = User(username=tax_code, kind=User.Kind.ORGANISATION, full_name=name, tax_code=tax_code, address=address)
            user.set_unusable_password()
            user.save()
            self.users[user.username] = user
        return user


def demo_dossiers_exist() -> bool:
    codes = [unit.code for unit in units()]
    return Dossier.objects.filter(receiving_agency__code__in=codes).exists()


def load_dossiers(count: int = DEFAULT_COUNT, *, now: datetime | None = None) -> int:
    """Play `count` stories through the dossier engine; return how many dossiers were made."""
    now = now or timezone.now()
    cast = Cast()
    versions = {
        version.procedure.code: version
        for version in ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED)
        .select_related("procedure")
        .prefetch_related("steps", "agencies", "documents", "fees")
        if version.procedure.code in POPULARITY
    }
    rng = random.Random(SEED)
    endings = _endings(rng, count, versions)
    made = 0
    for number, ending in enumerate(endings):
        story = _cast_story(rng, number, ending, versions, cast)
        _lay_out(story, cast, now)
        dossier = None
        for move in story.moves:
            dossier = move.play(dossier)
        made += 1
    return made


# --- choosing the stories --------------------------------------------------------------------


def _kinds(version: ProcedureVersion) -> set[str]:
    return {step.kind for step in version.steps.all()}


def _fits(ending: str, version: ProcedureVersion) -> bool:
    code = version.procedure.code
    if ending.startswith("at:"):
        return ending[3:] in _kinds(version)
    if ending == State.TRANSFERRED:
        return Kind.TRANSFER in _kinds(version)
    if ending == State.AWAITING_OBLIGATION:
        return code in WITH_OBLIGATION
    if ending in {State.SUBMITTED, State.REFUSED}:
        return version.online_mode != OnlineMode.COUNTER
    return True


def _endings(rng: random.Random, count: int, versions: dict) -> list[str]:
    """Every ending at least once (so a small demo still shows every state), then by weight."""
    possible = [ending for ending in ENDINGS if any(_fits(ending, version) for version in versions.values())]
    chosen = possible[:count]
    chosen += rng.choices(possible, [ENDINGS[e] for e in possible], k=max(count - len(chosen), 0))
    return chosen


def _cast_story(rng: random.Random, number: int, ending: str, versions: dict, cast: Cast) -> Story:
    fitting = [version for version in versions.values() if _fits(ending, version)]
    version = rng.choices(fitting, [POPULARITY[v.procedure.code] for v in fitting])[0]
    agencies = sorted(version.agencies.all(), key=lambda agency: agency.code)
    favoured = [agency for agency in agencies if agency.pk in cast.favoured]
    if favoured and rng.random() < FAVOURED_AGENCY_SHARE:
        agency = rng.choice(favoured)
    else:
        agency = rng.choice(agencies)
    return Story(number=number, version=version, agency=agency, ending=ending, seed=f"{SEED}:{number}")


# --- laying a story out in time ----------------------------------------------------------------


def _lay_out(story: Story, cast: Cast, now: datetime) -> None:
    """Write the story's moves, then move its start until the last one falls in the past:
    finished stories end anywhere in the last two months, open ones a little before now."""
    rng = random.Random(story.seed + ":when")
    limit = now - timedelta(minutes=5)
    start = now - timedelta(days=HISTORY_DAYS + 15)
    _write(story, cast, start)
    span = story.moves[-1].at - story.moves[0].at
    if story.ending in lifecycle.FINAL_STATES:
        earliest = now - timedelta(days=HISTORY_DAYS) + span
        end = limit - timedelta(days=rng.uniform(0, max((limit - earliest).total_seconds() / 86400, 0)))
    else:
        end = limit - timedelta(hours=rng.uniform(0.5, 50))
    start = end - span
    for attempt in range(12):
        _write(story, cast, start)
        overshoot = story.moves[-1].at - limit
        if overshoot <= timedelta(0):
            return
        # Moving the start may only move the end past a weekend, so each try moves it further.
        start -= overshoot + timedelta(hours=2 ** attempt)
    raise RuntimeError(f"Story {story.number} cannot be placed before {now:%d/%m/%Y %H:%M}.")


def _write(story: Story, cast: Cast, start: datetime) -> None:
    # A fresh random source each time: the same story is written, only its moment moves.
    writer = _Writer(story, cast, random.Random(story.seed), start)
    writer.write()
    story.moves = writer.moves


class _Writer:
    """Writes the moves of one story, advancing a clock on the working calendar."""

    def __init__(self, story: Story, cast: Cast, rng: random.Random, start: datetime):
        self.story, self.cast, self.rng = story, cast, rng
        self.calendar = working_calendar()
        self.version = story.version
        self.steps = sorted(story.version.steps.all(), key=lambda step: step.order)
        self.home = story.agency
        self.staff = cast.staff[story.agency.pk]
        self.t = start
        self.moves: list[Move] = []
        self.pace = rng.choices(list(PACES), list(PACES.values()))[0]
        self.slow_step = max(self.steps, key=lambda step: step.quota).order if self.pace == "late" else None
        self.channel = self._channel()
        self.episodes = self._episodes()

    # clock

    def at(self, play: Callable[[Dossier | None, datetime], Dossier]) -> None:
        moment = self.t
        self.moves.append(Move(moment, lambda dossier: play(dossier, moment)))

    def office(self) -> None:
        self.t = self.calendar.next_working_moment(self.t)

    def work(self, days: Decimal | float) -> None:
        """Officials work for `days` of office time."""
        amount = Decimal(str(round(float(days), 4)))
        self.t = self.calendar.add_working_days(self.t, max(amount, Decimal("0.01")))

    def wait(self, low_hours: float, high_hours: float) -> None:
        """The applicant takes calendar time (evenings and weekends too)."""
        self.t += timedelta(hours=self.rng.uniform(low_hours, high_hours))

    def spend(self, step: ProcessStep, share: float = 1.0) -> None:
        """Time an official takes on `step`, by the story's pace."""
        if step.order == self.slow_step:
            factor = self.rng.uniform(1.3, 2.4)
        elif self.pace == "early":
            factor = self.rng.uniform(0.15, 0.5)
        elif self.pace == "on_time":
            factor = self.rng.uniform(0.5, 0.95)
        else:
            factor = self.rng.uniform(0.4, 0.9)
        self.work(step.quota * Decimal(str(round(factor * share, 4))))

    # choices

    def _channel(self) -> str:
        if self.story.ending in {State.SUBMITTED, State.REFUSED}:
            return Channel.ONLINE
        mode = self.version.online_mode
        weights = {OnlineMode.FULL: (55, 40, 5), OnlineMode.PARTIAL: (30, 65, 5), OnlineMode.COUNTER: (0, 95, 5)}[mode]
        return self.rng.choices([Channel.ONLINE, Channel.COUNTER, Channel.POST], weights)[0]

    def _episodes(self) -> set[str]:
        kinds = {step.kind for step in self.steps}
        chance = {
            "supplement": 0.10,
            "send_back": 0.10 if Kind.REVIEW in kinds else 0,
            "reassign": 0.07 if Kind.ASSIGNMENT in kinds else 0,
            "extend": 0.5 if self.pace == "late" else 0,
            "obligation": 0.8 if self.version.procedure.code in WITH_OBLIGATION else 0,
            "desk_supplement": 0.12 if self.channel == Channel.ONLINE else 0,
        }
        found = {name for name, p in chance.items() if self.rng.random() < p}
        ending = self.story.ending
        if ending == State.SUPPLEMENT_REQUESTED:
            found.add("desk_supplement" if self.channel == Channel.ONLINE and self.rng.random() < 0.4 else "supplement")
        if ending == State.AWAITING_OBLIGATION:
            found.add("obligation")
        return found

    # the story

    def write(self) -> None:
        self._file()
        if self._stopped_before_receipt() or self.story.ending == State.RECEIVED:
            return
        for step in self.steps:
            if self.story.ending == f"at:{step.kind}":
                return
            if not self._do(step):
                return

    def _stopped_before_receipt(self) -> bool:
        """Online filings wait for the desk: it may ask for more papers, refuse, or the applicant may withdraw."""
        if self.channel != Channel.ONLINE:
            return False
        ending = self.story.ending
        if "desk_supplement" in self.episodes:
            self.wait(1, 20)
            self.office()
            self.work(self.rng.uniform(0.05, 0.5))
            self.at(self._request_supplement(self.staff.reception))
            if ending == State.SUPPLEMENT_REQUESTED:
                return True
            self._applicant_supplements()
        if ending == State.SUBMITTED:
            return True
        self.wait(0.5, 16)
        self.office()
        self.work(self.rng.uniform(0.05, 0.6))
        if ending == State.REFUSED:
            self.at(lambda d, t: lifecycle.refuse(dossier=d, actor=self.staff.reception, reason=self._refusal_reason(), at=t))
            return True
        if ending == State.WITHDRAWN and self.rng.random() < 0.4:
            self.at(lambda d, t: lifecycle.withdraw(dossier=d, actor=d.applicant, reason=self._withdrawal_reason(), at=t))
            return True
        self.at(lambda d, t: lifecycle.receive(dossier=d, actor=self.staff.reception, at=t))
        self._collect_at_receipt()
        return False

    def _file(self) -> None:
        """The applicant files online (any hour), or comes to the counter (office hours), or posts it."""
        version = self.version
        people = People(self.rng)
        today = timezone.localtime(self.t).date()
        area = self.cast.areas[self.home.code]
        person = people.person(age=APPLICANT_AGES.get(version.procedure.code, (20, 70)), today=today)
        account = self._featured_applicant()
        company = tax_code = ""
        if version.procedure.code in FOR_ORGANISATIONS:
            company, tax_code = (account.full_name, account.tax_code) if account else (people.company(), people.tax_code())
        elif account is not None:
            person = Person(account.full_name, account.national_id[3] in "02", person.born, account.national_id, account.phone)
        address = account.address if account else people.address(area)
        email = account.email if account else (person.email() if self.channel == Channel.ONLINE or self.rng.random() < 0.4 else "")
        if company:
            applicant = services.ApplicantInfo(
                name=company, id_number=tax_code, address=address, phone=person.phone, email=email,
                representative=f"{person.name} (người đại diện theo pháp luật)",
            )
        else:
            representative = people.full_name(self.rng.random() < 0.5) + " (được ủy quyền)" if self.rng.random() < 0.08 else ""
            applicant = services.ApplicantInfo(
                name=person.name, id_number=person.national_id, address=address, phone=person.phone, email=email,
                representative=representative,
            )
        form = fill_form(version.procedure.code, version.form_schema, Context(self.rng, people, person, area, today, company, tax_code))
        scanned = self.channel == Channel.ONLINE or self.rng.random() < 0.7
        # Online, the declaration is what the applicant typed: its paper is not uploaded.
        papers = version.papers_to_attach() if self.channel == Channel.ONLINE else version.documents.all()
        documents = [
            services.DocumentInput(
                required_document=document, originals=document.originals, copies=document.copies,
                file=ContentFile(SCAN, name=f"{ascii_slug(document.name)[:60]}.pdf") if scanned else None,
            )
            for document in papers
            if document.mandatory or self.rng.random() < 0.3
        ]
        delivery = self._delivery()
        if self.channel == Channel.ONLINE:
            self.t += timedelta(minutes=self.rng.randint(0, 600))
            cast = self.cast

            def submit(_, t):
                if company:
                    user = account or cast.company_account(company, tax_code, address)
                else:
                    user = account or cast.account_for(person, address, email)
                return services.submit_online(
                    actor=user, procedure_version=version, agency=self.home, applicant=applicant, form_data=form,
                    documents=documents, delivery=delivery, at=t,
                )

            self.at(submit)
        else:
            self.office()
            self.work(self.rng.uniform(0, 0.9))
            self.at(
                lambda _, t: services.receive_at_counter(
                    actor=self.staff.reception, procedure_version=version, agency=self.home, applicant=applicant,
                    form_data=form, documents=documents, delivery=delivery, channel=self.channel, at=t,
                )
            )
            self._collect_at_receipt()

    def _featured_applicant(self) -> User | None:
        """Now and then the applicant is one of the demo's own applicant accounts."""
        if self.version.procedure.code in FOR_ORGANISATIONS:
            return self.rng.choice(self.cast.organisations) if self.rng.random() < 0.3 else None
        if self.home.pk in self.cast.favoured and self.rng.random() < 0.15:
            return self.rng.choice(self.cast.citizens)
        return None

    def _delivery(self) -> str:
        offered = list(self.version.deliveries)
        if self.channel == Channel.POST and Delivery.POST in offered:
            return Delivery.POST
        if self.channel == Channel.ONLINE:
            preferred = [Delivery.ONLINE, Delivery.POST, Delivery.COUNTER]
            weights = [50, 20, 30]
        else:
            preferred = [Delivery.COUNTER, Delivery.POST, Delivery.ONLINE]
            weights = [75, 20, 5]
        options = [(d, w) for d, w in zip(preferred, weights, strict=True) if d in offered]
        return self.rng.choices([d for d, _ in options], [w for _, w in options])[0]

    def _collect_at_receipt(self) -> None:
        """Counters usually take the fee when they receive the papers."""
        if self.version.charges_fees and self.channel != Channel.ONLINE and self.rng.random() < 0.7:
            self.work(self.rng.uniform(0.005, 0.02))
            self.at(self._collect_fees)

    def _collect_fees(self, dossier: Dossier, t: datetime) -> Dossier:
        return lifecycle.collect_fees(dossier=dossier, actor=self.staff.reception, amount=dossier.fee_outstanding, at=t)

    def _do(self, step: ProcessStep) -> bool:
        """Work through `step`; False when the story ends inside it."""
        kind = step.kind
        if kind == Kind.RECEPTION:
            self.spend(step)
            self.at(lambda d, t: lifecycle.hand_over(dossier=d, actor=self.staff.reception, at=t))
        elif kind == Kind.ASSIGNMENT:
            self.spend(step)
            assignee = self.staff.handler if self.rng.random() < 0.7 else self.staff.second_handler
            self.at(lambda d, t: lifecycle.assign(dossier=d, actor=self.staff.division_head, assignee=assignee, at=t))
        elif kind == Kind.PROCESSING:
            return self._process(step)
        elif kind == Kind.REVIEW:
            if "send_back" in self.episodes:
                self.spend(step, 0.5)
                self.at(lambda d, t: lifecycle.send_back(dossier=d, actor=self.staff.division_head, note=self._send_back_note(), at=t))
                processing = next(s for s in self.steps if s.kind == Kind.PROCESSING)
                self.spend(processing, 0.3)
                self.at(lambda d, t: lifecycle.process(dossier=d, actor=d.assignee or self.staff.handler, note="Đã hoàn thiện theo ý kiến của lãnh đạo phòng.", at=t))
            self.spend(step)
            self.at(lambda d, t: lifecycle.review(dossier=d, actor=self.staff.division_head, at=t))
        elif kind == Kind.APPROVAL:
            self.spend(step)
            approver = self.staff.for_role(step.role)
            self.at(lambda d, t: lifecycle.approve(dossier=d, actor=approver, at=t))
        elif kind == Kind.TRANSFER:
            return self._transfer(step)
        elif kind == Kind.RETURN:
            return self._return(step)
        return True

    def _process(self, step: ProcessStep) -> bool:
        ending = self.story.ending

        def handler(dossier: Dossier) -> User:
            return dossier.assignee or self.staff.handler

        if "extend" in self.episodes:
            self.spend(step, 0.2)
            self.at(self._extend)
        if "reassign" in self.episodes:
            self.spend(step, 0.3)
            self.at(lambda d, t: lifecycle.reassign(
                dossier=d, actor=self.staff.division_head,
                assignee=self.staff.second_handler if d.assignee_id == self.staff.handler.pk else self.staff.handler,
                note="Chuyên viên thụ lý nghỉ phép, phân công lại.", at=t,
            ))
        if "supplement" in self.episodes:
            self.spend(step, 0.4)
            self.at(lambda d, t: self._request_supplement(handler(d))(d, t))
            if ending == State.SUPPLEMENT_REQUESTED:
                return False
            self._applicant_supplements()
        if "obligation" in self.episodes:
            self.spend(step, 0.5)
            self.at(lambda d, t: lifecycle.request_obligation(
                dossier=d, actor=handler(d), at=t,
                note="Đề nghị nộp thuế thu nhập cá nhân và lệ phí trước bạ theo thông báo của cơ quan thuế.",
            ))
            if ending == State.AWAITING_OBLIGATION:
                return False
            self.wait(24, 140)
            self.office()
            self.at(lambda d, t: lifecycle.fulfil_obligation(dossier=d, actor=self.staff.reception, note="Đã nộp chứng từ nộp thuế, lệ phí trước bạ.", at=t))
        if ending in {State.STOPPED, State.WITHDRAWN}:
            self.spend(step, 0.5)
            if ending == State.STOPPED:
                self.at(lambda d, t: lifecycle.stop(dossier=d, actor=self.staff.leader, reason=self._stop_reason(), at=t))
            else:
                self.at(lambda d, t: lifecycle.withdraw(dossier=d, actor=d.applicant or self.staff.reception, reason=self._withdrawal_reason(), at=t))
            return False
        self.spend(step)
        self.at(lambda d, t: lifecycle.process(dossier=d, actor=handler(d), note=self._processing_note(), at=t))
        return True

    def _transfer(self, step: ProcessStep) -> bool:
        self.spend(step, 0.05)
        district = self.home.parent
        self.at(lambda d, t: lifecycle.transfer(
            dossier=d, actor=self.staff.handler, to_agency=district, at=t,
            note="Chuyển hồ sơ đã xác nhận đến Chi nhánh Văn phòng đăng ký đất đai để cấp Giấy chứng nhận.",
        ))
        if self.story.ending == State.TRANSFERRED:
            return False
        self.spend(step, 0.95)
        helper = self.cast.staff[district.pk].handler
        self.at(lambda d, t: lifecycle.return_transfer(dossier=d, actor=helper, note="Đã ký Giấy chứng nhận, chuyển trả UBND cấp xã.", at=t))
        return True

    def _return(self, step: ProcessStep) -> bool:
        """Most applicants collect within the return step's time; some come days later.
        Results sent by post go to the postman, who delivers them (or has yet to)."""
        if self.story.ending == State.READY:
            if self.rng.random() < 0.5:
                self.at(lambda d, t: self._entrust_to_post(d, t) if d.delivery == Delivery.POST else d)
            return False
        if self.rng.random() < 0.85:
            self.spend(step)
        else:
            self.wait(20, 72)
            self.office()
        if self.version.charges_fees:
            self.at(lambda d, t: self._collect_fees(d, t) if d.fee_outstanding else d)
            self.work(self.rng.uniform(0.005, 0.02))
        self.at(lambda d, t: self._entrust_to_post(d, t) if d.delivery == Delivery.POST else d)
        self.work(self.rng.uniform(0.1, 0.6))
        self.at(lambda d, t: lifecycle.return_result(
            dossier=d, actor=d.postal_agent or self.staff.reception, collected_by=d.applicant_name,
            collected_id_number=d.applicant_id_number, at=t,
        ))
        return True

    def _entrust_to_post(self, dossier: Dossier, t: datetime) -> Dossier:
        return lifecycle.entrust_to_post(dossier=dossier, actor=self.staff.reception, postal_agent=self.cast.postman, at=t)

    # moves that need the dossier as it is then

    def _extend(self, dossier: Dossier, t: datetime) -> Dossier:
        """Form 04, when there is still a working day before the promise; otherwise it is too late to ask."""
        if dossier.promised_at is None or self.calendar.add_working_days(t, 1) > dossier.promised_at:
            return dossier
        later = self.calendar.add_working_days(dossier.promised_at, self.rng.choice([2, 3, 5]))
        return lifecycle.extend(dossier=dossier, actor=self.staff.leader, new_promised_at=later, reason=self._extension_reason(), at=t)

    def _request_supplement(self, actor: User):
        items = self.rng.sample([document.name for document in self.version.documents.all()], k=1)
        reason = self.rng.choice([
            "Bản chụp giấy tờ không rõ nét, không đọc được nội dung.",
            "Thông tin trên tờ khai không khớp với Cơ sở dữ liệu quốc gia về dân cư.",
            "Thiếu chữ ký của người yêu cầu trên tờ khai.",
            "Giấy tờ đã hết hiệu lực, đề nghị bổ sung bản còn hiệu lực.",
        ])
        return lambda d, t: lifecycle.request_supplement(dossier=d, actor=actor, items=items, reason=reason, at=t)

    def _applicant_supplements(self) -> None:
        """Online, the applicant uploads the papers at any hour; otherwise brings them to the desk."""
        self.wait(6, 120)
        note = "Đã bổ sung giấy tờ theo phiếu yêu cầu."
        if self.channel == Channel.ONLINE:
            self.at(lambda d, t: lifecycle.supplement(dossier=d, actor=d.applicant, note=note, at=t))
        else:
            self.office()
            self.at(lambda d, t: lifecycle.supplement(dossier=d, actor=self.staff.reception, note=note, at=t))

    # words

    def _refusal_reason(self) -> str:
        return self.rng.choice([
            "Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan; đề nghị nộp tại UBND nơi cư trú.",
            "Thành phần hồ sơ không đúng quy định: thiếu giấy tờ bắt buộc sau khi đã được hướng dẫn.",
            "Người yêu cầu không đủ điều kiện thực hiện thủ tục theo quy định.",
            "Hồ sơ trùng với hồ sơ đã nộp trước đó đang được giải quyết.",
        ])

    def _withdrawal_reason(self) -> str:
        return self.rng.choice([
            "Người nộp không còn nhu cầu giải quyết.",
            "Nộp nhầm thủ tục, sẽ nộp lại hồ sơ khác.",
            "Cần bổ sung thêm giấy tờ, xin rút để hoàn thiện và nộp lại sau.",
        ])

    def _stop_reason(self) -> str:
        return self.rng.choice([
            "Có đơn tranh chấp của bên liên quan; tạm dừng giải quyết theo quy định.",
            "Người yêu cầu không bổ sung hồ sơ trong thời hạn quy định.",
            "Cơ quan có thẩm quyền đề nghị tạm dừng để xác minh.",
        ])

    def _send_back_note(self) -> str:
        return self.rng.choice([
            "Dự thảo kết quả còn sai sót thông tin, đề nghị kiểm tra lại.",
            "Chưa đủ căn cứ đề xuất, đề nghị bổ sung ý kiến thẩm định.",
        ])

    def _processing_note(self) -> str:
        return self.rng.choice(["Hồ sơ hợp lệ, đủ điều kiện giải quyết.", "Đã thẩm định, đề xuất giải quyết.", ""])

    def _extension_reason(self) -> str:
        return self.rng.choice([
            "Cần xác minh thêm thông tin tại cơ quan khác.",
            "Cần kiểm tra thực địa, thời tiết không thuận lợi.",
            "Hệ thống cơ sở dữ liệu chuyên ngành gián đoạn kết nối.",
        ])
