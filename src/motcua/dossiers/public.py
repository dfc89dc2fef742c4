"""How a dossier reads outside the office: its state in plain words, the name of every
action in its history, and the timeline an applicant (or anyone with the code) may see.

The back office, "my dossiers" and the public look-up all read from here, so a state or an
action is called the same everywhere.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from motcua.dossiers.lifecycle import TRANSITIONS
from motcua.dossiers.models import DocumentKind, Dossier, State

PLAIN_STATUS = {
    State.SUBMITTED: _("Đã gửi, đang chờ cơ quan tiếp nhận"),
    State.RECEIVED: _("Cơ quan đã tiếp nhận hồ sơ"),
    State.REFUSED: _("Hồ sơ không được tiếp nhận"),
    State.IN_PROGRESS: _("Cơ quan đang giải quyết"),
    State.TRANSFERRED: _("Đang chuyển cơ quan khác cùng giải quyết"),
    State.SUPPLEMENT_REQUESTED: _("Cần bạn bổ sung giấy tờ"),
    State.AWAITING_OBLIGATION: _("Chờ bạn nộp thuế, phí"),
    State.WITHDRAWN: _("Bạn đã rút hồ sơ"),
    State.STOPPED: _("Cơ quan đã dừng giải quyết"),
    State.READY: _("Đã có kết quả"),
    State.RETURNED: _("Đã nhận kết quả"),
}

# Every action a DossierEvent may record: the lifecycle's transitions and what the
# services record beside them.
ACTION_LABELS = {
    **{name: transition.label for name, transition in TRANSITIONS.items()},
    "submit": _("Nộp hồ sơ trực tuyến"),
    "upload_result": _("Tải lên kết quả"),
    "sign_document": _("Ký số văn bản"),
    "verify_document": _("Kiểm tra chữ ký số"),
}

# Work between officials the applicant has nothing to do with.
INTERNAL_ACTIONS = frozenset({"reassign", "send_back"})
# Checks of a signed file on the public verification page: anyone may make them, as often
# as they like, so they stay in the back office's history and out of the applicant's.
UNSHOWN_ACTIONS = INTERNAL_ACTIONS | {"verify_document"}
# Actions whose note is written for the applicant (reasons they are owed); every other
# note is between officials and stays in the back office.
PUBLIC_NOTES = frozenset({"refuse", "request_supplement", "supplement", "request_obligation", "extend", "withdraw", "stop"})


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


@dataclass(frozen=True)
class PublicEvent:
    at: datetime
    label: str
    state: str
    agency: str
    step: str
    note: str


def timeline(dossier: Dossier, *, with_reasons: bool) -> list[PublicEvent]:
    """The history as the applicant sees it: what happened, when, at which agency and step;
    never who did it. `with_reasons` adds the reasons owed to the applicant (refusal,
    supplement items …) — for the signed-in owner, not for a look-up by code."""
    shown = []
    events = (
        dossier.events.select_related("to_agency", "to_step")
        .only("dossier", "action", "at", "data", "to_state", "note", "to_agency__name", "to_step__name")
        .order_by("sequence")
    )
    for event in events:
        if event.action in UNSHOWN_ACTIONS:
            continue
        if event.action == "upload_result":
            if event.data.get("kind") != DocumentKind.FINAL_RESULT:
                continue
            label = _("Có kết quả giải quyết")
        else:
            label = action_label(event.action)
        shown.append(
            PublicEvent(
                at=event.at,
                label=str(label),
                state=str(PLAIN_STATUS.get(event.to_state, "")),
                agency=event.to_agency.name if event.to_agency else "",
                step=event.to_step.name if event.to_step else "",
                note=event.note if with_reasons and event.action in PUBLIC_NOTES else "",
            )
        )
    return shown
