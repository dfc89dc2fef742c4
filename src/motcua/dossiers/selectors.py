"""Reads of dossiers for screens: the work lists of an official.

Each list asks the same question as the lifecycle, as a query: the dossiers whose next
action this user may take. A test checks on the demo province that every dossier listed
passes lifecycle.refusal() for that action.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.accounts import permissions
from motcua.accounts.models import Role, User
from motcua.catalog.models import ProcedureVersion, ProcessStep
from motcua.dossiers.lifecycle import FINAL_STATES, PAUSED_STATES
from motcua.dossiers.models import Dossier, State

Kind = ProcessStep.Kind
NOTHING = Q(pk__in=[])


def _holding_step_role(user: User, kind: str, state: str = State.IN_PROGRESS) -> Q:
    """At a step of `kind` whose role the user holds at the agency holding the dossier
    (and, for a role tied to a division, a step of that division)."""
    condition = NOTHING
    for held in permissions.assignments(user):
        match = Q(current_agency=held.agency_id, current_step__role=held.role)
        if held.division_id:
            match &= Q(current_step__division_code__in=["", held.division.code])
        condition |= match
    return Q(state=state, current_step__kind=kind) & condition


def _at_agencies(user: User, field: str, *roles: str) -> Q:
    return Q(**{f"{field}__in": permissions.agency_ids(user, *roles)})


def to_receive(user: User) -> Q:
    return Q(state=State.SUBMITTED) & _at_agencies(user, "current_agency", Role.RECEPTION)


def to_hand_over(user: User) -> Q:
    return Q(state=State.RECEIVED) & _at_agencies(user, "current_agency", Role.RECEPTION)


def to_assign(user: User) -> Q:
    return _holding_step_role(user, Kind.ASSIGNMENT)


def to_process(user: User) -> Q:
    assigned = Q(assignee=user) | (Q(assignee__isnull=True) & _holding_step_role(user, Kind.PROCESSING))
    return Q(state=State.IN_PROGRESS, current_step__kind=Kind.PROCESSING) & assigned


def to_transfer(user: User) -> Q:
    return _holding_step_role(user, Kind.TRANSFER)


def to_review(user: User) -> Q:
    return _holding_step_role(user, Kind.REVIEW)


def to_sign(user: User) -> Q:
    return _holding_step_role(user, Kind.APPROVAL)


def to_return(user: User) -> Q:
    by_post = Q(state=State.READY, postal_agent=user, delivery=ProcedureVersion.Delivery.POST)
    return _holding_step_role(user, Kind.RETURN, State.READY) | by_post


def transferred_in(user: User) -> Q:
    return Q(state=State.TRANSFERRED) & _at_agencies(user, "current_agency", Role.HANDLER, Role.LEADER, Role.RECEPTION)


def transferred_out(user: User) -> Q:
    return Q(state=State.TRANSFERRED) & _at_agencies(user, "receiving_agency") & ~_at_agencies(user, "current_agency")


def waiting_for_applicant(user: User) -> Q:
    return Q(state__in=PAUSED_STATES) & _at_agencies(user, "current_agency")


def entrusted_to_post(user: User) -> Q:
    return Q(postal_agent=user) & ~Q(state__in=FINAL_STATES)


@dataclass(frozen=True)
class Worklist:
    slug: str
    label: str
    condition: Callable[[User], Q]
    action: str  # the lifecycle transition the list leads to


WORKLISTS = [
    Worklist("tiep-nhan", _("Chờ tiếp nhận"), to_receive, "receive"),
    Worklist("chuyen-xu-ly", _("Chờ chuyển xử lý"), to_hand_over, "hand_over"),
    Worklist("phan-cong", _("Chờ phân công"), to_assign, "assign"),
    Worklist("thu-ly", _("Chờ thụ lý"), to_process, "process"),
    Worklist("lien-thong", _("Chờ chuyển liên thông"), to_transfer, "transfer"),
    Worklist("xet-duyet", _("Chờ xét duyệt"), to_review, "review"),
    Worklist("ky-duyet", _("Chờ ký duyệt"), to_sign, "approve"),
    Worklist("tra-ket-qua", _("Chờ trả kết quả"), to_return, "return_result"),
    Worklist("lien-thong-den", _("Liên thông đến"), transferred_in, "return_transfer"),
    Worklist("lien-thong-di", _("Đã chuyển liên thông"), transferred_out, ""),
    Worklist("cho-cong-dan", _("Chờ công dân bổ sung, nộp thuế"), waiting_for_applicant, ""),
    Worklist("buu-dien", _("Giao bưu điện"), entrusted_to_post, ""),
]
WORKLISTS_BY_SLUG = {worklist.slug: worklist for worklist in WORKLISTS}


def worklist_dossiers(user: User, worklist: Worklist) -> QuerySet:
    """The dossiers of one list, soonest due first (the step's due time, then the promise)."""
    dossiers = Dossier.objects.filter(worklist.condition(user))
    return (
        permissions.visible_dossiers(user, dossiers)
        .select_related("procedure_version", "current_step", "assignee", "current_agency")
        .order_by("step_due_at", "promised_at", "pk")
    )


def worklist_counts(user: User) -> list[dict]:
    """Each list the user has something to do in, with its count."""
    counts = []
    for worklist in WORKLISTS:
        count = worklist_dossiers(user, worklist).count()
        if count:
            counts.append({"slug": worklist.slug, "label": worklist.label, "count": count})
    return counts
