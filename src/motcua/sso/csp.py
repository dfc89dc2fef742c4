"""Where a form on MotCua's pages may lead during another system's sign-in or sign-out.

The consent form, the sign-in form and the sign-out confirmation are answered with a
redirect to the system, and Chromium holds that redirect to the page's form-action. Only
the origin of an address registered for the client named in the request is added, and
only on the authorize page, on the sign-in and second-factor pages that lead back to it, and
on the sign-out page."""

from urllib.parse import parse_qs, urlsplit

from django.urls import reverse
from oauth2_provider.models import get_application_model


def form_targets(request) -> list[str]:
    authorize, logout = reverse("oauth2_provider:authorize"), reverse("oauth2_provider:rp-initiated-logout")
    query = request.POST if request.method == "POST" else request.GET
    if request.path == authorize:
        client_id, address, registered = query.get("client_id", ""), query.get("redirect_uri", ""), "redirect_uri_allowed"
    elif request.path == logout:
        client_id, address = query.get("client_id", ""), query.get("post_logout_redirect_uri", "")
        registered = "post_logout_redirect_uri_allowed"
    elif request.path in (reverse("login"), reverse("two_factor:verify")):
        next_url = urlsplit(query.get("next", ""))
        if next_url.path != authorize:
            return []
        inner = parse_qs(next_url.query)
        client_id, address, registered = inner.get("client_id", [""])[0], inner.get("redirect_uri", [""])[0], "redirect_uri_allowed"
    else:
        return []
    client = get_application_model().objects.filter(client_id=client_id).first()
    if client is None or not address or not getattr(client, registered)(address):
        return []
    target = urlsplit(address)
    return [f"{target.scheme}://{target.netloc}"]
