"""What a verified sign-in at the national e-ID does to MotCua's accounts and sessions.

The e-ID vouches for the national ID (citizens) or tax code (organisations) itself, so the
account it signs in to gets that identifier *verified* (citizens.identity.verify, which
withdraws every other account's claim on it). Which account:

- someone already signed in to MotCua links the e-ID to their own account (their password
  proves the account is theirs);
- otherwise the account holding the identifier verified;
- otherwise a new account. Not an account that merely claims the number: anyone can type
  someone else's, and signing the e-ID holder in there would hand the typist a verified
  account. Such claims are withdrawn, and their accounts told, by the verification.
"""

from dataclasses import dataclass
from datetime import date
from importlib import import_module

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import (
    APPLICANT_KINDS,
    IdentityVerification,
    User,
    identifier_field,
    validate_national_id,
    validate_tax_code,
)
from motcua.citizens.identity import new_username, verify
from motcua.eid import client
from motcua.eid.models import ProviderSession


@dataclass(frozen=True)
class Identity:
    """Who the verified ID token says signed in."""

    kind: str
    identifier: str
    acr: str
    sub: str
    sid: str
    # Account field → value, only for what the token carried.
    profile: dict


def identity_from_claims(claims: dict) -> Identity:
    national_id = str(claims.get(client.NATIONAL_ID_CLAIM) or "").strip()
    tax_code = str(claims.get(client.TAX_CODE_CLAIM) or "").strip()
    if national_id:
        kind, identifier, check = User.Kind.CITIZEN, national_id, validate_national_id
    elif tax_code:
        kind, identifier, check = User.Kind.ORGANISATION, tax_code, validate_tax_code
    else:
        raise ValidationError(_("VNeID không gửi số định danh cá nhân hay mã số thuế: không đăng nhập được."))
    check(identifier)
    address = claims.get(client.ADDRESS_CLAIM)
    profile = {
        "full_name": str(claims.get(client.NAME_CLAIM) or "").strip()[:255],
        "birth_date": _date(claims.get(client.BIRTH_DATE_CLAIM)) if kind == User.Kind.CITIZEN else None,
        "address": str((address.get("formatted") if isinstance(address, dict) else address) or "").strip()[:255],
        "phone": str(claims.get(client.PHONE_CLAIM) or "").replace(" ", "")[:20],
    }
    return Identity(
        kind=kind, identifier=identifier, acr=str(claims.get("acr") or ""), sub=str(claims["sub"]),
        sid=str(claims.get("sid") or ""), profile={field: value for field, value in profile.items() if value},
    )


def _date(value) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


@transaction.atomic
def sign_in(*, identity: Identity, current: User | None = None) -> User:
    """The account the e-ID signs in to, its identifier verified and its profile filled from
    the claims. Raises ValidationError, with nothing changed, when the e-ID's identifier is
    another account's or does not fit the signed-in account."""
    if current is not None:
        account = _linked(current, identity)
    else:
        field = identifier_field(identity.identifier)
        account = User.objects.filter(
            kind__in=APPLICANT_KINDS, identity_verification__isnull=False, **{field: identity.identifier}
        ).first()
        if account is not None and not account.is_active:
            raise ValidationError(_("Tài khoản gắn với số định danh này đang bị khóa. Vui lòng liên hệ quản trị hệ thống của tỉnh."))
        if account is None:
            account = User(username=new_username(identity.kind), kind=identity.kind)
            account.set_unusable_password()
            account.save()
    if account.identity_verification_id is None:
        setattr(account, identifier_field(identity.identifier), identity.identifier)
        account.save(update_fields=[identifier_field(identity.identifier)])
        verify(account=account, method=IdentityVerification.Method.NATIONAL_EID, assurance_level=identity.acr)
    _prefill(account, identity)
    return account


def _linked(current: User, identity: Identity) -> User:
    if not current.is_applicant:
        raise ValidationError(_("Tài khoản cán bộ không đăng nhập bằng VNeID. Hãy đăng xuất rồi đăng nhập lại."))
    if current.kind != identity.kind:
        raise ValidationError(
            _("Tài khoản đang đăng nhập là của %(kind)s, còn VNeID xác thực %(other)s: không liên kết được.")
            % {"kind": current.get_kind_display().lower(), "other": User.Kind(identity.kind).label.lower()}
        )
    if current.identifier and current.identifier != identity.identifier:
        raise ValidationError(
            _("Tài khoản đang đăng nhập khai báo số %(claimed)s, khác số VNeID xác thực: không liên kết được.")
            % {"claimed": current.identifier}
        )
    return current


def _prefill(account: User, identity: Identity) -> None:
    """The e-ID's details replace the account's and are marked as coming from it."""
    for field, value in identity.profile.items():
        setattr(account, field, value)
    account.eid_fields = sorted({*identity.profile, identifier_field(identity.identifier)})
    account.save(update_fields=[*identity.profile, "eid_fields"])


def remember_session(*, identity: Identity, session_key: str) -> None:
    ProviderSession.objects.update_or_create(session_key=session_key, defaults={"sid": identity.sid, "sub": identity.sub})


def forget_session(session_key: str | None) -> None:
    if session_key:
        ProviderSession.objects.filter(session_key=session_key).delete()


@transaction.atomic
def end_sessions(*, sid: str = "", sub: str = "") -> int:
    """End the MotCua sessions opened by the provider's session `sid`, or by every session of
    the person `sub` when the logout token names no session. Returns how many ended."""
    found = ProviderSession.objects.filter(sid=sid) if sid else ProviderSession.objects.filter(sub=sub)
    engine = import_module(settings.SESSION_ENGINE)
    keys = list(found.values_list("session_key", flat=True))
    for key in keys:
        engine.SessionStore(session_key=key).delete()
    found.delete()
    return len(keys)
