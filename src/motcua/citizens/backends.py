"""Signing in with what a citizen or business actually remembers: the national ID number,
the tax code or the email address, typed where the login form asks for a user name.

A number is only a claim until it is verified (citizens.identity), and several accounts may
claim one. Once an account has verified it, the number signs in to that account alone;
until then it signs in to whichever claiming account the password is for, so an impostor's
claim never keeps the owner out of an account of their own.
"""

from django.contrib.auth.backends import ModelBackend

from motcua.accounts.models import APPLICANT_KINDS, ID_NUMBER, User, identifier_field

# Passwords checked for one unverified number at most: each check costs a slow hash.
MAX_CLAIMS_CHECKED = 3


def candidates(identifier: str) -> list[User]:
    applicants = User.objects.filter(kind__in=APPLICANT_KINDS)
    if ID_NUMBER.fullmatch(identifier):
        claims = applicants.filter(**{identifier_field(identifier): identifier})
        owner = claims.filter(identity_verification__isnull=False).first()
        if owner is not None:
            return [owner]
        return list(claims.filter(is_active=True).order_by("-last_login", "-pk")[:MAX_CLAIMS_CHECKED])
    found = list(applicants.filter(email__iexact=identifier)[:2])
    return found if len(found) == 1 else []


class IdentifierBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        identifier = (username or "").strip()
        if not identifier or password is None:
            return None
        accounts = candidates(identifier)
        if not accounts:
            # Same cost as a real check, so timing does not tell which identifiers exist.
            User().set_password(password)
        for account in accounts:
            if account.check_password(password) and self.user_can_authenticate(account):
                return account
        return None


class UserNameBackend(ModelBackend):
    """Officials, postal agents and the superuser sign in with their user name. Applicants'
    user names are internal: they sign in through IdentifierBackend, where a number they
    merely claim is never enough on its own."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        return user if user is not None and (user.is_superuser or not user.is_applicant) else None
