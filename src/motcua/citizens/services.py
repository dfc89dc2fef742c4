"""Writes of the citizen side: opening an account, proving its email address, and
answering a supplement request online."""

import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.citizens import verification
from motcua.citizens.models import PhoneCode
from motcua.dossiers import lifecycle
from motcua.dossiers.models import DocumentKind, Dossier, DossierDocument
from motcua.notifications import channels, dispatch
from motcua.notifications.channels.sms import phone_number
from motcua.notifications.models import Channel, Message
from motcua.notifications.topics import TOPICS


@transaction.atomic
def register(
    *, kind: str, full_name: str, email: str, password: str, national_id: str = "", tax_code: str = "", phone: str = ""
) -> User:
    """An applicant's account, inactive until the email link is followed. The user name is
    the national ID (citizens) or the tax code (organisations): both are unique and what
    people remember. The caller has validated the input (citizens.forms.SignUpForm)."""
    if kind not in {User.Kind.CITIZEN, User.Kind.ORGANISATION}:
        raise ValidationError(_("Loại tài khoản không hợp lệ."))
    identifier = national_id if kind == User.Kind.CITIZEN else tax_code
    user = User(
        username=identifier,
        kind=kind,
        full_name=full_name.strip(),
        national_id=national_id if kind == User.Kind.CITIZEN else "",
        tax_code=tax_code if kind == User.Kind.ORGANISATION else "",
        email=email.strip(),
        phone=phone.strip(),
        is_active=False,
    )
    user.set_password(password)
    user.save()
    return user


# At most this many verification emails per account and hour: resending cannot be used to
# flood somebody's mailbox.
VERIFICATION_EMAILS_PER_HOUR = 3


@transaction.atomic
def send_verification_email(*, user: User, base_url: str) -> bool:
    """Queue the link for the notification sender (motcua.notifications), which retries it
    until the mail server takes it. False when the hourly limit for this account is reached."""
    since = timezone.now() - timedelta(hours=1)
    if Message.objects.filter(user=user, topic="account_verification", created_at__gte=since).count() >= VERIFICATION_EMAILS_PER_HOUR:
        return False
    link = base_url.rstrip("/") + reverse("citizens:verify", kwargs={"token": verification.make_token(user)})
    context = {"ho_ten": user.full_name or user.username, "duong_dan": link, "so_gio": settings.EMAIL_VERIFICATION_HOURS}
    written = dispatch.send_direct(
        key=f"account_verification:{user.pk}:{uuid.uuid4().hex}",
        topic=TOPICS["account_verification"],
        channel=Channel.EMAIL,
        address=user.email,
        context=context,
        user=user,
    )
    return written is not None


# Phone verification: a code lives this long, takes this many wrong tries, and at most
# this many are sent to one account in an hour.
PHONE_CODE_MINUTES = 10
PHONE_CODE_ATTEMPTS = 5
PHONE_CODES_PER_HOUR = 3


def code_hash(code: str) -> str:
    return salted_hmac("motcua.citizens.phone-code", code).hexdigest()


def phone_verification_available() -> bool:
    """Accounts can be verified by SMS once the province has an SMS gateway."""
    return Channel.SMS in channels.enabled()


@transaction.atomic
def send_phone_code(*, user: User) -> bool:
    """A new code for the account's phone, queued as an SMS; False when the hourly limit is reached."""
    now = timezone.now()
    if PhoneCode.objects.filter(user=user, created_at__gte=now - timedelta(hours=1)).count() >= PHONE_CODES_PER_HOUR:
        return False
    code = f"{secrets.randbelow(10**6):06d}"
    record = PhoneCode.objects.create(
        user=user, phone=user.phone, code_hash=code_hash(code), created_at=now, expires_at=now + timedelta(minutes=PHONE_CODE_MINUTES)
    )
    dispatch.send_direct(
        key=f"phone_code:{record.pk}",
        topic=TOPICS["phone_code"],
        channel=Channel.SMS,
        address=phone_number(user.phone),
        context={"ma_xac_minh": code, "so_phut": PHONE_CODE_MINUTES},
        user=user,
    )
    return True


def verify_phone(*, user: User, code: str) -> User:
    """Activate the account when `code` is its latest code, unexpired, within its tries. A
    wrong try is counted in its own transaction, kept although the answer is a refusal."""
    with transaction.atomic():
        record = PhoneCode.objects.select_for_update().filter(user=user, used_at__isnull=True).first()
        now = timezone.now()
        if record is None or record.expires_at < now:
            refusal = ValidationError(_("Mã xác minh đã hết hạn. Vui lòng yêu cầu gửi mã mới."), code="expired")
        elif record.attempts >= PHONE_CODE_ATTEMPTS:
            refusal = ValidationError(_("Đã nhập sai quá nhiều lần. Vui lòng yêu cầu gửi mã mới."), code="locked")
        elif not constant_time_compare(code_hash((code or "").strip()), record.code_hash):
            PhoneCode.objects.filter(pk=record.pk).update(attempts=record.attempts + 1)
            refusal = ValidationError(_("Mã xác minh không đúng."), code="wrong")
        else:
            refusal = None
            PhoneCode.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
            if not user.is_active:
                user.is_active = True
                user.save(update_fields=["is_active"])
    if refusal is not None:
        raise refusal
    return user


@transaction.atomic
def verify_email(*, token: str) -> User:
    """Activate the account the link names, if the address is still the one signed."""
    try:
        claim = verification.read_token(token)
    except verification.BadLink as error:
        if error.expired:
            raise ValidationError(_("Liên kết xác minh đã hết hạn. Vui lòng yêu cầu gửi lại thư xác minh."), code="expired")
        raise ValidationError(_("Liên kết xác minh không hợp lệ."), code="invalid")
    user = User.objects.select_for_update().filter(pk=claim.get("user"), kind__in=[User.Kind.CITIZEN, User.Kind.ORGANISATION]).first()
    if user is None or user.email != claim.get("email"):
        raise ValidationError(_("Liên kết xác minh không hợp lệ."), code="invalid")
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user


@dataclass(frozen=True)
class SuppliedPaper:
    name: str
    file: UploadedFile


@transaction.atomic
def answer_supplement(*, dossier: Dossier, actor: User, papers: list[SuppliedPaper], note: str = "") -> Dossier:
    """The applicant sends the requested papers online: the dossier goes back to the agency
    (lifecycle.supplement, which checks the state and that the actor owns the dossier) and
    the papers join it, all in one transaction so that nothing is half-written."""
    if not papers:
        raise ValidationError(_("Phải đính kèm ít nhất một giấy tờ bổ sung."))
    names = ", ".join(paper.name for paper in papers)
    dossier = lifecycle.supplement(
        dossier=dossier, actor=actor, note=(note or "").strip() or _("Bổ sung trực tuyến: %(papers)s") % {"papers": names}
    )
    for paper in papers:
        DossierDocument.objects.create(
            dossier=dossier, name=paper.name[:500], copies=1, file=paper.file, kind=DocumentKind.APPLICANT
        )
    return dossier
