"""Signing in with what a citizen or business actually remembers: the national ID number,
the tax code or the email address, typed where the login form asks for a user name."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from motcua.accounts.models import User


class IdentifierBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        identifier = (username or "").strip()
        if not identifier or password is None:
            return None
        candidates = get_user_model().objects.filter(
            Q(national_id=identifier) | Q(tax_code=identifier) | Q(email__iexact=identifier),
            kind__in=[User.Kind.CITIZEN, User.Kind.ORGANISATION],
        )
        accounts = list(candidates[:2])
        if len(accounts) != 1:
            # Same cost as a real check, so timing does not tell which identifiers exist.
            get_user_model()().set_password(password)
            return None
        account = accounts[0]
        if account.check_password(password) and self.user_can_authenticate(account):
            return account
        return None
