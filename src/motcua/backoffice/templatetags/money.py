from django import template

register = template.Library()


@register.filter
def dong(amount) -> str:
    """50000 → "50.000 đ": Vietnamese thousands separator (Django's vi locale does not group)."""
    try:
        return f"{int(amount):,} đ".replace(",", ".")
    except (TypeError, ValueError):
        return ""
