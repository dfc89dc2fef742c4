"""Passive messages: a citizen texts (SMS) or writes to the Official Account (Zalo) a dossier
code and its second factor, and gets the status back.

The question goes through the portal's look-up (portal.lookup): the same second factor
(last four digits of the ID number or phone) and the same limits, the sender being the
source ("sms:<phone>", "zalo:<user id>"), so the channel cannot be used to try codes. Once
a sender is blocked no answer is sent at all (an SMS answer costs the province money).

Strangers failing on a code must not keep its owner from asking: a sender the dossier
recognises is judged on its own failures at the code only. It is the applicant's phone for
an SMS, or a sender we have already written to about the dossier on the same channel (a
status answer after the right factor, a notification to the phone). Neither can be
pretended: the gateway and Zalo sign what they forward, and the sender is theirs to name.

The answer is a Message written with the inbound message's id in its key: a provider that
repeats its webhook gets one answer.
"""

import re

from django.db.models import Exists, OuterRef

from motcua.dossiers.models import Dossier
from motcua.dossiers.public import PLAIN_STATUS
from motcua.notifications import dispatch
from motcua.notifications.channels.sms import phone_number
from motcua.notifications.models import Channel, Message
from motcua.notifications.topics import TOPICS
from motcua.portal import lookup

CODE = re.compile(r"[0-9A-Z][0-9A-Z.]*-[0-9]{6}-[0-9]{3,}")
FACTOR = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")


def parse(text: str) -> tuple[str, str]:
    """The dossier code and the second factor in a text such as "TRACUU 000.00.12.H57-251201-0001 5678"."""
    upper = (text or "").upper()
    found = CODE.search(upper)
    if found is None:
        return "", ""
    rest = upper[: found.start()] + " " + upper[found.end() :]
    factor = FACTOR.search(rest)
    return found.group(0), factor.group(0) if factor else ""


def known_sender(*, channel: str, sender: str, code: str) -> bool:
    """Whether the dossier with this code recognises the sender (see the module)."""
    found = (
        Dossier.objects.filter(code=lookup.normalise_code(code))
        .annotate(written_to=Exists(Message.objects.filter(dossier=OuterRef("pk"), channel=channel, address=sender)))
        .values_list("applicant_phone", "written_to")
        .first()
    )
    if found is None:
        return False
    applicant_phone, written_to = found
    return written_to or (channel == Channel.SMS and phone_number(applicant_phone) == sender)


def answer(*, channel: str, sender: str, text: str, message_id: str, address: str, extra: dict | None = None) -> Message | None:
    """Write the answer to one inbound message (None when the sender is blocked or the
    provider already delivered this one)."""
    code, factor = parse(text)
    client = f"{channel}:{sender}"[:64]
    dossier = None
    if code:
        own = client if known_sender(channel=channel, sender=sender, code=code) else None
        try:
            dossier = lookup.look_up(client=client, code=code, factor=factor, recognised=own)
        except lookup.Blocked:
            return None
    else:
        # A text without a code counts against its sender only.
        if lookup.limit_reached(lookup.Scope.CLIENT, client, limit=lookup.max_failures_per_client(), within=lookup.window()):
            return None
        lookup.count_failure(lookup.Scope.CLIENT, client, within=lookup.window())
    if dossier is not None:
        topic = TOPICS["status_reply"]
        context = {
            "ma_ho_so": dossier.code,
            "trang_thai": str(PLAIN_STATUS[dossier.state]),
            "ngay_hen_tra": dispatch.when(dossier.promised_at) or "-",
            "duong_dan": dispatch.lookup_link(dossier.code),
        }
    else:
        topic = TOPICS["status_unknown"]
        context = {"duong_dan": dispatch.lookup_link()}
    return dispatch.write(
        key=f"inbound:{channel}:{message_id}",
        topic=topic,
        channel=channel,
        address=address,
        context=context,
        dossier=dossier,
        extra=extra,
    )
