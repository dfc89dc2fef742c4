"""Who owes a second factor, where, and whether they have one."""

from ipaddress import ip_address

from django.conf import settings
from django_otp import user_has_device

from motcua.accounts import permissions


def concerns(user) -> bool:
    """Officials and the province superuser: the people who work in the back office."""
    return permissions.may_enter_backoffice(user)


def from_office(request) -> bool:
    try:
        address = ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in settings.OFFICE_NETWORKS)


def required_by_role(user) -> bool:
    return user.is_superuser or bool(permissions.agency_ids(user, *settings.SECOND_FACTOR_ROLES))


def required(request, user) -> bool:
    """Whether `user` must give a second factor in this request before a protected area."""
    return concerns(user) and (required_by_role(user) or not from_office(request))


def has_factor(user) -> bool:
    return user_has_device(user, confirmed=True)


def may_enrol_without_factor(request) -> bool:
    """A first factor is enrolled from the office only: anywhere else the password alone would
    let whoever holds it choose the second factor too."""
    return from_office(request)


def is_protected(path: str) -> bool:
    return path.startswith(tuple(settings.SECOND_FACTOR_PROTECTED_PATHS))
