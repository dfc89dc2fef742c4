"""Reads of dossiers for screens: the work lists of an official.

Each list asks the same question as the lifecycle, as a query: the dossiers whose next
action this user may take. A test checks on the demo province that every dossier listed
passes lifecycle.refusal() for that action.
"""

import heapq
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from motcua.accounts import permissions
from motcua.accounts.models import Role, User
from motcua.catalog.models import ProcedureVersion, ProcessStep
from motcua.dossiers.lifecycle import FINAL_STATES, PAUSED_STATES
from motcua.dossiers.models import Dossier, State

Kind = ProcessStep.Kind
NOTHING = Q(pk__in=[])


def count_cap() -> int:
    """A list counts its dossiers up to here; beyond, it says "more than" and pages through the soonest due."""
    return settings.WORKLIST_COUNT_CAP


@dataclass(frozen=True)
class Branch:
    """One part of a list: a condition without OR, answered by one index in due order
    (Dossier.Meta.indexes, "dossier_worklist"). A list is the union of its branches, which
    never share a dossier; it is read branch by branch and merged (WorklistIds), never through
    an OR that would make the database read every row of a busy list to sort or count it.

    `held`: the condition keeps the dossier at an agency where the user holds a role, so the
    user may see it (permissions.visible_dossiers) without asking again."""

    condition: Q
    held: bool = False


def _holding_step_role(user: User, kind: str, state: str = State.IN_PROGRESS) -> list[Branch]:
    """At a step of `kind` whose role the user holds at the agency holding the dossier (and,
    for a role tied to a division, a step of that division or of none): one branch per agency
    and role."""
    divisions: dict[tuple[int, str], set[str] | None] = {}
    for held in permissions.assignments(user):
        key = (held.agency_id, held.role)
        if held.division_id is None or divisions.get(key, set()) is None:
            divisions[key] = None  # the whole agency
        else:
            divisions.setdefault(key, {""}).add(held.division.code)
    branches = []
    for (agency_id, role), codes in sorted(divisions.items()):
        condition = Q(state=state, step_kind=kind, current_agency=agency_id, step_role=role)
        if codes is not None:
            condition &= Q(step_division_code__in=sorted(codes))
        branches.append(Branch(condition, held=True))
    return branches


def _at_my_agencies(user: User, condition: Q, *roles: str) -> list[Branch]:
    """`condition` at the agencies where the user holds one of `roles` (any role if none)."""
    agencies = permissions.agency_ids(user, *roles)
    return [Branch(condition & Q(current_agency__in=sorted(agencies)), held=True)] if agencies else []


def to_receive(user: User) -> list[Branch]:
    return _at_my_agencies(user, Q(state=State.SUBMITTED), Role.RECEPTION)


def to_hand_over(user: User) -> list[Branch]:
    return _at_my_agencies(user, Q(state=State.RECEIVED), Role.RECEPTION)


def to_assign(user: User) -> list[Branch]:
    return _holding_step_role(user, Kind.ASSIGNMENT)


def to_process(user: User) -> list[Branch]:
    """Assigned to the user, or assigned to nobody at a processing step of the user's role."""
    unassigned = [Branch(Q(assignee__isnull=True) & b.condition, held=True) for b in _holding_step_role(user, Kind.PROCESSING)]
    return [Branch(Q(state=State.IN_PROGRESS, step_kind=Kind.PROCESSING, assignee=user)), *unassigned]


def to_transfer(user: User) -> list[Branch]:
    return _holding_step_role(user, Kind.TRANSFER)


def to_review(user: User) -> list[Branch]:
    return _holding_step_role(user, Kind.REVIEW)


def to_sign(user: User) -> list[Branch]:
    return _holding_step_role(user, Kind.APPROVAL)


def to_return(user: User) -> list[Branch]:
    if permissions.is_active_postal_agent(user):
        return [Branch(Q(state=State.READY, postal_agent=user, delivery=ProcedureVersion.Delivery.POST))]
    return _holding_step_role(user, Kind.RETURN, State.READY)


def transferred_in(user: User) -> list[Branch]:
    return _at_my_agencies(user, Q(state=State.TRANSFERRED), Role.HANDLER, Role.LEADER, Role.RECEPTION)


def transferred_out(user: User) -> list[Branch]:
    mine = permissions.agency_ids(user)
    if not mine:
        return []
    return [Branch(Q(state=State.TRANSFERRED, receiving_agency__in=sorted(mine)) & ~Q(current_agency__in=sorted(mine)))]


def waiting_for_applicant(user: User) -> list[Branch]:
    return _at_my_agencies(user, Q(state__in=PAUSED_STATES))


def entrusted_to_post(user: User) -> list[Branch]:
    if not permissions.is_active_postal_agent(user):
        return []
    return [Branch(Q(postal_agent=user) & ~Q(state__in=FINAL_STATES))]


@dataclass(frozen=True)
class Worklist:
    slug: str
    label: str
    branches: Callable[[User], list[Branch]]
    action: str  # the lifecycle transition the list leads to

    def condition(self, user: User) -> Q:
        condition = NOTHING
        for branch in self.branches(user):
            condition |= branch.condition
        return condition


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


def with_due(dossiers: QuerySet) -> QuerySet:
    """`due`: the current step's due time, or the promised return time when there is no step."""
    return dossiers.annotate(due=Coalesce(F("step_due_at"), F("promised_at")))


DUE_ORDER = F("due").asc(nulls_last=True)  # the order of the index: a dossier with no due time last
EARLIEST = datetime.min.replace(tzinfo=UTC)


def worklist_dossiers(user: User, worklist: Worklist) -> QuerySet:
    """The dossiers of one list, soonest due first (the step's due time, then the promise)."""
    dossiers = Dossier.objects.filter(worklist.condition(user))
    return (
        with_due(permissions.visible_dossiers(user, dossiers))
        .select_related("procedure_version", "current_step", "assignee", "current_agency")
        .order_by(DUE_ORDER, "pk")
    )


@dataclass(frozen=True)
class CountStatement:
    """How many rows each of several querysets has (at most `limit`), asked in one statement: a
    desk's header counts a dozen lists, and each round trip to the database costs more than the
    count itself."""

    sql: str
    params: tuple
    asked: tuple[int, ...]  # the querysets the statement asks about; the others are empty
    size: int

    @classmethod
    def of(cls, querysets: list[QuerySet], limit: int | None) -> "CountStatement":
        parts, params, asked = [], [], []
        for n, queryset in enumerate(querysets):
            try:
                sql, more = queryset.order_by().values("pk")[:limit].query.sql_with_params()
            except EmptyResultSet:
                continue  # e.g. an empty IN: nothing to ask
            parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS list{n})")
            params.extend(more)
            asked.append(n)
        return cls("SELECT " + ", ".join(parts) if parts else "", tuple(params), tuple(asked), len(querysets))

    def run(self) -> list[int]:
        counts = [0] * self.size
        if self.sql:
            with connection.cursor() as cursor:
                cursor.execute(self.sql, self.params)
                for n, count in zip(self.asked, cursor.fetchone(), strict=True):
                    counts[n] = count
        return counts


class WorklistIds:
    """The ids of a list, soonest due first, as a sequence a Paginator pages through: each
    branch is asked for its first rows in due order and the answers are merged. It holds at
    most count_cap() ids (`exact`: all); `more` says whether the list holds more than that."""

    def __init__(self, user: User, worklist: Worklist, narrow: Callable[[QuerySet], QuerySet] | None = None, exact: bool = False):
        self.cap = None if exact else count_cap()
        self.branches = []
        for branch in worklist.branches(user):
            dossiers = Dossier.objects.filter(branch.condition)
            dossiers = with_due(dossiers if branch.held else permissions.visible_dossiers(user, dossiers))
            self.branches.append(narrow(dossiers) if narrow else dossiers)
        self._counted = None

    @property
    def limit(self) -> int | None:
        return None if self.cap is None else self.cap + 1

    def counted(self, branch_counts: list[int]) -> None:
        """Take the counts of the branches, asked together with other lists' (worklist_counts)."""
        total = sum(branch_counts)
        self._counted = total if self.limit is None else min(total, self.limit)

    def _count(self) -> int:
        """The list's size, or cap + 1 when it holds more than `cap`."""
        if self._counted is None:
            self.counted(CountStatement.of(self.branches, self.limit).run())
        return self._counted

    @property
    def more(self) -> bool:
        return self.cap is not None and self._count() > self.cap

    def __len__(self) -> int:
        return self._count() if self.cap is None else min(self._count(), self.cap)

    def __getitem__(self, page: slice) -> list[int]:
        # The first `stop` ids of the merged list are among the first `stop` of each branch.
        rows = [branch.order_by(DUE_ORDER, "pk").values_list("due", "pk")[: page.stop] for branch in self.branches]
        merged = heapq.merge(*rows, key=lambda row: (row[0] is None, row[0] or EARLIEST, row[1]))
        return list(dict.fromkeys(pk for _due, pk in merged))[page]


# The statement that counts a user's lists depends only on what _fingerprint() reads: built once
# per process and reused (building and compiling it costs four times what the database does);
# the statements of the users seen last are kept, a few kilobytes each.
_COUNT_STATEMENTS: OrderedDict[tuple, tuple[CountStatement, list[int]]] = OrderedDict()
_COUNT_STATEMENTS_KEPT = 1000


def _fingerprint(user: User, exact: bool) -> tuple:
    """Everything the lists' conditions are made of: the user, their roles, the cap."""
    held = sorted(
        (a.agency_id, a.role, a.division_id or 0, a.division.code if a.division_id else "") for a in permissions.assignments(user)
    )
    return (user.pk, user.kind, user.is_active, user.is_superuser, "exact" if exact else count_cap(), *held)


def worklist_counts(user: User, exact: bool = False) -> list[dict]:
    """Each list the user has something to do in, with its count (at most count_cap() unless
    `exact`, and `more` when it holds more than that), all counted in one statement."""
    key = _fingerprint(user, exact)
    if (statement := _COUNT_STATEMENTS.get(key)) is None:
        lists = [WorklistIds(user, worklist, exact=exact) for worklist in WORKLISTS]
        branches = [branch for ids in lists for branch in ids.branches]
        statement = CountStatement.of(branches, lists[0].limit), [len(ids.branches) for ids in lists]
        _COUNT_STATEMENTS[key] = statement
        while len(_COUNT_STATEMENTS) > _COUNT_STATEMENTS_KEPT:
            _COUNT_STATEMENTS.popitem(last=False)
    else:
        _COUNT_STATEMENTS.move_to_end(key)
    count_statement, sizes = statement
    found = iter(count_statement.run())
    cap = None if exact else count_cap()
    counts = []
    for worklist, size in zip(WORKLISTS, sizes, strict=True):
        total = sum(next(found) for _branch in range(size))  # each branch counted up to cap + 1
        if total:
            more = cap is not None and total > cap
            counts.append({"slug": worklist.slug, "label": worklist.label, "count": cap if more else total, "more": more})
    return counts
