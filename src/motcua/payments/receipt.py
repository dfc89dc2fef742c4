"""The electronic receipt (biên lai điện tử) of an online payment, as a PDF.

Drawn with the printed forms' building blocks (printforms.layout), so it uses the same
embedded font and looks like the other papers the applicant gets.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.payments.gateways.base import registry
from motcua.payments.models import Payment
from motcua.printforms import layout
from motcua.text import vnd


def lines(payment: Payment) -> list[tuple[str, str]]:
    """What the receipt states, in order; the HTML page shows the same lines."""
    dossier = payment.dossier
    return [
        (_("Cơ quan thu"), dossier.receiving_agency.name),
        (_("Mã hồ sơ"), dossier.code),
        (_("Thủ tục"), dossier.procedure_version.name),
        (_("Người nộp tiền"), dossier.applicant_name),
        (_("Số tiền"), vnd(payment.amount)),
        (_("Nội dung"), _("Phí, lệ phí giải quyết thủ tục hành chính")),
        (_("Cổng thanh toán"), registry[payment.gateway].label),
        (_("Mã giao dịch"), payment.reference),
        (_("Mã giao dịch của cổng thanh toán"), payment.transaction_id),
        (_("Thời điểm thanh toán"), timezone.localtime(payment.paid_at).strftime("%H:%M:%S %d/%m/%Y")),
    ]


def render(payment: Payment) -> bytes:
    dossier = payment.dossier
    document = layout.Document(title=_("Biên lai thu phí, lệ phí %(code)s") % {"code": dossier.code}, subject=payment.reference)
    styles = layout.Styles()
    paid = timezone.localtime(payment.paid_at)
    story = [
        layout.header(
            styles, document.frame_width,
            agency_lines=[dossier.receiving_agency.name], number=payment.reference[:12].upper(),
            dated=_("Ngày %(d)02d tháng %(m)02d năm %(y)d") % {"d": paid.day, "m": paid.month, "y": paid.year},
        ),
        layout.text(_("BIÊN LAI THU PHÍ, LỆ PHÍ ĐIỆN TỬ"), styles.title),
        layout.text(_("(Thanh toán trực tuyến)"), styles.centre),
    ]
    story += [layout.field(label, value, styles.left) for label, value in lines(payment)]
    story.append(layout.dossier_codes(styles, document.frame_width, dossier.code))
    return document.render(story)
