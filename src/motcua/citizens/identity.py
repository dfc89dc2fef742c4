"""Who holds a national ID number or tax code.

An applicant's account *claims* an identifier when it is opened: nobody has checked it then,
so anyone could type someone else's. The claim becomes the account's verified identifier when
an official compares the original card or registration with the person at the counter, or
when the national e-ID vouches for it at sign-in (`IdentityVerification.Method`).

Only a verified identifier ties paper dossiers to an account (accounts.permissions: what
"my dossiers" shows, who is told of their progress, who may act on them as the applicant),
and only a verified account's details fill the counter's form. Claims are not unique, so an
impostor's claim never keeps the owner out; the owner's verification takes the identifier
over: every other account claiming it loses the claim and is told.
"""

import uuid
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts import permissions
from motcua.accounts.models import APPLICANT_KINDS, IdentityVerification, User, identifier_field
from motcua.agencies.models import Agency
from motcua.notifications import dispatch
from motcua.notifications.topics import TOPICS

DOCUMENT_MAX_LENGTH = 255


def masked(identifier: str) -> str:
    """An identifier as messages write it: its last four digits only."""
    return "•" * max(len(identifier) - 4, 0) + identifier[-4:]


def claimant(identifier: str, contact: str) -> User | None:
    """The account claiming `identifier` whose email or phone is `contact`: how the counter
    finds the account of the person in front of it without listing who else claims the number."""
    identifier, contact = (identifier or "").strip(), (contact or "").strip()
    if not identifier or not contact:
        return None
    if "@" in contact:
        reached = Q(email__iexact=contact)
    else:
        reached = Q(phone=contact.replace(" ", "").replace(".", ""))
    return (
        User.objects.filter(reached, kind__in=APPLICANT_KINDS, **{identifier_field(identifier): identifier})
        .order_by("-is_active", "pk")
        .first()
    )


class AlreadyVerified(ValidationError):
    pass


@transaction.atomic
def verify(
    *,
    account: User,
    method: str,
    official: User | None = None,
    agency: Agency | None = None,
    document: str = "",
    assurance_level: str = "",
    at: datetime | None = None,
) -> IdentityVerification:
    """Make the identifier `account` claims its verified identifier.

    At the counter (`Method.COUNTER`) the official must receive dossiers at `agency` and
    name the document they compared. Refused when the account is already verified or another
    account holds the identifier verified; otherwise every other claim on it is withdrawn and
    its account told."""
    identifier = account.identifier
    if not account.is_applicant or not identifier:
        raise ValidationError(_("Chỉ xác minh được tài khoản công dân, tổ chức có khai báo số định danh hoặc mã số thuế."))
    if not account.is_active:
        raise ValidationError(_("Tài khoản chưa được kích hoạt: người dân cần xác minh thư điện tử hoặc số điện thoại trước."))
    if method not in IdentityVerification.Method.values:
        raise ValidationError(_("Cách xác minh không hợp lệ."))
    document = " ".join((document or "").split())
    if method == IdentityVerification.Method.COUNTER:
        if not permissions.may_verify_identity(official, agency):
            raise ValidationError(_("Chỉ cán bộ tiếp nhận của cơ quan mới xác minh danh tính tại quầy."))
        if not document:
            raise ValidationError({"document": _("Phải ghi giấy tờ gốc đã đối chiếu (loại, số, ngày cấp).")})
        if len(document) > DOCUMENT_MAX_LENGTH:
            raise ValidationError({"document": _("Thông tin giấy tờ dài quá %(limit)s ký tự.") % {"limit": DOCUMENT_MAX_LENGTH}})
    field = identifier_field(identifier)
    # Every account claiming the number, locked in one order: two desks verifying two claims
    # on one number at once serialise here (and the unique constraint backs this up).
    claims = Q(kind__in=APPLICANT_KINDS, **{field: identifier})
    holders = list(User.objects.select_for_update().filter(Q(pk=account.pk) | claims).order_by("pk"))
    account = next(holder for holder in holders if holder.pk == account.pk)
    if getattr(account, field) != identifier:
        raise ValidationError(_("Số định danh của tài khoản vừa thay đổi; vui lòng tìm lại tài khoản."))
    if account.identity_verification_id is not None:
        raise AlreadyVerified(_("Tài khoản này đã được xác minh danh tính."), code="already_verified")
    if any(holder.identity_verification_id is not None for holder in holders if holder.pk != account.pk):
        raise ValidationError(
            _(
                "Số %(identifier)s đã được xác minh cho một tài khoản khác. Nếu người có mặt là chủ sở hữu, hướng dẫn họ "
                "dùng tài khoản đó (lấy lại mật khẩu) hoặc liên hệ quản trị hệ thống của tỉnh."
            )
            % {"identifier": identifier},
            code="verified_elsewhere",
        )
    now = at or timezone.now()
    verification = IdentityVerification.objects.create(
        account=account, identifier=identifier, method=method, at=now, official=official, agency=agency,
        document=document, assurance_level=assurance_level[:100],
    )
    account.identity_verification = verification
    account.save(update_fields=["identity_verification"])
    _notify(account, "identity_verified", verification.pk, {
        "dinh_danh": masked(identifier), "cach_xac_minh": verification.get_method_display(), "thoi_diem": dispatch.when(now),
    })
    for holder in holders:
        if holder.pk != account.pk:
            _withdraw_claim(holder, field, identifier, verification)
    return verification


def _withdraw_claim(holder: User, field: str, identifier: str, verification: IdentityVerification) -> None:
    setattr(holder, field, "")
    changed = [field]
    if holder.username == identifier:
        # Accounts used to be named after the number they claimed.
        holder.username = new_username(holder.kind)
        changed.append("username")
    holder.save(update_fields=changed)
    _notify(holder, "identity_taken_over", verification.pk, {"dinh_danh": masked(identifier)})


def _notify(user: User, topic: str, cause: int, context: dict) -> None:
    dispatch.notify(
        key=f"{topic}:{cause}:{user.pk}", topic=TOPICS[topic], context={"ho_ten": str(user), **context}, user=user
    )


def new_username(kind: str) -> str:
    """An applicant's user name: nobody types it (they sign in with their identifier or
    email), and it must not be a number someone else may own."""
    prefix = "tc" if kind == User.Kind.ORGANISATION else "cd"
    return f"{prefix}-{uuid.uuid4().hex[:16]}"
