"""The signed, expiring links that prove an applicant owns an email address: the one they
signed up with, and a new one they want to change to.

A link carries the account and the address, signed with SECRET_KEY and a salt of its own
per purpose (so no other signed value of the site, nor the other kind of link, can stand in
for it) and dated, so that it expires after EMAIL_VERIFICATION_HOURS. A change link also
carries the address it replaces: once the account's address has changed, older links fail.
"""

from django.conf import settings
from django.core import signing

SALT = "motcua.citizens.email-verification"
CHANGE_SALT = "motcua.citizens.email-change"


def make_token(user) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=SALT, compress=True)


def make_change_token(user, new_email: str) -> str:
    return signing.dumps({"user": user.pk, "from": user.email, "to": new_email}, salt=CHANGE_SALT, compress=True)


class BadLink(Exception):
    def __init__(self, expired: bool):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def read_token(token: str, salt: str = SALT) -> dict:
    """What the link says, or BadLink when it was tampered with or is too old."""
    try:
        return signing.loads(token, salt=salt, max_age=settings.EMAIL_VERIFICATION_HOURS * 3600)
    except signing.SignatureExpired:
        raise BadLink(expired=True)
    except signing.BadSignature:
        raise BadLink(expired=False)
