import base64
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django_otp import device_classes
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp_webauthn.models import WebAuthnCredential

from motcua.accounts.two_factor import policy, services


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Mã xác thực"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url("after-login")


@never_cache
@login_required
def verify(request):
    """The second step of signing in: a code from the authenticator app, a recovery code, or a passkey."""
    user = request.user
    if user.is_verified() or not policy.has_factor(user):
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.verify_code(user=user, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = services.recovery_codes_left(user)
                messages.warning(request, _("Bạn vừa dùng một mã khôi phục; còn %(left)s mã. Hãy tạo mã mới nếu sắp hết.") % {"left": left})
            return redirect(_next(request))
    return render(request, "two_factor/verify.html", {
        "form": form,
        "next": _next(request),
        "has_passkey": WebAuthnCredential.objects.filter(user=user, confirmed=True).exists(),
    })


def _qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    return svg[svg.index("<svg"):]


def _device(user, persistent_id: str):
    # Only a device's label: django-otp would look any model up by the label it is given.
    if persistent_id.rpartition("/")[0] not in {cls.model_label() for cls in device_classes()}:
        raise PermissionDenied
    device = Device.from_persistent_id(persistent_id)
    if device is None or device.user_id != user.pk:
        raise PermissionDenied
    return device


@never_cache
@login_required
def manage(request):
    """An official's second factors: add an authenticator app or a passkey, see recovery codes
    once, remove a factor. The middleware lets an official without any factor in; one who has a
    factor reaches it only once this session has given it."""
    user = request.user
    if not policy.concerns(user):
        raise PermissionDenied
    has_factor = policy.has_factor(user)
    if has_factor and not user.is_verified():
        return redirect(f"{resolve_url('two_factor:verify')}?{urlencode({'next': request.path})}")
    may_enrol = has_factor or policy.may_enrol_without_factor(request)
    codes = None
    form = CodeForm()
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not may_enrol:
        raise PermissionDenied
    if action == "start_totp":
        services.start_totp(user=user)
        return redirect("two_factor:manage")
    if action == "confirm_totp":
        form = CodeForm(request.POST)
        if form.is_valid():
            try:
                device = services.confirm_totp(user=user, code=form.cleaned_data["code"])
            except ValidationError as error:
                form.add_error("code", error)
            else:
                if not user.is_verified():
                    otp_login(request, device)
                messages.success(request, _("Đã thêm ứng dụng xác thực."))
    elif action == "new_codes":
        codes = services.new_recovery_codes(user=user)
    elif action == "remove":
        try:
            services.remove_device(user=user, device=_device(user, request.POST.get("device", "")))
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Đã xóa yếu tố xác thực."))
        return redirect("two_factor:manage")
    primary = services.primary_devices(user)
    if primary and codes is None and not StaticDevice.objects.filter(user=user).exists():
        # The first factor has just been added (a code or a passkey): its recovery codes, shown this once.
        codes = services.new_recovery_codes(user=user)
    pending = services.pending_totp(user)
    context = {
        "form": form,
        "may_enrol": may_enrol,
        "totps": [device for device in primary if not isinstance(device, WebAuthnCredential)],
        "passkeys": [device for device in primary if isinstance(device, WebAuthnCredential)],
        "codes": codes,
        "codes_left": services.recovery_codes_left(user),
        "pending": pending,
        "required": policy.required(request, user),
    }
    if pending is not None:
        context["secret"] = base64.b32encode(pending.bin_key).decode().rstrip("=")
        context["qr"] = _qr_svg(pending.config_url)
    return render(request, "two_factor/manage.html", context)

