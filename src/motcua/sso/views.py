"""The OpenID Provider's endpoints, django-oauth-toolkit's views with MotCua's rules: who may
sign in to which system, Vietnamese pages, and the signing keys read from the database."""

import json

from django.http import JsonResponse
from django.shortcuts import render
from oauth2_provider import views as dot
from oauth2_provider.models import get_application_model

from motcua.sso import access, keys


class AuthorizeView(dot.AuthorizationView):
    """Sign-in for another system: whoever is not signed in goes to MotCua's sign-in page
    first (LoginRequiredMixin); first-party systems get an answer at once, third-party ones
    a consent page. Content-Security-Policy lets that page's form lead to the system's
    registered redirect URI (sso.csp)."""

    template_name = "sso/authorize.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            client_id = request.POST.get("client_id") if request.method == "POST" else request.GET.get("client_id")
            client = get_application_model().objects.filter(client_id=client_id or "").first()
            if client is not None and not access.may_sign_in(request.user, client):
                return render(request, "sso/refused.html", {"client": client}, status=403)
        return super().dispatch(request, *args, **kwargs)


class LogoutView(dot.RPInitiatedLogoutView):
    template_name = "sso/logout_confirm.html"


class DiscoveryView(dot.ConnectDiscoveryInfoView):
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # DOT lists RS256 only when the key is in settings; here every ID token is RS256.
        document = json.loads(response.content)
        document["id_token_signing_alg_values_supported"] = ["RS256"]
        response.content = json.dumps(document)
        return response


class JwksView(dot.JwksInfoView):
    """The public half of every key an ID token still in circulation may be signed with."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)  # for its caching headers
        response.content = JsonResponse({"keys": [key.public_jwk for key in keys.published()]}).content
        return response

