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
    # Each result still to sign, with the certificates that may sign it: a file already
    # signed with a certificate is not offered to it again.
    offers: dict[int, tuple] = {}
    if dossier.state not in services.CLOSED_STATES and services.reached_approval(dossier):
        for credential in services.usable_credentials(user, dossier, Purpose.RESULT):
            for document in services.signable_results(dossier, credential):
                offers.setdefault(document.pk, (document, []))[1].append(credential)
    results = [
        {"document": document, "credentials": creds, "draft": document.kind == DocumentKind.DRAFT_RESULT}
        for document, creds in offers.values()
    ]
    receipt_credentials = []
    if dossier.received_at:
        # One signed receipt per certificate: it is printed as the dossier stands at receipt.
        used = set(dossier.signatures.filter(purpose=Purpose.RECEIPT).values_list("credential_id", flat=True))
        receipt_credentials = [c for c in services.usable_credentials(user, dossier, Purpose.RECEIPT) if c.pk not in used]
    return {
        "dossier": dossier,
        "results": results,
        "receipt_credentials": receipt_credentials,
        "signatures": dossier.signatures.select_related("signed_by").order_by("signed_at"),
        "csrf_token": context.get("csrf_token"),
    }
