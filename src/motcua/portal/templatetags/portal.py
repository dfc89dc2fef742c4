from decimal import Decimal

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def vnd(amount) -> str:
    """50000 -> "50.000 đ", the way amounts are written in Vietnam."""
    try:
        return f"{int(amount):,} đ".replace(",", ".")
    except (TypeError, ValueError):
        return ""


@register.filter
def days(value) -> str:
    """A legal time without trailing zeros, in the reader's format: 5.00 -> "5", 0.50 -> "0,5"."""
    try:
        number = Decimal(value)
    except (TypeError, ValueError, ArithmeticError):
        return ""
    number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    return formats.number_format(number)
