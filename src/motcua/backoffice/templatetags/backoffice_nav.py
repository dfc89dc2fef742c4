"""The work lists with their counts, in the header of every back-office page."""

from django import template

from motcua.dossiers import selectors

register = template.Library()


@register.inclusion_tag("backoffice/worklist/nav.html", takes_context=True)
def worklist_nav(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    worklists = context.get("worklists")  # counted by the page already (the desk, a work list)
    if worklists is None:
        worklists = selectors.worklist_counts(user) if user is not None and user.is_authenticated else []
    current = getattr(getattr(request, "resolver_match", None), "kwargs", {}).get("slug")
    return {"worklists": worklists, "current": current}
