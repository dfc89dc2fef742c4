"""The signed, expiring link that proves an applicant owns the email address they gave.

The link carries the account and the address, signed with SECRET_KEY and a salt of its own
(so no other signed value of the site can stand in for it) and dated, so that it expires
after EMAIL_VERIFICATION_HOURS.
"""

from django.conf import settings
from django.core import signing

SALT = "motcua.citizens.email-verification"


def make_token(user) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=SALT, compress=True)


class BadLink(Exception):
    def __init__(self, expired: bool):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def read_token(token: str) -> dict:
    """What the link says, or BadLink when it was tampered with or is too old."""
    try:
        return signing.loads(token, salt=SALT, max_age=settings.EMAIL_VERIFICATION_HOURS * 3600)
    except signing.SignatureExpired:
        raise BadLink(expired=True)
    except signing.BadSignature:
        raise BadLink(expired=False)
