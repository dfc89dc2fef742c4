"""Enrolling, using and resetting an official's second factors."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from motcua.accounts import permissions
from motcua.accounts.models import SecondFactorReset, User

RECOVERY_CODE_COUNT = 10
# Each wrong code doubles the wait before the next try (django-otp's throttling).
THROTTLED = gettext_lazy("Nhập sai quá nhiều lần. Vì an toàn của tài khoản, vui lòng chờ một lát rồi thử lại.")


def pending_totp(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def start_totp(*, user: User) -> TOTPDevice:
    """A new authenticator app, unconfirmed until the official types a code it shows."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=_("Ứng dụng xác thực"), confirmed=False)


def confirm_totp(*, user: User, code: str) -> TOTPDevice:
    device = pending_totp(user)
    if device is None:
        raise ValidationError(_("Không có ứng dụng xác thực nào đang chờ xác nhận. Vui lòng bắt đầu lại."))
    allowed, _data = device.verify_is_allowed()
    if not allowed:
        raise ValidationError(THROTTLED, code="throttled")
    if not device.verify_token(code.strip()):
        raise ValidationError(_("Mã không đúng hoặc đã hết hạn. Vui lòng nhập mã đang hiện trong ứng dụng."))
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


def new_recovery_codes(*, user: User) -> list[str]:
    """Replaces the official's recovery codes: each works once; the old ones no longer do."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(user=user, defaults={"name": _("Mã khôi phục")})
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def primary_devices(user: User) -> list:
    """The factors an official signs in with, recovery codes aside."""
    return [*TOTPDevice.objects.filter(user=user, confirmed=True), *WebAuthnCredential.objects.filter(user=user, confirmed=True)]


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def remove_device(*, user: User, device) -> None:
    """An official removes one of their factors; the last one stays (only an admin's reset
    removes it), so that nobody is left without a second factor by a slip."""
    if device.user_id != user.pk or isinstance(device, StaticDevice):
        raise PermissionDenied
    if len(primary_devices(user)) <= 1:
        raise ValidationError(_("Không thể xóa yếu tố xác thực cuối cùng. Hãy thêm yếu tố khác trước khi xóa yếu tố này."))
    device.delete()


def verify_code(*, user: User, code: str):
    """The device that accepts `code`, a TOTP code or a recovery code (used up), or a
    ValidationError. Each device counts its failures and refuses for a while after several
    (django-otp's throttling), so guessing gets nowhere; the devices are locked while they are
    tried, so that two requests at once cannot both use one code or slip past the count."""
    code = "".join(code.split())
    with transaction.atomic():
        devices = [device for device in devices_for_user(user, for_verify=True) if isinstance(device, (TOTPDevice, StaticDevice))]
        throttled = 0
        for device in devices:
            if not device.verify_is_allowed()[0]:
                throttled += 1
            elif device.verify_token(code):
                return device
    # Raised once the failures counted above are committed.
    if devices and throttled == len(devices):
        raise ValidationError(THROTTLED, code="throttled")
    raise ValidationError(_("Mã xác thực không đúng, đã hết hạn hoặc đã được dùng."), code="invalid")


def reset(*, actor: User, official: User, reason: str, at=None) -> SecondFactorReset:
    """Removes every second factor of an official who lost theirs, with the reason recorded and
    the official told. An agency admin resets the officials of their agencies (not a superuser,
    not one who also works elsewhere: permissions.may_administer_account), the superuser anyone;
    nobody resets their own."""
    reason = (reason or "").strip()
    if actor.pk == official.pk or not permissions.may_administer_account(actor, official):
        raise PermissionDenied(_("Bạn không có quyền đặt lại xác thực hai yếu tố của tài khoản này."))
    if not reason:
        raise ValidationError(_("Vui lòng ghi lý do đặt lại xác thực hai yếu tố."), code="reason")
    from motcua.notifications import dispatch
    from motcua.notifications.topics import TOPICS

    at = at or timezone.now()
    with transaction.atomic():
        removed = [str(device) for device in devices_for_user(official, confirmed=None)]
        for device in devices_for_user(official, confirmed=None):
            device.delete()
        record = SecondFactorReset.objects.create(
            official=official, reset_by=actor, at=at, reason=reason, removed="; ".join(removed)
        )
        dispatch.notify(
            key=f"second_factor_reset:{record.pk}:{official.pk}",
            topic=TOPICS["second_factor_reset"],
            context={
                "ho_ten": str(official),
                "nguoi_dat_lai": str(actor),
                "thoi_diem": timezone.localtime(at).strftime("%H:%M %d/%m/%Y"),
                "ly_do": reason,
            },
            user=official,
        )
    return record
