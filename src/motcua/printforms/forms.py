"""The official forms of Thông tư 01/2018/TT-VPCP (reissued by Thông tư 03/2025/TT-VPCP) as PDF.

One function per form; each reads the dossier and its events (the lifecycle records all a
form needs) and returns the PDF's bytes. A form that does not apply to a dossier, such as a
refusal notice for a dossier that was never refused, raises FormNotApplicable with the
reason in Vietnamese instead of printing an empty sheet.

These are legal documents in Vietnamese: their wording is the circular's, not translated.
"""

from datetime import datetime
from functools import wraps

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from motcua.agencies.models import Agency
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.lifecycle import TRANSITIONS
from motcua.dossiers.models import Dossier, DossierEvent, Timing
from motcua.printforms import formatting as fmt
from motcua.printforms import layout
from motcua.printforms.layout import Document, Styles, field, text
from motcua.printforms.register import Register
from motcua.printforms.selectors import division_names, handovers, latest_event, one_stop_desk


class FormNotApplicable(Exception):
    """The form does not apply to this dossier (yet); the message says why."""


def _in_vietnamese(render):
    """The forms are legal documents in Vietnamese: labels read from the models (step names,
    results, delivery) stay Vietnamese even when the official browses in English."""

    @wraps(render)
    def rendered(*args, **kwargs):
        with translation.override("vi"):
            return render(*args, **kwargs)

    return rendered


def register_number(dossier: Dossier) -> str:
    """The dossier's number in the desk's register: the sequence that ends its code."""
    return dossier.code.rsplit("-", 1)[-1]


def _agency_lines(agency: Agency, *, desk: bool = False) -> list[str]:
    """The issuing body as the form's top-left corner names it: the agency above (if any),
    then the agency or, for the forms the desk issues, the agency and its one-stop desk."""
    lines = [agency.parent.name] if agency.parent_id else []
    if desk:
        division = one_stop_desk(agency)
        if division is not None:
            return [*lines, agency.name, division.name]
    return [*lines, agency.name]


def _place(agency: Agency) -> str:
    return fmt.place_name(agency.name, *(a.name for a in agency.ancestors()))


def _person(user) -> str:
    return str(user) if user is not None else ""


def _sheet(title: str, dossier: Dossier) -> Document:
    """The A4 sheet of the forms issued to the applicant (Mẫu 01–04)."""
    return Document(pagesize=layout.A4_PORTRAIT, title=f"{title} – {dossier.code}", subject=dossier.code)


# Type sizes, in points, a form issued to the applicant is tried in: 10 pt fits the whole form
# for every procedure of the demo's catalog; a longer one (many papers, long names, a long
# reason) steps down until it fits its one page, 8 pt being still easy to read on A4.
FITTING_SIZES = (10, 9.5, 9, 8.5, 8)


def _on_one_page(document: Document, draw) -> bytes:
    """The form drawn by `draw(styles)` in the largest type that keeps it on one page
    (tests/test_demo_forms.py prints every form for the demo's catalog); if even the
    smallest runs over, the pages after the first are numbered."""
    for size in FITTING_SIZES:
        content = document.render(draw(Styles(size)))
        if document.pages == 1:
            break
    return content


def _opening(document: Document, styles: Styles, *, agency: Agency, number: str, dated: datetime, title: str, desk=False) -> list:
    return [
        layout.header(
            styles,
            document.frame_width,
            agency_lines=_agency_lines(agency, desk=desk),
            number=number,
            dated=fmt.dated_at(_place(agency), dated),
        ),
        Spacer(1, 3 * mm),
        text(title.upper(), styles.title),
    ]


def _code_line(styles: Styles, dossier: Dossier):
    return field("Mã hồ sơ", dossier.code, styles.centre)


def _applicant(dossier: Dossier, styles: Styles, *, label: str = "Tiếp nhận hồ sơ của") -> list:
    lines = [
        field(label, dossier.applicant_name, styles.body),
        field("Số định danh cá nhân / mã số thuế", dossier.applicant_id_number, styles.body),
        field("Địa chỉ", dossier.applicant_address, styles.body),
        field("Số điện thoại", dossier.applicant_phone, styles.body),
        field("Thư điện tử", dossier.applicant_email, styles.body),
    ]
    if dossier.representative:
        lines.append(field("Người được ủy quyền", dossier.representative, styles.body))
    lines.append(field("Nội dung yêu cầu giải quyết", dossier.procedure_version.name, styles.body))
    return lines


def _copies(originals: int, copies: int) -> str:
    parts = []
    if originals:
        parts.append(f"{originals} bản chính")
    if copies:
        parts.append(f"{copies} bản sao")
    return ", ".join(parts) or "bản điện tử"


def _where_to_collect(dossier: Dossier) -> str:
    if dossier.delivery == ProcedureVersion.Delivery.COUNTER:
        agency = dossier.receiving_agency
        desk = one_stop_desk(agency)
        place = f"{desk.name} – {agency.name}" if desk else agency.name
        return f"{place}, {agency.address}" if agency.address else place
    if dossier.delivery == ProcedureVersion.Delivery.POST:
        return f"{dossier.get_delivery_display()}, tới địa chỉ: {dossier.applicant_address}"
    return dossier.get_delivery_display()


def _desk_line(agency: Agency) -> str:
    desk = one_stop_desk(agency)
    return f"{desk.name if desk else 'Bộ phận tiếp nhận và trả kết quả'} – {agency.name}"


def _legal_time(version: ProcedureVersion) -> str:
    return f"{fmt.quantity(version.legal_time)} {version.get_time_unit_display()}"


@_in_vietnamese
def receipt(dossier: Dossier) -> bytes:
    """Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả (A4)."""
    received = latest_event(dossier, "receive")
    if dossier.received_at is None or received is None:
        raise FormNotApplicable(
            _("Hồ sơ %(code)s chưa được tiếp nhận nên chưa có Giấy tiếp nhận hồ sơ và hẹn trả kết quả.") % {"code": dossier.code}
        )
    version = dossier.procedure_version
    agency = dossier.receiving_agency
    number = register_number(dossier)
    title = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
    document = _sheet(title, dossier)
    documents = list(dossier.documents.all())

    def draw(styles: Styles) -> list:
        story = _opening(
            document, styles, agency=agency, number=f"{number}/TNHS", dated=dossier.received_at,
            title=title, desk=True,
        )
        story += [
            _code_line(styles, dossier),
            layout.dossier_codes(styles, document.frame_width, dossier.code),
            text(_desk_line(agency), styles.body),
            *_applicant(dossier, styles),
            text("1. Thành phần hồ sơ nộp gồm:", styles.body),
        ]
        for paper in documents:
            story.append(text(f"- {paper.name} ({_copies(paper.originals, paper.copies)})", styles.item))
        if not documents:
            story.append(text("- (không có giấy tờ)", styles.item))
        story += [
            field("2. Số lượng hồ sơ", f"{dossier.sets} (bộ)", styles.body),
            field("3. Thời gian giải quyết hồ sơ theo quy định", _legal_time(version), styles.body),
            field("4. Thời gian nhận hồ sơ", fmt.moment(dossier.received_at), styles.body),
            field("5. Thời gian trả kết quả giải quyết hồ sơ", fmt.moment(dossier.original_promised_at or dossier.promised_at), styles.body),
            field("6. Đăng ký nhận kết quả tại", _where_to_collect(dossier), styles.body),
        ]
        if dossier.fee_due:
            story.append(field("7. Phí, lệ phí phải nộp", fmt.money(dossier.fee_due), styles.body))
        story += [
            text(
                f"Vào Sổ theo dõi hồ sơ lĩnh vực {version.field.name}, ngày {fmt.day(dossier.received_at)}, số thứ tự {number}.",
                styles.body,
            ),
            Spacer(1, 2 * mm),
            layout.signatures(
                styles,
                document.frame_width,
                [
                    ("Người nộp hồ sơ", "Ký và ghi rõ họ tên", dossier.applicant_name),
                    ("Người tiếp nhận hồ sơ", "Ký và ghi rõ họ tên", _person(received.actor)),
                ],
            ),
        ]
        return story

    return _on_one_page(document, draw)


@_in_vietnamese
def supplement_request(dossier: Dossier) -> bytes:
    """Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (the latest request)."""
    event = latest_event(dossier, "request_supplement")
    if event is None:
        raise FormNotApplicable(
            _("Hồ sơ %(code)s chưa có yêu cầu bổ sung, hoàn thiện hồ sơ nào.") % {"code": dossier.code}
        )
    agency = event.from_agency or dossier.current_agency
    title = "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"
    document = _sheet(title, dossier)

    def draw(styles: Styles) -> list:
        story = _opening(
            document, styles, agency=agency, number=f"{register_number(dossier)}/YCBS", dated=event.at,
            title=title, desk=agency.pk == dossier.receiving_agency_id,
        )
        story += [
            _code_line(styles, dossier),
            Spacer(1, 2 * mm),
            *_applicant(dossier, styles, label="Hồ sơ của"),
            field("Ngày nộp hồ sơ", fmt.day(dossier.received_at or dossier.submitted_at), styles.body),
            text("Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:", styles.body),
        ]
        for index, item in enumerate(event.data.get("items", []), start=1):
            story.append(text(f"{index}. {item}", styles.item))
        officer = event.actor
        contact = ", ".join(
            part
            for part in [
                _person(officer),
                officer and officer.phone and f"điện thoại {officer.phone}",
                agency.name,
                agency.phone and f"điện thoại {agency.phone}",
                agency.email,
            ]
            if part
        )
        story += [
            field("Lý do", event.note, styles.body),
            text(
                f"Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, ông/bà liên hệ với {contact} để được hướng dẫn.",
                styles.body,
            ),
            text("Xin trân trọng cảm ơn./.", styles.body),
            Spacer(1, 2 * mm),
            layout.signatures(styles, document.frame_width, [None, ("Người hướng dẫn", "Ký và ghi rõ họ tên", _person(event.actor))]),
        ]
        return story

    return _on_one_page(document, draw)


@_in_vietnamese
def refusal(dossier: Dossier) -> bytes:
    """Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ."""
    event = latest_event(dossier, "refuse")
    if event is None:
        raise FormNotApplicable(
            _("Hồ sơ %(code)s không bị từ chối tiếp nhận nên không có Phiếu từ chối tiếp nhận giải quyết hồ sơ.") % {"code": dossier.code}
        )
    agency = event.from_agency or dossier.receiving_agency
    title = "Phiếu từ chối tiếp nhận giải quyết hồ sơ"
    document = _sheet(title, dossier)

    def draw(styles: Styles) -> list:
        story = _opening(
            document, styles, agency=agency, number=f"{register_number(dossier)}/TCHS", dated=event.at,
            title=title, desk=True,
        )
        story += [
            _code_line(styles, dossier),
            Spacer(1, 2 * mm),
            text(_desk_line(agency), styles.body),
            *_applicant(dossier, styles),
            text(
                f"Qua xem xét, {agency.name} thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:",
                styles.body,
            ),
            field("Lý do", event.note, styles.body),
            text("Xin thông báo cho ông/bà được biết và thực hiện./.", styles.body),
            Spacer(1, 2 * mm),
            layout.signatures(styles, document.frame_width, [None, ("Người tiếp nhận hồ sơ", "Ký và ghi rõ họ tên", _person(event.actor))]),
        ]
        return story

    return _on_one_page(document, draw)


@_in_vietnamese
def apology(dossier: Dossier) -> bytes:
    """Mẫu 04: Phiếu xin lỗi và hẹn lại ngày trả kết quả (the latest extension), signed by
    the head of the agency that asked for it."""
    event = latest_event(dossier, "extend")
    if event is None:
        raise FormNotApplicable(
            _("Hồ sơ %(code)s không được gia hạn nên không có Phiếu xin lỗi và hẹn lại ngày trả kết quả.") % {"code": dossier.code}
        )
    previous = datetime.fromisoformat(event.data["previous_promised_at"])
    new = datetime.fromisoformat(event.data["new_promised_at"])
    agency = event.from_agency or dossier.current_agency
    title = "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
    document = _sheet(title, dossier)

    def draw(styles: Styles) -> list:
        story = _opening(
            document, styles, agency=agency, number=f"{register_number(dossier)}/XLHS", dated=event.at,
            title=title,
        )
        story += [
            Spacer(1, 2 * mm),
            field("Kính gửi", dossier.applicant_name, styles.centre),
            Spacer(1, 2 * mm),
            text(
                f"Ngày {fmt.day(dossier.received_at)}, {dossier.receiving_agency.name} tiếp nhận giải quyết hồ sơ của "
                f"ông/bà {dossier.applicant_name}, mã hồ sơ {dossier.code}.",
                styles.body,
            ),
            field("Nội dung yêu cầu giải quyết", dossier.procedure_version.name, styles.body),
            field("Thời gian hẹn trả kết quả giải quyết hồ sơ", fmt.moment(previous), styles.body),
            text(f"Tuy nhiên đến nay, {agency.name} chưa trả kết quả giải quyết hồ sơ của ông/bà.", styles.body),
            field("Lý do", event.note, styles.body),
            text(
                f"Sự chậm trễ này đã gây phiền hà cho ông/bà. {agency.name} xin lỗi ông/bà và sẽ trả kết quả "
                f"giải quyết hồ sơ cho ông/bà vào lúc {fmt.moment(new)}.",
                styles.body,
            ),
            text("Xin trân trọng cảm ơn./.", styles.body),
            Spacer(1, 2 * mm),
            layout.signatures(
                styles, document.frame_width, [None, ("Thủ trưởng cơ quan", "Ký, ghi rõ họ tên và đóng dấu", _person(event.actor))]
            ),
        ]
        return story

    return _on_one_page(document, draw)


def _handover_parties(dossier: Dossier, event: DossierEvent, divisions: dict) -> tuple[str, str]:
    """Who gave and who received the dossier at one handover."""
    giver = _person(event.actor)
    if event.action == "receive":
        return dossier.applicant_name, giver
    if event.receiver_id:
        return giver, _person(event.receiver)
    if event.action == "transfer":
        return giver, event.to_agency.name
    if event.action == "return_transfer":
        return f"{giver} ({event.from_agency.name})", event.to_agency.name
    if event.action == "return_result":
        return giver, f"{dossier.applicant_name} ({dossier.get_delivery_display().lower()})"
    step = event.to_step
    if step is None:
        return giver, event.to_agency.name if event.to_agency else ""
    division = divisions.get((event.to_agency_id, step.division_code))
    return giver, ", ".join(part for part in [step.get_role_display(), division, event.to_agency.short_name] if part)


@_in_vietnamese
def process_control(dossier: Dossier) -> bytes:
    """Mẫu 05: Phiếu kiểm soát quá trình giải quyết hồ sơ: every handover, who gave, who
    received, when, and whether it was early, on time or late against the step's due time."""
    events = handovers(dossier)
    if dossier.received_at is None or not events:
        raise FormNotApplicable(
            _("Hồ sơ %(code)s chưa được tiếp nhận nên chưa có Phiếu kiểm soát quá trình giải quyết hồ sơ.") % {"code": dossier.code}
        )
    agency = dossier.receiving_agency
    title = "Phiếu kiểm soát quá trình giải quyết hồ sơ"
    document = Document(title=f"{title} – {dossier.code}", subject=dossier.code)
    styles = Styles()
    cell = Styles(8)
    story = _opening(
        document, styles, agency=agency, number="", dated=timezone.now(),
        title=title, desk=True,
    )
    helpers = [a.name for a in dossier.involved_agencies.exclude(pk=agency.pk).order_by("code")]
    story += [
        _code_line(styles, dossier),
        text(f"(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả số: {register_number(dossier)}/TNHS)", styles.centre),
        Spacer(1, 2 * mm),
        field("Người nộp hồ sơ", dossier.applicant_name, styles.body),
        field("Nội dung yêu cầu giải quyết", dossier.procedure_version.name, styles.body),
        field("Cơ quan (bộ phận) giải quyết hồ sơ", agency.name, styles.body),
        field("Cơ quan phối hợp giải quyết hồ sơ", ", ".join(helpers) or "không", styles.body),
        field("Thời gian hẹn trả kết quả", fmt.moment(dossier.promised_at), styles.body),
        Spacer(1, 2 * mm),
    ]
    divisions = division_names({e.to_agency_id for e in events if e.to_agency_id})
    rows = [[text(h, cell.small_heading) for h in ("STT", "Bước, thao tác", "Bên giao", "Bên nhận", "Thời gian giao, nhận", "Hạn của bước", "Kết quả")]]
    for index, event in enumerate(events, start=1):
        giver, receiver = _handover_parties(dossier, event, divisions)
        step = TRANSITIONS[event.action].label
        rows.append(
            [
                text(index, cell.small_centre),
                text(step, cell.small),
                text(giver, cell.small),
                text(receiver, cell.small),
                text(fmt.short_moment(event.at), cell.small_centre),
                text(fmt.short_moment(event.due_at), cell.small_centre),
                text(Timing(event.timing).label if event.timing else "", cell.small_centre),
            ]
        )
    widths = [w * mm for w in (7, 22, 24, 26, 18, 18, 13)]
    story.append(layout.grid(rows, widths))
    if dossier.timing:
        story += [Spacer(1, 2 * mm), field("Kết quả giải quyết hồ sơ", Timing(dossier.timing).label, styles.body)]
    return document.render(story)


@_in_vietnamese
def register_pdf(register: Register) -> bytes:
    """Mẫu 06: Sổ theo dõi hồ sơ of one agency, one field and one period (A4 landscape)."""
    title = "Sổ theo dõi hồ sơ"
    document = Document(
        pagesize=layout.A4_LANDSCAPE, title=f"{title} – {register.agency.name} – {register.field.name}", subject=register.period
    )
    styles = Styles(9)
    cell = Styles(8)
    story = _opening(
        document, styles, agency=register.agency, number="", dated=timezone.now(), title=title, desk=True
    )
    story += [
        field("Lĩnh vực", register.field.name, styles.centre),
        field("Thời gian", register.period, styles.centre),
        Spacer(1, 3 * mm),
    ]
    rows = [[text(h, cell.small_heading) for h in register.COLUMNS]]
    for index, line in enumerate(register.lines(), start=1):
        rows.append([text(index, cell.small_centre), *(text(value, cell.small) for value in line)])
    if not register.dossiers:
        rows.append([text("Không có hồ sơ nào trong thời gian này.", cell.small_centre), *[""] * (len(register.COLUMNS) - 1)])
    widths = [w * mm for w in (9, 38, 50, 10, 48, 30, 22, 22, 22, 26)]  # 277 mm: A4 landscape less the margins
    table = layout.grid(rows, widths)
    if not register.dossiers:
        table.setStyle([("SPAN", (0, 1), (-1, 1))])
    story.append(table)
    return document.render(story)


# The forms the administration issues to the applicant, with the event that issues each:
# sent with the message of that event and downloadable from "my dossiers".
APPLICANT_FORMS = {
    "01": ("receive", receipt, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
    "02": ("request_supplement", supplement_request, "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
    "03": ("refuse", refusal, "Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
    "04": ("extend", apology, "Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
}


def issued_to_applicant(dossier: Dossier) -> list[tuple[str, str]]:
    """(number, title) of each applicant form this dossier has been issued, in form order."""
    actions = set(dossier.events.filter(action__in=[a for a, _r, _t in APPLICANT_FORMS.values()]).values_list("action", flat=True))
    return [(number, title) for number, (action, _render, title) in APPLICANT_FORMS.items() if action in actions]
