"""How a dossier reads outside the office: its state in plain words, the name of every
action in its history, and the timeline an applicant (or anyone with the code) may see.

The back office, "my dossiers" and the public look-up all read from here, so a state or an
action is called the same everywhere.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import ProcessStep
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


# What happened, said to the applicant (the back office keeps the lifecycle's own names).
PLAIN_ACTIONS = {
    "submit": _("Đã nộp hồ sơ trực tuyến"),
    "receive": _("Đã tiếp nhận hồ sơ"),
    "refuse": _("Hồ sơ không được tiếp nhận"),
    "hand_over": _("Bộ phận một cửa đã chuyển hồ sơ để giải quyết"),
    "assign": _("Đã phân công cán bộ giải quyết hồ sơ"),
    "process": _("Cán bộ chuyên môn đã thẩm định xong hồ sơ"),
    "review": _("Lãnh đạo phòng đã xem xét hồ sơ"),
    "approve": _("Lãnh đạo cơ quan đã ký duyệt kết quả"),
    "transfer": _("Đã chuyển hồ sơ đến cơ quan khác cùng giải quyết"),
    "return_transfer": _("Cơ quan phối hợp đã giải quyết xong phần việc của mình"),
    "collect_fees": _("Đã nộp phí, lệ phí"),
    "record_online_payment": _("Đã thanh toán phí, lệ phí trực tuyến"),
    "entrust_to_post": _("Đã giao hồ sơ, kết quả cho bưu điện"),
    "postal_collect": _("Bưu điện đã nhận hồ sơ, kết quả"),
    "return_result": _("Đã trả kết quả"),
    "request_supplement": _("Cơ quan yêu cầu bổ sung hồ sơ"),
    "supplement": _("Đã bổ sung hồ sơ"),
    "request_obligation": _("Cơ quan yêu cầu nộp thuế, phí"),
    "fulfil_obligation": _("Đã nộp thuế, phí"),
    "extend": _("Cơ quan xin lỗi và hẹn lại ngày trả kết quả"),
    "withdraw": _("Hồ sơ đã được rút"),
    "stop": _("Cơ quan đã dừng giải quyết hồ sơ"),
    "sign_document": _("Văn bản đã được ký số"),
}

# What happens next, from the step the dossier has just entered …
NEXT_AT_STEP = {
    ProcessStep.Kind.RECEPTION: _("bộ phận một cửa chuyển hồ sơ đến cơ quan chuyên môn"),
    ProcessStep.Kind.ASSIGNMENT: _("lãnh đạo phòng phân công cán bộ giải quyết"),
    ProcessStep.Kind.PROCESSING: _("cán bộ chuyên môn thẩm định hồ sơ"),
    ProcessStep.Kind.REVIEW: _("lãnh đạo phòng xem xét kết quả thẩm định"),
    ProcessStep.Kind.APPROVAL: _("lãnh đạo cơ quan ký duyệt kết quả"),
    ProcessStep.Kind.TRANSFER: _("hồ sơ được chuyển đến cơ quan cùng giải quyết"),
    ProcessStep.Kind.RETURN: _("bạn nhận kết quả theo hình thức đã đăng ký"),
}
# … unless the state says more (waiting for the applicant) or nothing comes next.
NEXT_IN_STATE = {
    State.SUBMITTED: _("cơ quan kiểm tra và tiếp nhận hồ sơ"),
    State.SUPPLEMENT_REQUESTED: _("bạn bổ sung giấy tờ theo yêu cầu"),
    State.AWAITING_OBLIGATION: _("bạn nộp thuế, phí theo thông báo"),
    State.TRANSFERRED: _("cơ quan được chuyển đến giải quyết phần việc của mình"),
    State.READY: _("bạn nhận kết quả theo hình thức đã đăng ký"),
}


def next_text(state: str, step_kind: str | None) -> str:
    """What happens next to a dossier in `state` at a step of `step_kind`, in plain words;
    "" when nothing does (the dossier is finished)."""
    if state in NEXT_IN_STATE:
        return str(NEXT_IN_STATE[state])
    if state in {State.REFUSED, State.WITHDRAWN, State.STOPPED, State.RETURNED}:
        return ""
    return str(NEXT_AT_STEP.get(step_kind, ""))


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
    # What happens next, in plain words; only where the event moved the dossier on.
    next: str = ""


def timeline(dossier: Dossier, *, with_reasons: bool) -> list[PublicEvent]:
    """The history as the applicant sees it: what happened, when, at which agency and step;
    never who did it, nor the office's internal step names: what happened and, where the
    dossier moved on, what happens next, in plain Vietnamese. `with_reasons` adds the reasons owed to the applicant (refusal,
    supplement items …) — for the signed-in owner, not for a look-up by code."""
    shown = []
    events = (
        dossier.events.select_related("to_agency", "to_step")
        .only("dossier", "action", "at", "data", "to_state", "note", "to_agency__name", "to_step__name", "to_step__kind")
        .order_by("sequence")
    )
    where = None
    for event in events:
        if event.action in UNSHOWN_ACTIONS:
            continue
        if event.action == "upload_result":
            if event.data.get("kind") != DocumentKind.FINAL_RESULT:
                continue
            label = _("Có kết quả giải quyết")
        else:
            label = PLAIN_ACTIONS.get(event.action) or action_label(event.action)
        moved = (event.to_state, event.to_step_id) != where
        where = (event.to_state, event.to_step_id)
        shown.append(
            PublicEvent(
                at=event.at,
                label=str(label),
                state=str(PLAIN_STATUS.get(event.to_state, "")),
                agency=event.to_agency.name if event.to_agency else "",
                step=event.to_step.name if event.to_step else "",
                note=event.note if with_reasons and event.action in PUBLIC_NOTES else "",
                next=next_text(event.to_state, event.to_step.kind if event.to_step else None) if moved else "",
            )
        )
    return shown
