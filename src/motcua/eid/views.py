"""Signing in and out with the national e-ID. The checks live in eid.client (tokens) and
eid.services (accounts, sessions); a refusal is a page saying what happened, nothing changed."""

import logging

import requests
from authlib.integrations.base_client import OAuthError
from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from joserfc.errors import BadSignatureError, ClaimError, ExpiredTokenError, JoseError

from motcua.eid import client, levels, services, sessions

logger = logging.getLogger(__name__)
NEXT_KEY = "motcua_eid_next"
# Sign-ins MotCua lets the e-ID finish: officials keep their own sign-in.
BACKEND = "motcua.citizens.backends.IdentifierBackend"


def _enabled():
    if not client.enabled():
        raise Http404(_("Chưa cấu hình đăng nhập bằng VNeID."))


@require_GET
@never_cache
def sign_in(request):
    """Off to the provider, asking for the level a procedure needs (?muc=) or EID_ACR."""
    _enabled()
    level = request.GET.get("muc") if request.GET.get("muc") in levels.LEVELS else settings.EID_ACR
    next_url = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        request.session[NEXT_KEY] = next_url
    else:
        request.session.pop(NEXT_KEY, None)
    redirect_uri = request.build_absolute_uri(reverse("eid:callback"))
    # A procedure asking for a level signs the person in again at the provider: a session
    # there at a lower level would otherwise answer at once with that level.
    again = {"prompt": "login"} if "muc" in request.GET else {}
    try:
        return client.client().authorize_redirect(request, redirect_uri, acr_values=level, ui_locales="vi", **again)
    except requests.RequestException:
        logger.exception("The national e-ID's metadata could not be read")
        return _refused(request, _("Không kết nối được máy chủ VNeID. Vui lòng thử lại sau ít phút."), status=503)


def _refused(request, reason: str, status: int = 403):
    return render(request, "eid/refused.html", {"reason": reason}, status=status)


def _oauth_refusal(error: OAuthError) -> str:
    if error.error == "access_denied":
        return _("Bạn đã hủy đăng nhập tại VNeID. Chưa có gì thay đổi.")
    if error.error == "mismatching_state":
        return _("Phiên đăng nhập VNeID không khớp hoặc đã hết hạn (tham số state không đúng). Vui lòng đăng nhập lại.")
    if error.error == "invalid_grant":
        return _("Mã cấp quyền của VNeID không hợp lệ hoặc đã được dùng. Vui lòng đăng nhập lại.")
    return _("VNeID từ chối đăng nhập (%(error)s). Vui lòng thử lại.") % {"error": error.error}


def _token_refusal(error: JoseError) -> str:
    if isinstance(error, BadSignatureError):
        return _("Chữ ký của thông tin định danh không đúng khóa của VNeID: không đăng nhập.")
    if isinstance(error, ExpiredTokenError):
        return _("Thông tin định danh của VNeID đã hết hạn. Vui lòng đăng nhập lại.")
    if isinstance(error, ClaimError) and error.claim == "iss":
        return _("Thông tin định danh không do máy chủ VNeID đã cấu hình cấp: không đăng nhập.")
    if isinstance(error, ClaimError) and error.claim == "aud":
        return _("Thông tin định danh không cấp cho MotCua: không đăng nhập.")
    if isinstance(error, ClaimError) and error.claim == "nonce":
        return _("Thông tin định danh không thuộc lần đăng nhập này: không đăng nhập.")
    return _("Thông tin định danh của VNeID không hợp lệ: không đăng nhập.")


@require_GET
@never_cache
def callback(request):
    """Back from the provider: the code is exchanged (with the PKCE verifier), the ID token
    checked, the account found or opened and signed in."""
    _enabled()
    try:
        token = client.authorize_access_token(request)
    except OAuthError as error:
        return _refused(request, _oauth_refusal(error))
    except JoseError as error:
        return _refused(request, _token_refusal(error))
    except requests.RequestException:
        logger.exception("The national e-ID's token endpoint could not be reached")
        return _refused(request, _("Không kết nối được máy chủ VNeID. Vui lòng thử lại sau ít phút."), status=503)
    if "userinfo" not in token:
        return _refused(request, _("VNeID không gửi thông tin định danh: không đăng nhập."))
    current = request.user if request.user.is_authenticated else None
    try:
        identity = services.identity_from_claims(token["userinfo"])
        account = services.sign_in(identity=identity, current=current)
    except ValidationError as error:
        return _refused(request, " ".join(error.messages))
    next_url = request.session.pop(NEXT_KEY, "")
    login(request, account, backend=BACKEND)
    sessions.record(request.session, acr=identity.acr, id_token=token["id_token"])
    request.session.save()
    services.remember_session(identity=identity, session_key=request.session.session_key)
    return redirect(next_url or "after-login")


class SignOutView(auth_views.LogoutView):
    """The site's sign-out. A session that came from the e-ID ends at the provider too
    (RP-initiated logout), which comes back to eid:signed-out."""

    def post(self, request, *args, **kwargs):
        id_token = sessions.id_token(request.session)
        services.forget_session(request.session.session_key)
        response = super().post(request, *args, **kwargs)
        if not id_token or not client.enabled():
            return response
        try:
            end = client.client().create_logout_url(
                post_logout_redirect_uri=request.build_absolute_uri(reverse("eid:signed-out")), id_token_hint=id_token
            )
        except requests.RequestException:
            logger.exception("The national e-ID's metadata could not be read")
            return response
        return redirect(end["url"])


@require_GET
def signed_out(request):
    return render(request, "eid/signed_out.html")


@csrf_exempt
@require_POST
def backchannel_logout(request):
    """The provider says a session there ended: end the MotCua sessions it opened. Every
    refusal is a 400, as the back-channel logout specification asks."""
    if not client.enabled():
        return HttpResponseBadRequest("national e-ID sign-in is not configured", content_type="text/plain; charset=utf-8")
    try:
        claims = client.verify_logout_token(request.POST.get("logout_token", ""))
    except (JoseError, ValueError) as error:
        return HttpResponseBadRequest(f"invalid logout_token: {error}", content_type="text/plain; charset=utf-8")
    services.end_sessions(sid=claims.get("sid", ""), sub=claims.get("sub", ""))
    response = HttpResponse(status=200)
    response["Cache-Control"] = "no-store"
    return response
