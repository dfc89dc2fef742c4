"""The signing panel of the back office's dossier page: what the official may sign, with
which of their certificates, and the signatures already made."""

from django import template

from motcua.dossiers.models import DocumentKind
from motcua.signatures import services
from motcua.signatures.models import Purpose

register = template.Library()


@register.inclusion_tag("signatures/panel.html", takes_context=True)
def signing_panel(context, dossier):
    user = context["request"].user
    results, result_credentials = [], []
    if dossier.state not in services.CLOSED_STATES and services.reached_approval(dossier):
        result_credentials = services.usable_credentials(user, dossier, Purpose.RESULT)
        if result_credentials:
            results = [
                d for d in dossier.documents.filter(kind=DocumentKind.FINAL_RESULT) if d.file and d.file.name.lower().endswith(".pdf")
            ]
    receipt_credentials = services.usable_credentials(user, dossier, Purpose.RECEIPT) if dossier.received_at else []
    return {
        "dossier": dossier,
        "results": results,
        "result_credentials": result_credentials,
        "receipt_credentials": receipt_credentials,
        "signatures": dossier.signatures.select_related("signed_by").order_by("signed_at"),
        "csrf_token": context.get("csrf_token"),
    }
