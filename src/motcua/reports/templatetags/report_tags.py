from django import template

from motcua.accounts import permissions

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def sees_reports(user) -> bool:
    return permissions.may_view_reports(user)
