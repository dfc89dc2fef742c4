from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from motcua.accounts.two_factor import policy


class SecondFactorMiddleware:
    """Sends an official who owes a second factor and has not given it in this session to give
    it (or, with none yet, to enrol one) before any protected area. Goes after OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        # The path first: reading the user reads the session, and a public page must not vary with the cookie.
        if not policy.is_protected(path):
            return self.get_response(request)
        user = request.user
        if user.is_authenticated and not user.is_verified() and policy.required(request, user):
            if policy.has_factor(user):
                return redirect(f"{reverse('two_factor:verify')}?{urlencode({'next': request.get_full_path()})}")
            manage = reverse("two_factor:manage")
            if path != manage:
                return redirect(manage)
        return self.get_response(request)
