"""Whatever anyone tries, in any order, a dossier stays consistent: each attempt either
succeeds and appends exactly one event, or is refused and changes nothing."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import verified
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier, State
from motcua.dossiers.tests.conftest import MONDAY_MORNING

ACTIONS = sorted(lifecycle.PEOPLE_TRANSITIONS)
ACTORS = [*Role.values, "citizen", "stranger_leader", "district_handler", "postman"]
ENDINGS = {"refuse", "withdraw", "stop"}
# The actor who would plausibly fire each action; drawn often so that sequences go far.
EXPECTED = {
    "assign": Role.DIVISION_HEAD, "reassign": Role.DIVISION_HEAD, "review": Role.DIVISION_HEAD,
    "process": Role.HANDLER, "request_obligation": Role.HANDLER, "transfer": Role.HANDLER,
    "approve": Role.LEADER, "stop": Role.LEADER, "extend": Role.LEADER, "send_back": Role.LEADER,
    "return_transfer": "district_handler",
}


def actor(world, name, action):
    if name == "expected":
        name = EXPECTED.get(action, Role.RECEPTION)
        if action == "request_supplement":
            name = Role.HANDLER if world.current_state == State.IN_PROGRESS else Role.RECEPTION
    if name == "citizen":
        return world.citizen
    if name == "stranger_leader":
        return world.stranger[Role.LEADER]
    if name == "postman":
        return world.postman
    if name == "district_handler":
        return world.district_staff[Role.HANDLER]
    return world.staff[name]


def arguments(world, dossier, name, at):
    """Plausible input for each transition, so that refusals come from the rules, not typos."""
    args = {"dossier": dossier, "at": at}
    extra = {
        "refuse": {"reason": "Không đủ điều kiện"},
        "entrust_to_post": {"postal_agent": world.postman},
        "assign": {"assignee": world.staff[Role.HANDLER]},
        "reassign": {"assignee": world.staff[Role.HANDLER]},
        "transfer": {"to_agency": world.district},
        "collect_fees": {"amount": 50_000},
        "request_supplement": {"items": ["Bản sao CCCD"], "reason": "Thiếu"},
        "request_obligation": {"note": "Nộp thuế"},
        "send_back": {"note": "Làm lại"},
        "extend": {"new_promised_at": (dossier.promised_at or at) + timedelta(days=10), "reason": "Xác minh"},
        "withdraw": {"reason": "Không còn nhu cầu"},
        "return_result": {"collected_by": "Trần Thị Lan", "collected_id_number": "074190000123"},
        "stop": {"reason": "Giả mạo"},
    }
    return {**args, **extra.get(name, {})}


def snapshot(dossier):
    fields = ["state", "current_step_id", "step_kind", "step_role", "current_agency_id", "assignee_id", "promised_at", "step_due_at", "fee_paid", "paused_at"]
    fresh = Dossier.objects.get(pk=dossier.pk)
    return {field: getattr(fresh, field) for field in fields}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    attempts=st.lists(
        st.one_of(
            st.tuples(st.sampled_from(ACTIONS), st.sampled_from(["expected", *ACTORS])),
            # An index into what somebody may do now: drives dossiers deep into the process.
            st.integers(min_value=0, max_value=10_000),
        ),
        min_size=10,
        max_size=40,
    ),
    transfer=st.booleans(),
)
def test_any_sequence_of_attempts_keeps_the_dossier_consistent(world, attempts, transfer):
    dossier = world.receive(version=world.transfer_version if transfer else world.version)
    verified(world.citizen, dossier.applicant_id_number)
    at = MONDAY_MORNING
    for attempt in attempts:
        dossier = Dossier.objects.get(pk=dossier.pk)
        if isinstance(attempt, int):
            possible = [
                (t.name, who)
                for who in ACTORS
                for t in lifecycle.available_transitions(actor(world, who, ""), dossier)
                if t.name not in ENDINGS
            ]
            if not possible:
                break
            advancing = [p for p in possible if p[0] in lifecycle.STEP_ACTION.values()]
            pool = advancing if advancing and attempt % 3 else possible
            attempt = pool[attempt // 3 % len(pool)]
        name, who = attempt
        at += timedelta(hours=3)
        before, events = snapshot(dossier), dossier.events.count()
        world.current_state = dossier.state
        try:
            getattr(lifecycle, name)(actor=actor(world, who, name), **arguments(world, dossier, name, at))
        except ValidationError:
            assert snapshot(dossier) == before, name
            assert dossier.events.count() == events
            continue
        event(f"{name} succeeded")
        assert dossier.events.count() == events + 1
        dossier = Dossier.objects.get(pk=dossier.pk)
        last = dossier.events.order_by("-sequence").first()
        assert last.action == name and last.to_state == dossier.state
        assert dossier.national_status in range(1, 11)
        assert (dossier.paused_at is not None) == (dossier.state in lifecycle.PAUSED_STATES)
        assert (dossier.current_step is None) == (dossier.state in lifecycle.FINAL_STATES)
        step = dossier.current_step  # the work lists read its copies on the dossier row
        assert (dossier.step_kind, dossier.step_role, dossier.step_division_code) == (
            (step.kind, step.role, step.division_code) if step else ("", "", "")
        )
        if dossier.state == State.READY:
            assert dossier.finished_at is not None and dossier.timing
    sequences = list(dossier.events.values_list("sequence", flat=True))
    assert sequences == list(range(1, len(sequences) + 1))
