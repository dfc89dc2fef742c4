from django import template

from motcua.accounts import permissions
from motcua.accounts.models import Role

register = template.Library()


@register.filter
def receives_at_counter(user) -> bool:
    """Whether the back-office bar offers this user the counter receipt page."""
    return bool(permissions.agency_ids(user, Role.RECEPTION))
