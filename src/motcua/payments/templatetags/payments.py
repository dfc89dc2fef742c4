from django import template

from motcua.payments.receipt import vnd as format_vnd

register = template.Library()


@register.filter
def vnd(amount) -> str:
    return format_vnd(int(amount))
