import time

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from motcua.eid import client as eid_client
from motcua.payments.gateways.base import registry
from motcua.sso import csp as sso_csp


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy (CONTENT_SECURITY_POLICY) with the payment gateway's own pages among
    the places a form may lead (form-action): the payment page's form is answered with a
    redirect to the gateway, and Chromium holds that redirect to form-action too. The same
    holds for signing out at the national e-ID and for another system's sign-in through
    MotCua (single sign-on: sso.csp)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        gateway = registry.enabled(settings.PAYMENT_GATEWAY)
        targets = gateway.form_targets() if gateway is not None and not report_only else []
        if not report_only:
            # Signing out answers its form with a redirect to the national e-ID's sign-out.
            if eid_client.enabled():
                targets = [*targets, eid_client.origin()]
            targets = [*targets, *sso_csp.form_targets(request)]
        if targets:
            update = dict(parts.update or {})
            update["form-action"] = [*update.get("form-action", ()), *targets]
            parts.update = update
        return parts


class RejectNulBytesMiddleware:
    """Refuse, with a 400, any request whose path, query or form fields hold a NUL character.

    No text a person types contains one, PostgreSQL cannot store one, and letting it reach
    a query turns a malformed request into a server error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or self._in(request.GET) or (request.method == "POST" and self._in(request.POST)):
            return HttpResponseBadRequest(_("Yêu cầu chứa ký tự không hợp lệ."), content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _in(values) -> bool:
        return any("\x00" in key or any("\x00" in value for value in values.getlist(key)) for key in values)


class SessionRefreshMiddleware:
    """Sessions end after SESSION_COOKIE_AGE without a request. Django keeps that sliding
    expiry by writing the session on every request (SESSION_SAVE_EVERY_REQUEST), an update and
    a commit per page; here a session is written when its expiry was last pushed forward more
    than REFRESH_SECONDS ago, so it ends between SESSION_COOKIE_AGE - REFRESH_SECONDS and
    SESSION_COOKIE_AGE after the last request. Goes right after SessionMiddleware."""

    REFRESH_SECONDS = 60
    KEY = "_motcua_refreshed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        # Only a session that holds something: a cookie naming no session must not create one.
        if session.session_key is not None and any(key != self.KEY for key in session.keys()):
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= self.REFRESH_SECONDS:
                session[self.KEY] = now
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Django's never-cache headers (Cache-Control: private, no-store, …) on every answer that
    may show personal data: any answer to a signed-in user, official or applicant, and the
    public pages that show a dossier or a person to whoever holds its code, second factor or
    token. Counter computers are shared: neither the browser (its back button, its history)
    nor a proxy may keep such a page for the next person. The catalog and static files stay
    cacheable. Goes after AuthenticationMiddleware."""

    # Public pages, by URL name or by namespace, that show a dossier's or a person's data.
    PRIVATE_VIEWS = frozenset({"portal:look-up", "portal:kiosk", "portal:rate", "citizens:verify-phone"})
    PRIVATE_NAMESPACES = frozenset({"payments", "signatures"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self._private(request):
            add_never_cache_headers(response)
        return response

    def _private(self, request) -> bool:
        match = request.resolver_match
        if match is not None and (match.view_name in self.PRIVATE_VIEWS or match.namespace in self.PRIVATE_NAMESPACES):
            return True
        # Without a session nobody is signed in; asking the user would mark every public page
        # as varying with the cookie.
        return request.session.session_key is not None and request.user.is_authenticated
