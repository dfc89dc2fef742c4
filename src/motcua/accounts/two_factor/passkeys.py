"""Passkeys and security keys (django-otp-webauthn) as an official's second factor.

The library's ceremonies, with MotCua's rule on who may register one: an official or the
superuser; a first factor only from the office (policy.may_enrol_without_factor); a further one
only once this session has given a second factor (the library's own check)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import exceptions, views
from django_otp_webauthn.urls import urlpatterns as library_patterns

from motcua.accounts.two_factor import policy


class MayNotRegister(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_code = "may_not_register"
    default_detail = _("Bạn không được đăng ký khóa xác thực ở đây. Hãy đăng ký yếu tố đầu tiên tại mạng cơ quan.")


class MotCuaRegistration:
    messages = {
        "user_not_verified": _("Vui lòng xác thực bằng yếu tố hiện có trước khi đăng ký khóa mới."),
    }

    def check_can_register(self):
        user = self.request.user
        if not policy.concerns(user):
            raise MayNotRegister()
        if not policy.has_factor(user) and not policy.may_enrol_without_factor(self.request):
            raise MayNotRegister()


class BeginRegistration(MotCuaRegistration, views.BeginCredentialRegistrationView):
    pass


class CompleteRegistration(MotCuaRegistration, views.CompleteCredentialRegistrationView):
    pass


REPLACED = {
    "credential-registration-begin": BeginRegistration.as_view(),
    "credential-registration-complete": CompleteRegistration.as_view(),
    # The library's scripts in Vietnamese: it ships no Vietnamese, locale/vi (in LOCALE_PATHS,
    # which the catalog reads too) does.
    "js-i18n-catalog": JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
}

# The library's addresses under its own namespace (its template tags reverse them), the
# registration ones answered by the views above.
urlpatterns = [
    path(str(pattern.pattern), REPLACED[pattern.name], name=pattern.name) if pattern.name in REPLACED else pattern
    for pattern in library_patterns
]
