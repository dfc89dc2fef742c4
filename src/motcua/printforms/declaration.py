"""The applicant's tờ khai as a PDF, printed from what they declared (Dossier.form_data).

A procedure with an online form does not ask the applicant to upload its declaration paper:
this sheet is that paper. It is laid out as a Vietnamese declaration is: the national title
and motto, the form's name, "Kính gửi" the agency, who declares, what they declared (read
through catalog.formschema.answers, the same words the filing review and the back office
show), the commitment they ticked, and the place, date and signature block.

A legal document in Vietnamese: its wording is not translated.
"""

from xml.sax.saxutils import escape

from django.utils import translation
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table

from motcua.catalog.formschema import Answer, answers
from motcua.dossiers.models import Channel, Dossier
from motcua.printforms import formatting as fmt
from motcua.printforms.layout import NATIONAL_MOTTO, NATIONAL_TITLE, Document, Styles, field, rule, signatures, text

COMMITMENT = (
    "Tôi xin cam đoan những thông tin khai trên là đúng sự thật "
    "và chịu trách nhiệm trước pháp luật về lời khai của mình."
)


class NoDeclaration(Exception):
    """The dossier's procedure has no online form, so there is no tờ khai to print."""


def has_declaration(dossier: Dossier) -> bool:
    return dossier.procedure_version.has_online_form


def declared(dossier: Dossier) -> list[Answer]:
    """What the applicant declared, in plain Vietnamese words."""
    with translation.override("vi"):
        return answers(dossier.procedure_version.form_schema, dossier.form_data)


def title(dossier: Dossier) -> str:
    """“TỜ KHAI ĐĂNG KÝ KHAI SINH”: the form's name, from the procedure's."""
    name = dossier.procedure_version.name
    return ("Tờ khai " + name[:1].lower() + name[1:]).upper()


def declaration_pdf(dossier: Dossier) -> bytes:
    """The dossier's tờ khai; raises NoDeclaration when its procedure has no online form."""
    if not has_declaration(dossier):
        raise NoDeclaration("Thủ tục của hồ sơ này không có tờ khai trực tuyến.")
    with translation.override("vi"):
        return _render(dossier)


def _render(dossier: Dossier) -> bytes:
    document = Document(pagesize=A4, title=f"Tờ khai – {dossier.code}", subject=dossier.procedure_version.name, margin=18 * mm)
    styles = Styles(11)
    agency = dossier.receiving_agency
    place = fmt.place_name(agency.name, *(a.name for a in agency.ancestors()))
    story = [
        text(NATIONAL_TITLE, styles.heading),
        text(NATIONAL_MOTTO, styles.heading),
        rule(document.frame_width * 0.3),
        Spacer(1, 6 * mm),
        text(title(dossier), styles.title),
        Spacer(1, 2 * mm),
        field("Kính gửi", agency.name, styles.centre),
        Spacer(1, 5 * mm),
        field("Họ, chữ đệm, tên người yêu cầu", dossier.applicant_name, styles.body),
        field("Số định danh cá nhân / mã số thuế", dossier.applicant_id_number, styles.body),
        field("Nơi cư trú, địa chỉ", dossier.applicant_address, styles.body),
        field("Số điện thoại", dossier.applicant_phone, styles.body),
    ]
    if dossier.applicant_email:
        story.append(field("Thư điện tử", dossier.applicant_email, styles.body))
    if dossier.representative:
        story.append(field("Người được ủy quyền", dossier.representative, styles.body))
    story += [Spacer(1, 3 * mm), text("Đề nghị cơ quan đăng ký, giải quyết với nội dung sau:", styles.body)]
    lines = declared(dossier)
    story += [field(answer.label, answer.value, styles.item) for answer in lines]
    if not lines:
        story.append(text("(Không có nội dung khai.)", styles.item))
    story += [
        Spacer(1, 4 * mm),
        text(COMMITMENT, styles.body),
        Spacer(1, 2 * mm),
        field("Mã hồ sơ", dossier.code, styles.small),
        text(_how_filed(dossier), styles.small),
        Spacer(1, 4 * mm),
        _right_half(document, Paragraph(f"<i>{escape(fmt.dated_at(place, dossier.submitted_at))}</i>", styles.centre)),
        signatures(styles, document.frame_width, [None, ("Người yêu cầu", "Ký, ghi rõ họ, chữ đệm, tên", dossier.applicant_name)]),
    ]
    return document.render(story)


def _right_half(document: Document, content) -> Table:
    """The place-and-date line sits above the signature, on the right half of the sheet."""
    half = document.frame_width / 2
    return Table([["", content]], colWidths=[half, half])


def _how_filed(dossier: Dossier) -> str:
    if dossier.channel == Channel.ONLINE:
        return f"Khai và nộp trực tuyến lúc {fmt.moment(dossier.submitted_at)}; người yêu cầu đã đánh dấu lời cam đoan."
    return f"Khai tại bộ phận một cửa lúc {fmt.moment(dossier.submitted_at)}."
