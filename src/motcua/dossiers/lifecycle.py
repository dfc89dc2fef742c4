"""The dossier lifecycle: every state, every transition, who may fire it, and what it records.

This is the only module that changes a dossier's state, clocks, step or agency. Each
transition is a function taking keyword arguments; it locks the dossier row, checks the
state, the current step, the actor's role at the agency that holds the dossier and the
input, then changes the dossier and appends one immutable DossierEvent in the same
transaction (the event also enqueues its outbox delivery there). Anything refused raises
`Refused` (or ValidationError for bad input) with a reason in Vietnamese and changes
nothing. Web views, the API and management commands call these functions; none
re-implements a rule. A transition marked `by_system` (record_online_payment) is fired by
the system on an outside confirmation, has no actor, and no person may fire it.

Clock rules (DOMAIN.md, "Time rules"): the promised return time and each step's due time
come from the working calendar; time waiting for the applicant (supplement, financial
obligation) is excluded by storing the working time left when the clock stops and
re-applying it when it restarts.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts import permissions
from motcua.accounts.models import ID_NUMBER, Role, User
from motcua.agencies.models import Agency, Division
from motcua.catalog.models import ProcedureVersion, ProcessStep
from motcua.dossiers import audit
from motcua.dossiers.models import Dossier, DossierEvent, State, Timing
from motcua.dossiers.outbox import enqueue_event_delivery
from motcua.text import vnd
from motcua.workdays.selectors import working_calendar

Kind = ProcessStep.Kind

# The national portal's ten status codes; several internal states may share one.
NATIONAL_STATUS: dict[str, int] = {
    State.SUBMITTED: 1,
    State.RECEIVED: 2,
    State.REFUSED: 3,
    State.IN_PROGRESS: 4,
    State.TRANSFERRED: 4,
    State.SUPPLEMENT_REQUESTED: 5,
    State.AWAITING_OBLIGATION: 6,
    State.WITHDRAWN: 7,
    State.STOPPED: 8,
    State.READY: 9,
    State.RETURNED: 10,
}

FINAL_STATES = frozenset({State.REFUSED, State.WITHDRAWN, State.STOPPED, State.RETURNED})
# States in which the legal clock runs (the dossier is with the administration).
RUNNING_STATES = frozenset({State.RECEIVED, State.IN_PROGRESS, State.TRANSFERRED})
PAUSED_STATES = frozenset({State.SUPPLEMENT_REQUESTED, State.AWAITING_OBLIGATION})
# States in which fees may be paid, at the counter or online: from filing (the applicant
# is offered to pay right after submitting) until the result is returned.
FEE_STATES = frozenset({State.SUBMITTED, State.RECEIVED, State.IN_PROGRESS, State.TRANSFERRED, State.READY})

# Each step kind has the action that completes it.
STEP_ACTION = {
    Kind.RECEPTION: "hand_over",
    Kind.ASSIGNMENT: "assign",
    Kind.PROCESSING: "process",
    Kind.REVIEW: "review",
    Kind.APPROVAL: "approve",
    Kind.TRANSFER: "transfer",
    Kind.RETURN: "return_result",
}


class Refused(ValidationError):
    """A transition that the state, the step or the actor's role does not allow."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    step_kinds: frozenset[str] = frozenset()
    # Fired by the system on an outside confirmation (a payment gateway), never by a person.
    by_system: bool = False


def _t(name: str, label: str, sources, step_kinds=(), *, by_system: bool = False) -> Transition:
    return Transition(name, label, frozenset(sources), frozenset(step_kinds), by_system)


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        _t("receive", gettext_lazy("Tiếp nhận hồ sơ"), [State.SUBMITTED]),
        _t("refuse", gettext_lazy("Từ chối tiếp nhận"), [State.SUBMITTED]),
        _t("hand_over", gettext_lazy("Chuyển xử lý"), [State.RECEIVED], [Kind.RECEPTION]),
        _t("assign", gettext_lazy("Phân công thụ lý"), [State.IN_PROGRESS], [Kind.ASSIGNMENT]),
        _t("process", gettext_lazy("Hoàn thành thụ lý"), [State.IN_PROGRESS], [Kind.PROCESSING]),
        _t("review", gettext_lazy("Xét duyệt"), [State.IN_PROGRESS], [Kind.REVIEW]),
        _t("approve", gettext_lazy("Ký duyệt"), [State.IN_PROGRESS], [Kind.APPROVAL]),
        _t("transfer", gettext_lazy("Chuyển liên thông"), [State.IN_PROGRESS], [Kind.TRANSFER]),
        _t("return_transfer", gettext_lazy("Trả kết quả liên thông"), [State.TRANSFERRED], [Kind.TRANSFER]),
        _t("collect_fees", gettext_lazy("Thu phí, lệ phí"), FEE_STATES),
        _t("record_online_payment", gettext_lazy("Ghi nhận thanh toán trực tuyến"), FEE_STATES, by_system=True),
        _t("entrust_to_post", gettext_lazy("Giao bưu điện"), [State.SUBMITTED, State.READY]),
        _t("postal_collect", gettext_lazy("Bưu điện đã nhận"), [State.SUBMITTED, State.READY]),
        _t("return_result", gettext_lazy("Trả kết quả"), [State.READY], [Kind.RETURN]),
        _t("request_supplement", gettext_lazy("Yêu cầu bổ sung hồ sơ"), [State.SUBMITTED, State.RECEIVED, State.IN_PROGRESS]),
        _t("supplement", gettext_lazy("Bổ sung hồ sơ"), [State.SUPPLEMENT_REQUESTED]),
        _t("request_obligation", gettext_lazy("Yêu cầu thực hiện nghĩa vụ tài chính"), [State.IN_PROGRESS]),
        _t("fulfil_obligation", gettext_lazy("Đã thực hiện nghĩa vụ tài chính"), [State.AWAITING_OBLIGATION]),
        _t("send_back", gettext_lazy("Trả lại bước trước"), [State.IN_PROGRESS]),
        _t("reassign", gettext_lazy("Phân công lại"), [State.IN_PROGRESS], [Kind.PROCESSING, Kind.REVIEW, Kind.APPROVAL, Kind.TRANSFER]),
        _t("extend", gettext_lazy("Gia hạn, xin lỗi"), [State.RECEIVED, State.IN_PROGRESS, State.TRANSFERRED]),
        _t(
            "withdraw",
            gettext_lazy("Rút hồ sơ"),
            [State.SUBMITTED, State.RECEIVED, State.IN_PROGRESS, State.TRANSFERRED, *PAUSED_STATES],
        ),
        _t("stop", gettext_lazy("Dừng xử lý"), [State.RECEIVED, State.IN_PROGRESS, State.TRANSFERRED, *PAUSED_STATES]),
    ]
}

# What people fire from a screen or a command; the rest the system fires on its own.
PEOPLE_TRANSITIONS = {name: t for name, t in TRANSITIONS.items() if not t.by_system}


# --- who may act -------------------------------------------------------------------------


def _holds_step_role(user: User, dossier: Dossier, step: ProcessStep) -> bool:
    """The actor holds the step's role at the agency holding the dossier; a role tied to a
    division only counts for steps of that division."""
    if not permissions.has_role(user, dossier.current_agency_id, step.role):
        return False
    divisions = permissions.division_ids(user, dossier.current_agency_id, step.role)
    if None in divisions or not step.division_code:
        return True
    return Division.objects.filter(pk__in=divisions, code=step.division_code).exists()


def _acting_for_step(user: User, dossier: Dossier) -> bool:
    step = dossier.current_step
    if step is None:
        return False
    if step.kind == Kind.PROCESSING and dossier.assignee_id:
        return dossier.assignee_id == user.pk
    return _holds_step_role(user, dossier, step)


def _desk(user: User, agency_id: int) -> bool:
    return permissions.has_role(user, agency_id, Role.RECEPTION)


def _leads(user: User, agency_id: int) -> bool:
    return permissions.has_role(user, agency_id, Role.LEADER)


def _supervises(user: User, agency_id: int) -> bool:
    return permissions.has_role(user, agency_id, Role.DIVISION_HEAD, Role.LEADER)


def _may(user: User, dossier: Dossier, name: str) -> bool:
    agency = dossier.current_agency_id
    home = dossier.receiving_agency_id
    if TRANSITIONS[name].by_system:
        return False
    if name in {"receive", "refuse", "collect_fees"}:
        return _desk(user, agency if name != "collect_fees" else home)
    if name == "return_result":
        by_post = dossier.delivery == ProcedureVersion.Delivery.POST and dossier.postal_agent_id == user.pk
        return by_post or _acting_for_step(user, dossier)
    if name == "entrust_to_post":
        return _desk(user, home)
    if name == "postal_collect":
        return dossier.postal_agent_id == user.pk and permissions.is_active_postal_agent(user)
    if name in {"hand_over", "assign", "process", "review", "approve", "transfer"}:
        return _acting_for_step(user, dossier)
    if name == "return_transfer":
        return permissions.has_role(user, agency, Role.HANDLER, Role.LEADER, Role.RECEPTION)
    if name == "request_supplement":
        if dossier.state in {State.SUBMITTED, State.RECEIVED}:
            return _desk(user, agency)
        return _acting_for_step(user, dossier)
    if name == "supplement":
        return permissions.is_owner(user, dossier) or _desk(user, home)
    if name == "request_obligation":
        return _acting_for_step(user, dossier)
    if name == "fulfil_obligation":
        return _desk(user, agency) or _acting_for_step(user, dossier)
    if name == "send_back":
        return _acting_for_step(user, dossier) or _supervises(user, agency)
    if name == "reassign":
        return _supervises(user, agency)
    if name == "extend":
        return _leads(user, agency) or _leads(user, home)
    if name == "withdraw":
        return permissions.is_owner(user, dossier) or _desk(user, home)
    if name == "stop":
        return _leads(user, agency)
    raise KeyError(name)


def refusal(user: User, dossier: Dossier, name: str) -> str | None:
    """Why `user` may not fire `name` on `dossier` now, or None when they may."""
    reason = _not_now(dossier, name)
    if reason:
        return reason
    if not (user and user.is_authenticated and user.is_active) or not _may(user, dossier, name):
        return _("Bạn không có quyền “%(action)s” với hồ sơ %(code)s.") % {"action": TRANSITIONS[name].label, "code": dossier.code}
    return None


def _awaiting_postal_collection(dossier: Dossier) -> bool:
    """Entrusted to the post and not yet taken in hand since."""
    last = dossier.events.filter(action__in=["entrust_to_post", "postal_collect"]).order_by("-sequence").first()
    return last is not None and last.action == "entrust_to_post"


def _not_now(dossier: Dossier, name: str) -> str | None:
    """Why the dossier's state or step does not allow `name` now, whoever asks."""
    transition = TRANSITIONS[name]
    if dossier.state not in transition.sources:
        return _("Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(state)s”.") % {
            "action": transition.label,
            "state": dossier.get_state_display(),
        }
    step = dossier.current_step
    if transition.step_kinds and (step is None or step.kind not in transition.step_kinds):
        return _("Không thể “%(action)s” ở bước “%(step)s” của quy trình.") % {
            "action": transition.label,
            "step": step.name if step else _("không xác định"),
        }
    if name == "postal_collect" and not _awaiting_postal_collection(dossier):
        return _("Bưu điện đã ghi nhận nhận hồ sơ này rồi.")
    return None


def _nothing_to_do(dossier: Dossier, name: str) -> bool:
    """Allowed, but with nothing to act on now, so that the transition itself would refuse
    every input: no fee left to collect, too late to extend, no earlier step to send back to."""
    if name == "collect_fees":
        return dossier.fee_outstanding <= 0
    if name == "extend":
        return dossier.promised_at is None or working_calendar().add_working_days(timezone.now(), 1) > dossier.promised_at
    if name == "send_back":
        step = dossier.current_step
        return step is None or not any(s.order < step.order and s.kind != Kind.RECEPTION for s in _steps(dossier))
    return False


def available_transitions(user: User, dossier: Dossier) -> list[Transition]:
    """What `user` may do with `dossier` now: the buttons a screen shows (not those that
    would only be refused whatever the input)."""
    return [t for name, t in TRANSITIONS.items() if refusal(user, dossier, name) is None and not _nothing_to_do(dossier, name)]


# --- clocks ------------------------------------------------------------------------------


def classify(done_at: datetime, due_at: datetime | None) -> str:
    """Trước hạn: done on an earlier day than due; đúng hạn: on the due day, not after the
    due time; quá hạn: after the due time."""
    if due_at is None:
        return ""
    if done_at > due_at:
        return Timing.LATE
    if timezone.localdate(done_at) < timezone.localdate(due_at):
        return Timing.EARLY
    return Timing.ON_TIME


def _counts_in_working_days(dossier: Dossier) -> bool:
    return dossier.procedure_version.time_unit == ProcedureVersion.TimeUnit.WORKING_DAYS


def _add(dossier: Dossier, start: datetime, days: Decimal) -> datetime:
    calendar = working_calendar()
    if _counts_in_working_days(dossier):
        return calendar.add_working_days(start, days)
    return calendar.add_calendar_days(start, days)


def _remaining(dossier: Dossier, now: datetime, due: datetime | None) -> int | None:
    """Seconds of counted time left until `due` (negative when already overdue)."""
    if due is None:
        return None
    if _counts_in_working_days(dossier):
        return int(working_calendar().working_time_between(now, due).total_seconds())
    return int((due - now).total_seconds())


def _resume(dossier: Dossier, now: datetime, remaining: int | None, due: datetime | None) -> datetime | None:
    if remaining is None or due is None:
        return due
    if remaining <= 0:
        # Already overdue when the clock stopped: waiting does not make it on time again.
        return due
    if _counts_in_working_days(dossier):
        calendar = working_calendar()
        days = Decimal(remaining) / Decimal(int(calendar.hours.day_length.total_seconds()))
        return calendar.add_working_days(now, days)
    return now + timedelta(seconds=remaining)


# --- mechanics ---------------------------------------------------------------------------


def _lock(dossier: Dossier) -> Dossier:
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("current_step", "procedure_version", "current_agency", "receiving_agency")
        .get(pk=dossier.pk)
    )


def _now(dossier: Dossier, at: datetime | None) -> datetime:
    now = at or timezone.now()
    if timezone.is_naive(now):
        raise ValidationError(_("Thời điểm phải có múi giờ."))
    last = dossier.events.order_by("-sequence").values_list("at", flat=True).first()
    if last and now < last:
        raise ValidationError(_("Thời điểm thao tác không được trước thao tác gần nhất của hồ sơ."))
    return now


def _begin(dossier: Dossier, actor: User, name: str, at: datetime | None) -> tuple[Dossier, datetime]:
    dossier = _lock(dossier)
    reason = refusal(actor, dossier, name)
    if reason:
        raise Refused(reason, code="refused")
    return dossier, _now(dossier, at)


def _require(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(message)
    return text


def _steps(dossier: Dossier) -> list[ProcessStep]:
    return list(dossier.procedure_version.steps.order_by("order"))


def _next_step(dossier: Dossier) -> ProcessStep | None:
    return next((s for s in _steps(dossier) if s.order > dossier.current_step.order), None)


def next_step(dossier: Dossier) -> ProcessStep | None:
    """The step that completing the current one leads to (None at the last step)."""
    return _next_step(dossier) if dossier.current_step is not None else None


def division_for(dossier: Dossier, step: ProcessStep | None) -> Division | None:
    """The division of the agency holding `dossier` that does `step`, if the step names one."""
    return _division_for(dossier, step)


def _division_for(dossier: Dossier, step: ProcessStep | None) -> Division | None:
    if step is None or not step.division_code:
        return None
    return Division.objects.filter(agency=dossier.current_agency_id, code=step.division_code, is_active=True).first()


def _enter_step(dossier: Dossier, step: ProcessStep | None, now: datetime) -> None:
    dossier.set_step(step)
    dossier.step_started_at = now
    dossier.step_due_at = _add(dossier, now, step.quota) if step else None
    dossier.division = _division_for(dossier, step)


def record(
    dossier: Dossier,
    *,
    actor: User | None,
    action: str,
    at: datetime,
    from_state: str = "",
    from_step: ProcessStep | None = None,
    from_agency: Agency | None = None,
    timing: str = "",
    due_at: datetime | None = None,
    receiver: User | None = None,
    note: str = "",
    data: dict | None = None,
) -> DossierEvent:
    """Append the event of a change that has just been made to `dossier` (already saved),
    as the next link of the dossier's hash chain (the caller holds the dossier's row lock)."""
    last_sequence, last_hash = dossier.events.order_by("-sequence").values_list("sequence", "hash").first() or (0, "")
    event = DossierEvent(
        dossier=dossier,
        sequence=last_sequence + 1,
        action=action,
        actor=actor,
        at=at,
        from_state=from_state,
        to_state=dossier.state,
        from_step=from_step,
        to_step=dossier.current_step,
        from_agency=from_agency,
        to_agency=dossier.current_agency,
        receiver=receiver,
        due_at=due_at,
        timing=timing,
        note=note,
        data=data or {},
    )
    audit.seal(event, last_hash)
    event.save(force_insert=True)
    enqueue_event_delivery(event)
    return event


def _advance(dossier: Dossier, actor: User, name: str, now: datetime, *, note: str = "", receiver=None) -> Dossier:
    """Complete the current step and enter the next one; the handover is classified
    against the completed step's due time."""
    from_state, from_step, due = dossier.state, dossier.current_step, dossier.step_due_at
    following = _next_step(dossier)
    _enter_step(dossier, following, now)
    if following is not None and following.kind == Kind.RETURN:
        dossier.state = State.READY
        dossier.finished_at = now
        dossier.timing = classify(now, dossier.promised_at)
    else:
        dossier.state = State.IN_PROGRESS
    dossier.save()
    record(
        dossier,
        actor=actor,
        action=name,
        at=now,
        from_state=from_state,
        from_step=from_step,
        from_agency=dossier.current_agency,
        timing=classify(now, due),
        due_at=due,
        receiver=receiver,
        note=note,
    )
    return dossier


def _pause(dossier: Dossier, now: datetime, to_state: str) -> None:
    dossier.state_before_pause = dossier.state
    dossier.paused_at = now
    dossier.paused_remaining = _remaining(dossier, now, dossier.promised_at)
    dossier.paused_step_remaining = _remaining(dossier, now, dossier.step_due_at)
    dossier.state = to_state


def _unpause(dossier: Dossier, now: datetime) -> None:
    restart = working_calendar().next_working_moment(now) if dossier.clock_started_at else now
    dossier.promised_at = _resume(dossier, restart, dossier.paused_remaining, dossier.promised_at)
    dossier.step_due_at = _resume(dossier, restart, dossier.paused_step_remaining, dossier.step_due_at)
    dossier.state = dossier.state_before_pause
    dossier.state_before_pause = ""
    dossier.paused_at = None
    dossier.paused_remaining = None
    dossier.paused_step_remaining = None


def _handler_at(agency_id: int, user: User | None) -> User:
    if user is None or not permissions.has_role(user, agency_id, Role.HANDLER):
        raise ValidationError(_("Người được phân công phải là chuyên viên thụ lý của cơ quan đang xử lý hồ sơ."))
    return user


# --- reception ---------------------------------------------------------------------------


def start_clock(dossier: Dossier, now: datetime) -> None:
    """Receipt: the promise and the reception step's due time start from the receipt moment
    (or the next working morning after the cut-off)."""
    version = dossier.procedure_version
    start = working_calendar().start_of_count(now)
    dossier.received_at = now
    dossier.clock_started_at = start
    dossier.promised_at = _add(dossier, start, version.legal_time)
    dossier.original_promised_at = dossier.promised_at
    first = version.steps.order_by("order").first()
    _enter_step(dossier, first, start)
    dossier.step_started_at = now
    dossier.state = State.RECEIVED


@transaction.atomic
def receive(*, dossier: Dossier, actor: User, at: datetime | None = None, note: str = "") -> Dossier:
    dossier, now = _begin(dossier, actor, "receive", at)
    start_clock(dossier, now)
    dossier.save()
    record(dossier, actor=actor, action="receive", at=now, from_state=State.SUBMITTED, note=note)
    return dossier


@transaction.atomic
def refuse(*, dossier: Dossier, actor: User, reason: str, at: datetime | None = None) -> Dossier:
    """Form 03 (Phiếu từ chối tiếp nhận giải quyết hồ sơ): the reason is required."""
    dossier, now = _begin(dossier, actor, "refuse", at)
    reason = _require(reason, _("Phải nêu lý do từ chối tiếp nhận hồ sơ."))
    dossier.state = State.REFUSED
    dossier.save()
    record(dossier, actor=actor, action="refuse", at=now, from_state=State.SUBMITTED, note=reason)
    return dossier


# --- the internal process ----------------------------------------------------------------


@transaction.atomic
def hand_over(*, dossier: Dossier, actor: User, note: str = "", at: datetime | None = None) -> Dossier:
    dossier, now = _begin(dossier, actor, "hand_over", at)
    return _advance(dossier, actor, "hand_over", now, note=note)


@transaction.atomic
def assign(*, dossier: Dossier, actor: User, assignee: User, note: str = "", at: datetime | None = None) -> Dossier:
    dossier, now = _begin(dossier, actor, "assign", at)
    dossier.assignee = _handler_at(dossier.current_agency_id, assignee)
    return _advance(dossier, actor, "assign", now, note=note, receiver=dossier.assignee)


@transaction.atomic
def process(*, dossier: Dossier, actor: User, note: str = "", at: datetime | None = None) -> Dossier:
    dossier, now = _begin(dossier, actor, "process", at)
    return _advance(dossier, actor, "process", now, note=note)


@transaction.atomic
def review(*, dossier: Dossier, actor: User, note: str = "", at: datetime | None = None) -> Dossier:
    dossier, now = _begin(dossier, actor, "review", at)
    return _advance(dossier, actor, "review", now, note=note)


@transaction.atomic
def approve(*, dossier: Dossier, actor: User, note: str = "", at: datetime | None = None) -> Dossier:
    dossier, now = _begin(dossier, actor, "approve", at)
    return _advance(dossier, actor, "approve", now, note=note)


@transaction.atomic
def send_back(
    *, dossier: Dossier, actor: User, note: str, to_step: ProcessStep | None = None, at: datetime | None = None
) -> Dossier:
    """Return the dossier to an earlier step (not reception) to be redone."""
    dossier, now = _begin(dossier, actor, "send_back", at)
    note = _require(note, _("Phải nêu lý do trả lại."))
    earlier = [s for s in _steps(dossier) if s.order < dossier.current_step.order and s.kind != Kind.RECEPTION]
    if not earlier:
        raise Refused(_("Không có bước trước để trả lại."))
    target = to_step or earlier[-1]
    if target.pk not in {s.pk for s in earlier}:
        raise ValidationError(_("Chỉ trả lại được về một bước xử lý đứng trước bước hiện tại."))
    from_state, from_step, due = dossier.state, dossier.current_step, dossier.step_due_at
    _enter_step(dossier, target, now)
    dossier.save()
    record(
        dossier, actor=actor, action="send_back", at=now, from_state=from_state, from_step=from_step,
        from_agency=dossier.current_agency, timing=classify(now, due), due_at=due, note=note,
    )
    return dossier


@transaction.atomic
def reassign(*, dossier: Dossier, actor: User, assignee: User, note: str = "", at: datetime | None = None) -> Dossier:
    dossier, now = _begin(dossier, actor, "reassign", at)
    assignee = _handler_at(dossier.current_agency_id, assignee)
    if assignee.pk == dossier.assignee_id:
        raise ValidationError(_("Hồ sơ đang được giao cho chính cán bộ này."))
    previous = dossier.assignee
    dossier.assignee = assignee
    dossier.save(update_fields=["assignee"])
    record(
        dossier, actor=actor, action="reassign", at=now, from_state=dossier.state, from_step=dossier.current_step,
        from_agency=dossier.current_agency, receiver=assignee, note=note,
        data={"previous_assignee": previous.pk if previous else None},
    )
    return dossier


# --- inter-agency transfer (liên thông) ---------------------------------------------------


@transaction.atomic
def transfer(*, dossier: Dossier, actor: User, to_agency: Agency, note: str = "", at: datetime | None = None) -> Dossier:
    dossier, now = _begin(dossier, actor, "transfer", at)
    step = dossier.current_step
    if not to_agency.is_active or to_agency.pk == dossier.current_agency_id:
        raise ValidationError(_("Cơ quan nhận liên thông phải là một cơ quan khác đang hoạt động."))
    expected_level = {"province": {Agency.Level.PROVINCE, Agency.Level.DEPARTMENT}}.get(step.transfer_level, {step.transfer_level})
    if to_agency.level not in expected_level:
        raise ValidationError(
            _("Bước này liên thông tới %(level)s; “%(agency)s” không thuộc cấp đó.")
            % {"level": step.get_transfer_level_display(), "agency": to_agency.name}
        )
    from_agency = dossier.current_agency
    dossier.current_agency = to_agency
    dossier.state = State.TRANSFERRED
    dossier.division = None
    dossier.save()
    dossier.involved_agencies.add(to_agency)
    record(
        dossier, actor=actor, action="transfer", at=now, from_state=State.IN_PROGRESS, from_step=step,
        from_agency=from_agency, note=note,
    )
    return dossier


@transaction.atomic
def return_transfer(*, dossier: Dossier, actor: User, note: str = "", at: datetime | None = None) -> Dossier:
    """The other agency sends its result back; the sending agency goes on with its next step."""
    dossier, now = _begin(dossier, actor, "return_transfer", at)
    sent = dossier.events.filter(action="transfer").order_by("-sequence").first()
    helper = dossier.current_agency
    dossier.current_agency = sent.from_agency
    due = dossier.step_due_at
    from_step = dossier.current_step
    _enter_step(dossier, _next_step(dossier), now)
    dossier.state = State.READY if dossier.current_step.kind == Kind.RETURN else State.IN_PROGRESS
    if dossier.state == State.READY:
        dossier.finished_at = now
        dossier.timing = classify(now, dossier.promised_at)
    dossier.save()
    record(
        dossier, actor=actor, action="return_transfer", at=now, from_state=State.TRANSFERRED, from_step=from_step,
        from_agency=helper, timing=classify(now, due), due_at=due, note=note,
    )
    return dossier


# --- waiting for the applicant -----------------------------------------------------------


def _stop_clock(name: str, to_state: str, *, dossier, actor, at, note: str, data: dict | None = None) -> Dossier:
    from_state = dossier.state
    _pause(dossier, at, to_state)
    dossier.save()
    record(
        dossier, actor=actor, action=name, at=at, from_state=from_state, from_step=dossier.current_step,
        from_agency=dossier.current_agency, note=note, data=data,
    )
    return dossier


def _restart_clock(name: str, *, dossier, actor, at, note: str) -> Dossier:
    from_state = dossier.state
    _unpause(dossier, at)
    dossier.save()
    record(
        dossier, actor=actor, action=name, at=at, from_state=from_state, from_step=dossier.current_step,
        from_agency=dossier.current_agency, note=note,
    )
    return dossier


@transaction.atomic
def request_supplement(
    *, dossier: Dossier, actor: User, items: list[str], reason: str, at: datetime | None = None
) -> Dossier:
    """Form 02 (Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ): the clock stops until the applicant supplements."""
    dossier, now = _begin(dossier, actor, "request_supplement", at)
    items = [item.strip() for item in items or [] if item and item.strip()]
    if not items:
        raise ValidationError(_("Phải nêu ít nhất một giấy tờ, nội dung cần bổ sung."))
    reason = _require(reason, _("Phải nêu lý do yêu cầu bổ sung."))
    return _stop_clock(
        "request_supplement", State.SUPPLEMENT_REQUESTED, dossier=dossier, actor=actor, at=now, note=reason,
        data={"items": items},
    )


@transaction.atomic
def supplement(*, dossier: Dossier, actor: User, note: str = "", at: datetime | None = None) -> Dossier:
    dossier, now = _begin(dossier, actor, "supplement", at)
    return _restart_clock("supplement", dossier=dossier, actor=actor, at=now, note=note)


@transaction.atomic
def request_obligation(*, dossier: Dossier, actor: User, note: str, at: datetime | None = None) -> Dossier:
    """The applicant must pay a tax or charge before the result: the clock stops meanwhile."""
    dossier, now = _begin(dossier, actor, "request_obligation", at)
    note = _require(note, _("Phải nêu nghĩa vụ tài chính cần thực hiện."))
    return _stop_clock("request_obligation", State.AWAITING_OBLIGATION, dossier=dossier, actor=actor, at=now, note=note)


@transaction.atomic
def fulfil_obligation(*, dossier: Dossier, actor: User, note: str = "", at: datetime | None = None) -> Dossier:
    dossier, now = _begin(dossier, actor, "fulfil_obligation", at)
    return _restart_clock("fulfil_obligation", dossier=dossier, actor=actor, at=now, note=note)


# --- fees, extension, return -------------------------------------------------------------


def _check_fee_amount(dossier: Dossier, amount) -> None:
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise ValidationError(_("Số tiền thu phải là số nguyên dương (đồng)."))
    if amount > dossier.fee_outstanding:
        raise ValidationError(
            _("Số tiền thu (%(amount)s) vượt số còn phải nộp (%(due)s).") % {"amount": vnd(amount), "due": vnd(dossier.fee_outstanding)}
        )


@transaction.atomic
def collect_fees(*, dossier: Dossier, actor: User, amount: int, at: datetime | None = None) -> Dossier:
    """The counter takes exactly what the dossier still owes (motcua.catalog.fees reckoned it
    at filing): not more, and not a part that would leave the rest to chase."""
    dossier, now = _begin(dossier, actor, "collect_fees", at)
    _check_fee_amount(dossier, amount)
    if amount != dossier.fee_outstanding:
        raise ValidationError(
            _("Phải thu đúng số còn phải nộp: %(due)s (đã nhập %(amount)s).") % {"amount": vnd(amount), "due": vnd(dossier.fee_outstanding)}
        )
    dossier.fee_paid += amount
    dossier.fee_paid_at = now
    dossier.save(update_fields=["fee_paid", "fee_paid_at"])
    record(
        dossier, actor=actor, action="collect_fees", at=now, from_state=dossier.state,
        from_step=dossier.current_step, from_agency=dossier.current_agency, data={"amount": amount},
    )
    return dossier


@transaction.atomic
def record_online_payment(*, dossier: Dossier, payment, at: datetime | None = None) -> Dossier:
    """A payment gateway has confirmed that the applicant paid `payment` (a
    payments.Payment) online. No person fires this, so there is no actor: the event names
    the gateway and its transaction instead. Each payment is recorded once."""
    dossier = _lock(dossier)
    reason = _not_now(dossier, "record_online_payment")
    if reason:
        raise Refused(reason, code="refused")
    if payment.dossier_id != dossier.pk:
        raise ValidationError(_("Khoản thanh toán không thuộc hồ sơ %(code)s.") % {"code": dossier.code})
    if dossier.events.filter(action="record_online_payment", data__reference=payment.reference).exists():
        raise Refused(_("Khoản thanh toán %(reference)s đã được ghi nhận.") % {"reference": payment.reference}, code="refused")
    _check_fee_amount(dossier, payment.amount)
    now = _now(dossier, at)
    dossier.fee_paid += payment.amount
    dossier.fee_paid_at = now
    dossier.save(update_fields=["fee_paid", "fee_paid_at"])
    record(
        dossier, actor=None, action="record_online_payment", at=now, from_state=dossier.state,
        from_step=dossier.current_step, from_agency=dossier.current_agency,
        data={
            "amount": payment.amount,
            "gateway": payment.gateway,
            "reference": payment.reference,
            "transaction_id": payment.transaction_id,
        },
    )
    return dossier


@transaction.atomic
def extend(*, dossier: Dossier, actor: User, new_promised_at: datetime, reason: str, at: datetime | None = None) -> Dossier:
    """Form 04 (Phiếu xin lỗi và hẹn lại ngày trả kết quả), issued at the latest one working
    day before the promised time."""
    dossier, now = _begin(dossier, actor, "extend", at)
    reason = _require(reason, _("Phải nêu lý do xin gia hạn."))
    if new_promised_at is None or timezone.is_naive(new_promised_at) or new_promised_at <= dossier.promised_at:
        raise ValidationError(_("Thời hạn hẹn trả mới phải sau thời hạn đang hẹn."))
    if working_calendar().add_working_days(now, 1) > dossier.promised_at:
        raise Refused(_("Chỉ được xin gia hạn chậm nhất một ngày làm việc trước thời hạn hẹn trả."))
    previous = dossier.promised_at
    dossier.promised_at = new_promised_at
    dossier.save(update_fields=["promised_at"])
    record(
        dossier, actor=actor, action="extend", at=now, from_state=dossier.state, from_step=dossier.current_step,
        from_agency=dossier.current_agency, note=reason,
        data={"previous_promised_at": previous.isoformat(), "new_promised_at": new_promised_at.isoformat()},
    )
    return dossier


@transaction.atomic
def entrust_to_post(*, dossier: Dossier, actor: User, postal_agent: User, note: str = "", at: datetime | None = None) -> Dossier:
    """The desk hands a dossier to a postal agent: to collect the papers of a dossier filed
    by post, or to deliver a result at home. The agent then sees that dossier, and only it."""
    dossier, now = _begin(dossier, actor, "entrust_to_post", at)
    if postal_agent is None or postal_agent.kind != User.Kind.POSTAL or not postal_agent.is_active:
        raise ValidationError(_("Phải chọn một tài khoản nhân viên bưu điện đang hoạt động."))
    if dossier.state == State.READY and dossier.delivery != ProcedureVersion.Delivery.POST:
        raise ValidationError(_("Người nộp không chọn nhận kết quả qua bưu chính."))
    dossier.postal_agent = postal_agent
    dossier.save(update_fields=["postal_agent"])
    record(
        dossier, actor=actor, action="entrust_to_post", at=now, from_state=dossier.state,
        from_step=dossier.current_step, from_agency=dossier.current_agency, receiver=postal_agent, note=note,
    )
    return dossier


@transaction.atomic
def postal_collect(*, dossier: Dossier, actor: User, note: str = "", at: datetime | None = None) -> Dossier:
    """The postal agent it was entrusted to records taking it in hand: the papers from the
    applicant (a dossier filed by post) or the result from the desk (to deliver)."""
    dossier, now = _begin(dossier, actor, "postal_collect", at)
    record(
        dossier, actor=actor, action="postal_collect", at=now, from_state=dossier.state,
        from_step=dossier.current_step, from_agency=dossier.current_agency, note=note,
    )
    return dossier


@transaction.atomic
def return_result(
    *,
    dossier: Dossier,
    actor: User,
    collected_by: str = "",
    collected_id_number: str = "",
    note: str = "",
    at: datetime | None = None,
) -> Dossier:
    """Hand the result over. At the counter or at the door, who took it (name and ID
    number) is recorded; a result sent online needs neither."""
    dossier, now = _begin(dossier, actor, "return_result", at)
    if dossier.fee_outstanding:
        raise Refused(
            _("Hồ sơ còn %(amount)s đ phí, lệ phí chưa thu: thu phí trước khi trả kết quả.") % {"amount": dossier.fee_outstanding}
        )
    collector = {}
    if dossier.delivery != ProcedureVersion.Delivery.ONLINE:
        collector["collected_by"] = _require(collected_by, _("Phải ghi họ tên người nhận kết quả."))
        number = (collected_id_number or "").strip()
        if not ID_NUMBER.fullmatch(number):
            raise ValidationError(
                _("Số định danh cá nhân (12 chữ số) hoặc mã số thuế của người nhận kết quả không hợp lệ.")
            )
        collector["collected_id_number"] = number
    from_step, due = dossier.current_step, dossier.step_due_at
    dossier.state = State.RETURNED
    dossier.returned_at = now
    dossier.set_step(None)
    dossier.step_due_at = None
    dossier.save()
    record(
        dossier, actor=actor, action="return_result", at=now, from_state=State.READY, from_step=from_step,
        from_agency=dossier.current_agency, timing=classify(now, due), due_at=due, note=note,
        data={"delivery": dossier.delivery, **collector},
    )
    return dossier


# --- ending early ------------------------------------------------------------------------


def _end(dossier: Dossier, actor: User, name: str, to_state: str, reason: str, now: datetime) -> Dossier:
    from_state, from_step = dossier.state, dossier.current_step
    dossier.state = to_state
    dossier.set_step(None)
    dossier.step_due_at = None
    dossier.paused_at = None
    dossier.save()
    record(
        dossier, actor=actor, action=name, at=now, from_state=from_state, from_step=from_step,
        from_agency=dossier.current_agency, note=reason,
    )
    return dossier


@transaction.atomic
def withdraw(*, dossier: Dossier, actor: User, reason: str, at: datetime | None = None) -> Dossier:
    dossier, now = _begin(dossier, actor, "withdraw", at)
    reason = _require(reason, _("Phải nêu lý do rút hồ sơ."))
    return _end(dossier, actor, "withdraw", State.WITHDRAWN, reason, now)


@transaction.atomic
def stop(*, dossier: Dossier, actor: User, reason: str, at: datetime | None = None) -> Dossier:
    dossier, now = _begin(dossier, actor, "stop", at)
    reason = _require(reason, _("Phải nêu lý do dừng xử lý hồ sơ."))
    return _end(dossier, actor, "stop", State.STOPPED, reason, now)


# --- records that change nothing ---------------------------------------------------------
# Digital signatures (motcua.signatures) leave a line in the history without touching the
# state, step, clocks or agency: a document signed, or a signed file checked. Who may sign
# is decided in accounts.permissions before these are called.

SIGNATURE_ACTIONS = frozenset({"sign_document", "verify_document"})


def _record_without_change(dossier: Dossier, *, actor: User | None, action: str, at: datetime | None, note: str, data: dict):
    dossier = _lock(dossier)
    now = _now(dossier, at)
    return record(
        dossier, actor=actor, action=action, at=now, from_state=dossier.state, from_step=dossier.current_step,
        from_agency=dossier.current_agency, note=note, data=data,
    )


@transaction.atomic
def record_signature(*, dossier: Dossier, actor: User, document: str, data: dict, at: datetime | None = None) -> DossierEvent:
    """An official signed `document` (its name) of the dossier; `data` names the signature
    record, the certificate fingerprint and the SHA-256 of the signed file."""
    return _record_without_change(dossier, actor=actor, action="sign_document", at=at, note=document, data=data)


@transaction.atomic
def record_verification(*, dossier: Dossier, actor: User | None, data: dict, at: datetime | None = None) -> DossierEvent:
    """Someone checked a signed file of the dossier on the verification page; `actor` is None
    for a member of the public. `data` holds the outcome (intact, trusted, matches)."""
    return _record_without_change(dossier, actor=actor, action="verify_document", at=at, note="", data=data)
