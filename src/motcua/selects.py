"""Long menus, cheaply: `Options` for the choices of a form's field and `{% select field %}`,
a <select> for a bound choice field, its options joined in Python.

Django normalises a field's choices again on every form, option by option, and its widget
renders each option through a template of its own (a template loop is not much faster): for
a province's hundred agencies or a department's procedures either cost more than the rest of
the page. Registered as the template library "selects" (settings)."""

from html import escape

from django import template
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


class Options(BaseChoiceIterator):
    """Menus already in the form Django normalises choices to, a list of (value, label), joined:
    a choice field takes them as they are (Django leaves a choice iterator alone)."""

    def __init__(self, *menus):
        self.options = [option for menu in menus for option in menu]

    def __iter__(self):
        return iter(self.options)


@register.simple_tag
def select(field):
    value = field.value()
    current = "" if value is None else str(value)
    # The standard library's escape, which Django's wraps (with a check for lazy text on every call).
    options = "".join(
        f'<option value="{escape(str(choice))}"{" selected" if str(choice) == current else ""}>{escape(str(label))}</option>'
        for choice, label in field.field.choices
    )
    return format_html('<select name="{}" id="{}">{}</select>', field.html_name, field.id_for_label, mark_safe(options))  # each part escaped above
