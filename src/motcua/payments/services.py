"""Starting an online payment and applying a gateway's confirmation.

A confirmation changes something only when it is signed by the gateway, names a pending
payment we know and carries exactly its amount; then, in one transaction, the payment
succeeds (or fails) and a success is recorded on the dossier by the lifecycle. Anything
else is refused, logged, and changes nothing, so a replayed or duplicated confirmation
is harmless.
"""

import logging
from collections.abc import Mapping
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts import permissions
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier
from motcua.payments.gateways import base
from motcua.payments.models import Payment

logger = logging.getLogger(__name__)


def pays_online(version: ProcedureVersion) -> bool:
    """Whether fees of `version` are paid online (the applicant is offered to right after
    filing); otherwise at the counter."""
    return version.online_mode == ProcedureVersion.OnlineMode.FULL and base.active().is_enabled()


def payment_refusal(user, dossier: Dossier) -> str | None:
    """Why `user` may not pay `dossier`'s fees online now, or None when they may."""
    if not permissions.is_owner(user, dossier):
        return _("Chỉ người nộp hồ sơ mới thanh toán được phí, lệ phí của hồ sơ.")
    if dossier.procedure_version.online_mode != ProcedureVersion.OnlineMode.FULL:
        return _("Thủ tục này không thanh toán trực tuyến: vui lòng nộp phí tại bộ phận một cửa.")
    if dossier.fee_outstanding <= 0:
        return _("Hồ sơ không còn phí, lệ phí phải nộp.")
    if dossier.state not in lifecycle.TRANSITIONS["record_online_payment"].sources:
        return _("Chưa thể nộp phí khi hồ sơ đang ở trạng thái “%(state)s”.") % {"state": dossier.get_state_display()}
    return None


def start_payment(*, dossier: Dossier, user, client_ip: str | None = None) -> Payment:
    """A pending payment of everything the dossier still owes, through the active gateway."""
    reason = payment_refusal(user, dossier)
    if reason:
        raise lifecycle.Refused(reason, code="refused")
    gateway = base.active()
    if not gateway.is_enabled():
        raise lifecycle.Refused(_("Thanh toán trực tuyến tạm thời chưa sẵn sàng."), code="unavailable")
    return Payment.objects.create(
        dossier=dossier, payer=user, amount=dossier.fee_outstanding, gateway=gateway.name, client_ip=client_ip
    )


def handle_notification(*, gateway: base.Gateway, params: Mapping[str, str]) -> base.Outcome:
    """Apply a server-to-server confirmation that claims to come from `gateway`."""
    try:
        result = gateway.verify_notification(params)
    except base.BadSignature as error:
        logger.warning("Payment notification with a bad signature refused (%s): %r", error, dict(params))
        return base.Outcome.BAD_SIGNATURE
    try:
        with transaction.atomic():
            return _apply(gateway, result)
    except ValidationError as error:
        # The gateway took the money but the dossier cannot record it (withdrawn, or paid
        # at the counter meanwhile): nothing changes, and the gateway will retry while
        # someone settles it.
        logger.error("Payment %s confirmed but not recorded: %s", result.reference, " ".join(error.messages))
        return base.Outcome.NOT_RECORDED


def _apply(gateway: base.Gateway, result: base.Result) -> base.Outcome:
    payment = (
        Payment.objects.select_for_update().select_related("dossier").filter(reference=result.reference, gateway=gateway.name).first()
    )
    if payment is None:
        logger.warning("Payment notification for unknown reference %r refused", result.reference)
        return base.Outcome.UNKNOWN_REFERENCE
    if result.amount != payment.amount:
        logger.warning("Payment notification for %s with amount %s instead of %s refused", payment.reference, result.amount, payment.amount)
        return base.Outcome.WRONG_AMOUNT
    if payment.state not in OPEN_STATES:
        logger.info("Payment notification for %s, already %s, ignored", payment.reference, payment.state)
        return base.Outcome.ALREADY_CONFIRMED
    payment.transaction_id = result.transaction_id
    payment.confirmation = result.params
    if result.succeeded:
        payment.state = Payment.State.SUCCEEDED
        payment.paid_at = timezone.now()
        payment.save()
        lifecycle.record_online_payment(dossier=payment.dossier, payment=payment, at=payment.paid_at)
    else:
        payment.state = Payment.State.CANCELLED if result.cancelled else Payment.State.FAILED
        payment.save()
    return base.Outcome.CONFIRMED


# States a gateway's confirmation may still settle. An expired attempt is one the applicant
# left unfinished; should the bank confirm it after all, the money was taken and is recorded.
OPEN_STATES = frozenset({Payment.State.PENDING, Payment.State.EXPIRED})

# A payment still pending this long after it started is asked about: the bank's page has
# closed by then (VNPay: 15 minutes), so the gateway knows the outcome even if its
# confirmation never reached us.
RECONCILE_AFTER = timedelta(minutes=20)
# The attempt was abandoned: its bank page has timed out (VNPay and the sandbox: 15 minutes)
# with nothing paid. It is shown as expired, no longer as waiting, and the applicant pays again.
ABANDONED_AFTER = RECONCILE_AFTER


def _expire(payment: Payment) -> str:
    updated = Payment.objects.filter(pk=payment.pk, state=Payment.State.PENDING).update(
        state=Payment.State.EXPIRED, updated_at=timezone.now()
    )
    return "expired" if updated else "changed"


def expire_abandoned(payments=None, *, now=None) -> int:
    """Mark as expired the attempts among `payments` (all by default) still pending after
    ABANDONED_AFTER whose gateway cannot be asked about them: nobody can tell more, and the
    bank's page has closed. Those a gateway can be asked about wait for reconcile(), which
    asks first. Called when the applicant comes back to pay, and by reconcile()."""
    now = now or timezone.now()
    payments = Payment.objects.all() if payments is None else payments
    stale = payments.filter(state=Payment.State.PENDING, created_at__lte=now - ABANDONED_AFTER)
    expired = 0
    for payment in stale:
        gateway = base.registry.enabled(payment.gateway)
        if gateway is None or not gateway.can_query():
            expired += _expire(payment) == "expired"
    return expired


def reconcile(*, older_than: timedelta = RECONCILE_AFTER, now=None) -> dict[str, int]:
    """Ask the gateways about payments still pending after `older_than` and apply what they
    answer exactly as a confirmation would (once, with the same checks); an attempt the gateway
    knows no outcome of, or that no gateway can be asked about, is expired once its bank page
    has closed (ABANDONED_AFTER). Counts by outcome."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    pending = Payment.objects.filter(state=Payment.State.PENDING, created_at__lte=now - older_than).order_by("created_at")
    for payment in pending:
        gateway = base.registry.enabled(payment.gateway)
        if gateway is None or not gateway.can_query():
            outcome = "not_queryable"
        else:
            outcome = _reconcile_one(gateway, payment)
        if outcome in {"not_queryable", "undecided"} and payment.created_at <= now - ABANDONED_AFTER:
            outcome = _expire(payment)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def _reconcile_one(gateway: base.Gateway, payment: Payment) -> str:
    try:
        result = gateway.query(payment)
    except base.BadSignature as error:
        logger.warning("Payment query for %s answered with a bad signature (%s)", payment.reference, error)
        return base.Outcome.BAD_SIGNATURE.value
    except base.QueryFailed as error:
        logger.warning("Payment query for %s failed: %s", payment.reference, error)
        return "unreachable"
    if result is None:
        return "undecided"
    try:
        with transaction.atomic():
            return _apply(gateway, result).value
    except ValidationError as error:
        logger.error("Payment %s confirmed by query but not recorded: %s", payment.reference, " ".join(error.messages))
        return base.Outcome.NOT_RECORDED.value
