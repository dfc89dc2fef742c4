"""Writes of the citizen side: opening an account, proving its email address (and a new
one), and answering a supplement request online. Who holds an ID number is
citizens.identity's business."""

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

from motcua.accounts.models import APPLICANT_KINDS, User
from motcua.citizens import identity, verification
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
    """An applicant's account, inactive until the email link is followed. The national ID or
    tax code is a claim (citizens.identity) and the user name internal: people sign in with
    the number or the email (citizens.backends). The caller has validated the input
    (citizens.forms.SignUpForm) and checked that the email is not in use (email_in_use)."""
    if kind not in {User.Kind.CITIZEN, User.Kind.ORGANISATION}:
        raise ValidationError(_("Loại tài khoản không hợp lệ."))
    user = User(
        username=identity.new_username(kind),
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


def email_in_use(email: str, exclude: User | None = None) -> bool:
    others = User.objects.filter(email__iexact=(email or "").strip())
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    return bool(email) and others.exists()


# At most this many account emails (verification, change, "already in use") per account or
# address and hour: asking again cannot be used to flood somebody's mailbox.
VERIFICATION_EMAILS_PER_HOUR = 3
ACCOUNT_EMAIL_TOPICS = ("account_verification", "email_change", "sign_up_existing", "email_in_use")


def _mails_this_hour(address: str) -> int:
    since = timezone.now() - timedelta(hours=1)
    return Message.objects.filter(address__iexact=address, topic__in=ACCOUNT_EMAIL_TOPICS, created_at__gte=since).count()


@transaction.atomic
def tell_owner_of_sign_up(*, email: str, base_url: str) -> None:
    """Somebody signed up with an address that already has an account: no account is opened,
    the page says what it says for a new one, and the owner is told how to get back in."""
    owner = User.objects.filter(email__iexact=email.strip()).order_by("pk").first()
    if owner is None or _mails_this_hour(owner.email) >= VERIFICATION_EMAILS_PER_HOUR:
        return
    base = base_url.rstrip("/")
    dispatch.send_direct(
        key=f"sign_up_existing:{owner.pk}:{uuid.uuid4().hex}",
        topic=TOPICS["sign_up_existing"],
        channel=Channel.EMAIL,
        address=owner.email,
        context={"ho_ten": str(owner), "dang_nhap": base + reverse("login"), "quen_mat_khau": base + reverse("citizens:password-reset")},
        user=owner,
    )


@transaction.atomic
def request_email_change(*, user: User, new_email: str, base_url: str) -> None:
    """Send the confirmation link to `new_email`; the account keeps its address until the
    link is followed (confirm_email_change). An address another account uses gets a note
    saying so instead, and the page says the same either way."""
    new_email = new_email.strip()
    if _mails_this_hour(new_email) >= VERIFICATION_EMAILS_PER_HOUR:
        return
    base = base_url.rstrip("/")
    if email_in_use(new_email, exclude=user):
        dispatch.send_direct(
            key=f"email_in_use:{user.pk}:{uuid.uuid4().hex}",
            topic=TOPICS["email_in_use"],
            channel=Channel.EMAIL,
            address=new_email,
            context={"quen_mat_khau": base + reverse("citizens:password-reset")},
        )
        return
    link = base + reverse("citizens:confirm-email", kwargs={"token": verification.make_change_token(user, new_email)})
    dispatch.send_direct(
        key=f"email_change:{user.pk}:{uuid.uuid4().hex}",
        topic=TOPICS["email_change"],
        channel=Channel.EMAIL,
        address=new_email,
        context={"ho_ten": str(user), "duong_dan": link, "so_gio": settings.EMAIL_VERIFICATION_HOURS},
        user=user,
    )


@transaction.atomic
def confirm_email_change(*, token: str) -> User:
    """Give the account the address the link was sent to, if the account still has the
    address the link was asked from and nobody else has taken the new one meanwhile; the old
    address is told."""
    try:
        claim = verification.read_token(token, salt=verification.CHANGE_SALT)
    except verification.BadLink as error:
        if error.expired:
            raise ValidationError(_("Liên kết xác nhận đã hết hạn. Vui lòng yêu cầu đổi thư điện tử lại."), code="expired")
        raise ValidationError(_("Liên kết xác nhận không hợp lệ."), code="invalid")
    user = User.objects.select_for_update().filter(pk=claim.get("user"), kind__in=APPLICANT_KINDS).first()
    new_email = claim.get("to") or ""
    if user is None or user.email != claim.get("from") or not new_email:
        raise ValidationError(_("Liên kết xác nhận không hợp lệ."), code="invalid")
    if email_in_use(new_email, exclude=user):
        raise ValidationError(_("Không đổi được sang thư điện tử này. Vui lòng chọn địa chỉ khác."), code="in_use")
    old_email, user.email = user.email, new_email
    user.save(update_fields=["email"])
    dispatch.send_direct(
        key=f"email_changed:{user.pk}:{uuid.uuid4().hex}",
        topic=TOPICS["email_changed"],
        channel=Channel.EMAIL,
        address=old_email,
        context={"ho_ten": str(user), "thu_moi": masked_email(new_email)},
        user=user,
    )
    return user


def masked_email(email: str) -> str:
    name, _at, domain = email.partition("@")
    return f"{name[:2]}•••@{domain}"


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
