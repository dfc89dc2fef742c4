from decimal import Decimal

from django import template
from django.utils import formats

from motcua.text import vnd

register = template.Library()


register.filter("vnd", vnd)


@register.filter
def days(value) -> str:
    """A legal time without trailing zeros, in the reader's format: 5.00 -> "5", 0.50 -> "0,5"."""
    try:
        number = Decimal(value)
    except (TypeError, ValueError, ArithmeticError):
        return ""
    number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    return formats.number_format(number)
