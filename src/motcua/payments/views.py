"""The applicant's payment pages, the gateways' return and notification addresses, the
receipt, and the sandbox's pretend bank page."""

import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from motcua.accounts import permissions
from motcua.catalog import fees
from motcua.dossiers.models import Dossier
from motcua.payments import receipt, services
from motcua.payments.gateways import base
from motcua.payments.gateways.sandbox import gateway as sandbox
from motcua.payments.models import Payment
from motcua.text import vnd

logger = logging.getLogger(__name__)


def _own_dossier(request, code: str) -> Dossier:
    # Somebody else's dossier is "not found", not "forbidden": codes must not be probed.
    dossier = get_object_or_404(Dossier.objects.select_related("procedure_version", "receiving_agency"), code=code)
    if not permissions.is_owner(request.user, dossier):
        raise Http404
    return dossier


def _enabled(name: str) -> base.Gateway:
    gateway = base.registry.enabled(name)
    if gateway is None:
        raise Http404
    return gateway


@login_required
@require_http_methods(["GET", "POST"])
def pay(request, code: str):
    """The dossier's fees, its payments, and the button that starts one."""
    dossier = _own_dossier(request, code)
    if request.method == "POST":
        try:
            payment = services.start_payment(dossier=dossier, user=request.user, client_ip=request.META.get("REMOTE_ADDR"))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("payments:pay", code=dossier.code)
        gateway = base.registry[payment.gateway]
        return redirect(gateway.start(payment, request.build_absolute_uri(reverse("payments:return", args=[gateway.name]))))
    # Coming back from a bank page left unfinished: once its time is up, the attempt shows as
    # expired, not as still waiting.
    services.expire_abandoned(dossier.payments.all())
    found = fees.dossier_statement(dossier)
    return render(
        request,
        "payments/pay.html",
        {
            "dossier": dossier,
            "fee_lines": found.charged if found else (),
            "payments": dossier.payments.all(),
            "refusal": services.payment_refusal(request.user, dossier),
        },
    )


def gateway_return(request, gateway: str):
    """Where the gateway sends the browser back. What it brings is checked and then only
    shown: the payment's state comes from the server-to-server notification."""
    gateway = _enabled(gateway)
    try:
        result = gateway.verify_return(request.GET)
    except base.BadSignature as error:
        logger.warning("Payment return with a bad signature refused (%s)", error)
        return HttpResponseBadRequest(_("Thông tin thanh toán không hợp lệ."))
    payment = get_object_or_404(Payment.objects.select_related("dossier"), reference=result.reference, gateway=gateway.name)
    shown = {
        Payment.State.SUCCEEDED: (messages.SUCCESS, _("Đã thanh toán thành công %(amount)s.")),
        Payment.State.PENDING: (messages.INFO, _("Đang chờ ngân hàng xác nhận khoản thanh toán %(amount)s.")),
        Payment.State.CANCELLED: (messages.WARNING, _("Bạn đã hủy thanh toán %(amount)s.")),
        Payment.State.FAILED: (messages.ERROR, _("Thanh toán %(amount)s không thành công.")),
    }
    level, message = shown[payment.state]
    messages.add_message(request, level, message % {"amount": vnd(payment.amount)})
    return redirect("payments:pay", code=payment.dossier.code)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def notification(request, gateway: str):
    """The gateway's server-to-server confirmation (IPN): VNPay calls it with GET."""
    gateway = _enabled(gateway)
    params = request.GET if request.method == "GET" else request.POST
    return gateway.acknowledge(services.handle_notification(gateway=gateway, params=params))


def _receipt_payment(request, reference: str) -> Payment:
    payment = get_object_or_404(
        Payment.objects.select_related("dossier__receiving_agency", "dossier__procedure_version"),
        reference=reference,
        state=Payment.State.SUCCEEDED,
    )
    if not permissions.is_owner(request.user, payment.dossier):
        raise Http404
    return payment


@login_required
def receipt_page(request, reference: str):
    payment = _receipt_payment(request, reference)
    return render(request, "payments/receipt.html", {"payment": payment, "lines": receipt.lines(payment)})


@login_required
def receipt_pdf(request, reference: str):
    payment = _receipt_payment(request, reference)
    response = HttpResponse(receipt.render(payment), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-lai-{payment.dossier.code}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def sandbox_bank(request, reference: str):
    """The sandbox's pretend bank page. Choosing sends the notification first, as a bank's
    server would, then sends the browser back: closing the browser here loses nothing
    already chosen."""
    gateway = _enabled(sandbox.Sandbox.name)
    try:
        order = sandbox.verify_request(request.GET)
    except base.BadSignature:
        return HttpResponseBadRequest(_("Yêu cầu thanh toán không hợp lệ."))
    if order["vnp_TxnRef"] != reference:
        return HttpResponseBadRequest(_("Yêu cầu thanh toán không hợp lệ."))
    if order["vnp_ExpireDate"] < timezone.localtime().strftime("%Y%m%d%H%M%S"):
        # As a bank's page does once its time is up.
        return HttpResponseBadRequest(_("Yêu cầu thanh toán đã hết hạn; vui lòng quay lại và thanh toán lại."))
    if request.method == "POST":
        answer = sandbox.answer(order, paid=request.POST.get("outcome") == "pay")
        services.handle_notification(gateway=gateway, params=answer)
        return redirect(f"{order['vnp_ReturnUrl']}?{urlencode(answer)}")
    return render(
        request,
        "payments/sandbox.html",
        {"order": order, "amount": vnd(int(order["vnp_Amount"]) // 100), "action": request.get_full_path()},
    )
