"""The official forms sent with a message: Mẫu 01 on acceptance, 02 with a supplement
request, 03 with a refusal, 04 with an extension, for dossiers filed online (the counter
hands the paper over). They are rendered when the message is sent, from the dossier's
events, so the letter carries the same form the back office prints."""

from motcua.printforms import forms

RENDERERS = {
    "01": forms.receipt,
    "02": forms.supplement_request,
    "03": forms.refusal,
    "04": forms.apology,
}


def forms_of(message) -> list[tuple[str, bytes]]:
    files = []
    for number in message.data.get("forms", []):
        render = RENDERERS.get(number)
        if render is None or message.dossier is None:
            continue
        files.append((f"mau-{number}-{message.dossier.code}.pdf", render(message.dossier)))
    return files
