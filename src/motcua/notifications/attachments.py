"""The official forms sent with a message: Mẫu 01 on acceptance, 02 with a supplement
request, 03 with a refusal, 04 with an extension, for dossiers filed online (the counter
hands the paper over). They are rendered when the message is sent, from the dossier's
events, so the letter carries the same form the back office prints."""

from motcua.printforms.forms import APPLICANT_FORMS


def forms_of(message) -> list[tuple[str, bytes]]:
    files = []
    for number in message.data.get("forms", []):
        if number not in APPLICANT_FORMS or message.dossier is None:
            continue
        _action, render, _title = APPLICANT_FORMS[number]
        files.append((f"mau-{number}-{message.dossier.code}.pdf", render(message.dossier)))
    return files
