"""`{% select field %}`: a <select> for a bound choice field, its options joined in Python.

Django's widget renders each option through a template of its own, and a template loop is
not much faster: for a province's hundred agencies or a department's procedures either cost
more than the rest of the page. Registered as the template library "selects" (settings)."""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def select(field):
    value = field.value()
    current = "" if value is None else str(value)
    options = "".join(
        f'<option value="{escape(choice)}"{" selected" if str(choice) == current else ""}>{escape(label)}</option>'
        for choice, label in field.field.choices
    )
    return format_html('<select name="{}" id="{}">{}</select>', field.html_name, field.id_for_label, mark_safe(options))  # each part escaped above
