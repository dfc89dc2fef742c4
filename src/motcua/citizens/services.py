"""Writes of the citizen side: opening an account, proving its email address, and
answering a supplement request online."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.citizens import verification
from motcua.dossiers import lifecycle
from motcua.dossiers.models import DocumentKind, Dossier, DossierDocument


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


def send_verification_email(*, user: User, base_url: str) -> None:
    """Send the link through the configured email backend (SMTP by default). A failure is
    raised to the caller: the account stays inactive and the mail can be asked for again."""
    link = base_url.rstrip("/") + reverse("citizens:verify", kwargs={"token": verification.make_token(user)})
    context = {"user": user, "link": link}
    send_mail(
        subject=render_to_string("citizens/email/verify_subject.txt", context).strip(),
        message=render_to_string("citizens/email/verify_body.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


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
