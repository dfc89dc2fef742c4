"""Creating dossiers (filed online by an applicant, or received at a counter or from the
post), notes between officials, and the draft and final results they upload.

Everything is checked before anything is written; the dossier, its documents, its code
and its first event are stored in one transaction.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts import permissions
from motcua.accounts.models import ID_NUMBER, Role, User
from motcua.agencies.models import Agency
from motcua.catalog import fees
from motcua.catalog.formschema import clean_submission
from motcua.catalog.models import ProcedureVersion, RequiredDocument
from motcua.dossiers import lifecycle
from motcua.dossiers.codes import next_dossier_code
from motcua.dossiers.models import Channel, DocumentKind, Dossier, DossierDocument, DossierNote, State
from motcua.uploads import RESULTS, check_document


@dataclass(frozen=True)
class ApplicantInfo:
    name: str
    id_number: str
    address: str = ""
    phone: str = ""
    email: str = ""
    representative: str = ""


@dataclass(frozen=True)
class DocumentInput:
    required_document: RequiredDocument | None
    originals: int = 0
    copies: int = 0
    file: File | None = None
    name: str = ""


def check_applicant(applicant: ApplicantInfo) -> dict:
    """Errors in the applicant's details, by field (empty when they are fine)."""
    errors = {}
    if not (applicant.name or "").strip():
        errors["applicant_name"] = _("Phải nhập họ tên người nộp hoặc tên tổ chức.")
    if not ID_NUMBER.fullmatch((applicant.id_number or "").strip()):
        errors["applicant_id_number"] = _("Số định danh cá nhân (12 chữ số) hoặc mã số thuế (10 chữ số) không hợp lệ.")
    phone = (applicant.phone or "").replace(" ", "")
    if phone and not re.fullmatch(r"(\+84|0)[0-9]{9,10}", phone):
        errors["applicant_phone"] = _("Số điện thoại không hợp lệ.")
    if applicant.email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", applicant.email):
        errors["applicant_email"] = _("Địa chỉ thư điện tử không hợp lệ.")
    return errors


def _check_documents(version: ProcedureVersion, documents: list[DocumentInput], *, online: bool) -> dict:
    """Online, every paper comes as a file, and the declaration paper of a procedure with an
    online form is not asked for: the form the applicant filled in is the declaration."""
    need_files = online
    required = {doc.pk: doc for doc in version.documents.all()}
    asked = {doc.pk for doc in version.papers_to_attach()} if online else set(required)
    given = {d.required_document.pk for d in documents if d.required_document}
    errors = []
    for document in documents:
        if document.required_document and document.required_document.pk not in required:
            errors.append(_("Giấy tờ “%(name)s” không thuộc thủ tục này.") % {"name": document.required_document.name})
        elif document.required_document is None and not document.name.strip():
            errors.append(_("Giấy tờ bổ sung phải có tên."))
        elif document.originals < 0 or document.copies < 0 or (document.originals + document.copies == 0 and not document.file):
            errors.append(_("Giấy tờ “%(name)s” phải có ít nhất một bản.") % {"name": document.name or document.required_document.name})
        elif need_files and not document.file:
            errors.append(_("Giấy tờ “%(name)s” chưa đính kèm tệp.") % {"name": document.name or document.required_document.name})
    for pk, document in required.items():
        if document.mandatory and pk in asked and pk not in given:
            errors.append(_("Thiếu giấy tờ bắt buộc: %(name)s.") % {"name": document.name})
    return {"documents": errors} if errors else {}


def _create(
    *,
    actor: User,
    version: ProcedureVersion,
    agency: Agency,
    applicant: ApplicantInfo,
    form_data: dict,
    documents: list[DocumentInput],
    delivery: str,
    channel: str,
    now: datetime,
    national_code: str = "",
) -> Dossier:
    """The dossier, its documents and code; `actor` is the filing account of an online dossier."""
    errors: dict = {}
    if version.status != ProcedureVersion.Status.PUBLISHED:
        raise ValidationError(_("Thủ tục này hiện không còn áp dụng; vui lòng chọn phiên bản đang áp dụng."))
    if not agency.is_active or not version.agencies.filter(pk=agency.pk).exists():
        raise ValidationError(_("%(agency)s không thực hiện thủ tục này.") % {"agency": agency.name})
    if delivery not in version.deliveries:
        errors["delivery"] = _("Thủ tục này không trả kết quả theo hình thức đã chọn.")
    errors.update(check_applicant(applicant))
    errors.update(_check_documents(version, documents, online=channel == Channel.ONLINE))
    fee_due = 0
    try:
        cleaned = clean_submission(version.form_schema, form_data)
        fee_due = fees.statement(version, cleaned).total
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    dossier = Dossier.objects.create(
        code=next_dossier_code(agency, now),
        procedure_version=version,
        state=State.SUBMITTED,
        channel=channel,
        delivery=delivery,
        applicant=actor if channel == Channel.ONLINE else None,
        applicant_name=applicant.name.strip(),
        applicant_id_number=applicant.id_number.strip(),
        applicant_address=applicant.address.strip(),
        applicant_phone=applicant.phone.strip(),
        applicant_email=applicant.email.strip(),
        representative=applicant.representative.strip(),
        national_code=national_code,
        form_data=cleaned,
        receiving_agency=agency,
        current_agency=agency,
        submitted_at=now,
        fee_due=fee_due,
    )
    dossier.involved_agencies.add(agency)
    for document in documents:
        DossierDocument.objects.create(
            dossier=dossier,
            required_document=document.required_document,
            name=document.name or document.required_document.name,
            originals=document.originals,
            copies=document.copies,
            file=document.file,
        )
    return dossier


@transaction.atomic
def submit_online(
    *,
    actor: User,
    procedure_version: ProcedureVersion,
    agency: Agency,
    applicant: ApplicantInfo,
    form_data: dict,
    documents: list[DocumentInput],
    delivery: str,
    at: datetime | None = None,
) -> Dossier:
    """An applicant files a dossier online (status 1, Mới đăng ký); the desk receives it later."""
    if not (actor and actor.is_authenticated and actor.is_active and actor.is_applicant):
        raise lifecycle.Refused(_("Chỉ công dân, tổ chức đã đăng nhập mới nộp hồ sơ trực tuyến."))
    if procedure_version.online_mode == ProcedureVersion.OnlineMode.COUNTER:
        raise ValidationError(_("Thủ tục này chỉ nộp trực tiếp tại bộ phận một cửa."))
    now = at or timezone.now()
    dossier = _create(
        actor=actor, version=procedure_version, agency=agency, applicant=applicant, form_data=form_data,
        documents=documents, delivery=delivery, channel=Channel.ONLINE, now=now,
    )
    lifecycle.record(dossier, actor=actor, action="submit", at=now)
    return dossier


@transaction.atomic
def submit_from_national_portal(
    *,
    national_code: str,
    procedure_version: ProcedureVersion,
    agency: Agency,
    applicant: ApplicantInfo,
    form_data: dict,
    documents: list[DocumentInput],
    delivery: str,
    at: datetime,
) -> Dossier:
    """A dossier filed on the national public-service portal arrives (nationalportal.inbound):
    an online submission (status 1) like one filed here, under the portal's code, with no
    account of ours behind it; the desk receives it as any other."""
    if procedure_version.online_mode == ProcedureVersion.OnlineMode.COUNTER:
        raise ValidationError(_("Thủ tục này chỉ nộp trực tiếp tại bộ phận một cửa."))
    if Dossier.objects.filter(national_code=national_code).exists():
        raise ValidationError(_("Hồ sơ %(code)s của Cổng Dịch vụ công quốc gia đã được nhận.") % {"code": national_code})
    dossier = _create(
        actor=None, version=procedure_version, agency=agency, applicant=applicant, form_data=form_data,
        documents=documents, delivery=delivery, channel=Channel.ONLINE, now=at, national_code=national_code,
    )
    lifecycle.record(dossier, actor=None, action="submit", at=at, data={"national_code": national_code})
    return dossier


@transaction.atomic
def receive_at_counter(
    *,
    actor: User,
    procedure_version: ProcedureVersion,
    agency: Agency,
    applicant: ApplicantInfo,
    form_data: dict,
    documents: list[DocumentInput],
    delivery: str,
    channel: str = Channel.COUNTER,
    at: datetime | None = None,
) -> Dossier:
    """A reception officer receives a paper dossier (at the counter, or brought by the post):
    it is created already received, with its code and promised return time. It is linked to
    no account: it belongs to whoever verifies the applicant's identifier (citizens.identity)."""
    if not permissions.has_role(actor, agency, Role.RECEPTION):
        raise lifecycle.Refused(_("Chỉ cán bộ tiếp nhận của %(agency)s được tiếp nhận hồ sơ tại đây.") % {"agency": agency.name})
    if channel not in {Channel.COUNTER, Channel.POST}:
        raise ValidationError(_("Hồ sơ tiếp nhận tại quầy chỉ có hình thức trực tiếp hoặc bưu chính."))
    now = at or timezone.now()
    dossier = _create(
        actor=actor, version=procedure_version, agency=agency, applicant=applicant, form_data=form_data,
        documents=documents, delivery=delivery, channel=channel, now=now,
    )
    lifecycle.start_clock(dossier, now)
    dossier.save()
    lifecycle.record(dossier, actor=actor, action="receive", at=now, from_state=State.SUBMITTED)
    return dossier


NOTE_MAX_LENGTH = 4000


@transaction.atomic
def add_note(*, dossier: Dossier, actor: User, text: str, at: datetime | None = None) -> DossierNote:
    """A note between officials: any official who may see the dossier writes one; it changes
    nothing in the dossier, so no event is recorded."""
    if not permissions.may_enter_backoffice(actor):
        raise lifecycle.Refused(_("Chỉ cán bộ, công chức mới ghi chú trao đổi về hồ sơ."))
    if not permissions.may_view_dossier(actor, dossier):
        raise lifecycle.Refused(_("Bạn không có quyền ghi chú vào hồ sơ %(code)s.") % {"code": dossier.code})
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Ghi chú không được để trống."))
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(_("Ghi chú dài quá %(limit)s ký tự.") % {"limit": NOTE_MAX_LENGTH})
    return DossierNote.objects.create(dossier=dossier, author=actor, at=at or timezone.now(), text=text)


RESULT_KINDS = frozenset({DocumentKind.DRAFT_RESULT, DocumentKind.FINAL_RESULT})


def result_upload_refusal(user: User, dossier: Dossier) -> str | None:
    """Why `user` may not upload a draft or final result now, or None: they must be able to
    complete the dossier's current step (the lifecycle's own question) or lead the agency
    holding it, and the dossier must still be open."""
    if dossier.state in lifecycle.FINAL_STATES:
        return _("Hồ sơ %(code)s đã kết thúc, không tải lên kết quả được nữa.") % {"code": dossier.code}
    step = dossier.current_step
    acts_on_step = step is not None and lifecycle.refusal(user, dossier, lifecycle.STEP_ACTION[step.kind]) is None
    if acts_on_step or permissions.has_role(user, dossier.current_agency_id, Role.LEADER):
        return None
    return _("Bạn không có quyền tải lên kết quả của hồ sơ %(code)s.") % {"code": dossier.code}


@transaction.atomic
def upload_result(
    *, dossier: Dossier, actor: User, kind: str, file: File, name: str = "", at: datetime | None = None
) -> DossierDocument:
    """The handler's draft result or the signed final result, attached to the dossier and
    recorded in its history. Either is a PDF: a result is signed, and signatures are PAdES."""
    dossier = Dossier.objects.select_for_update(of=("self",)).select_related("current_step").get(pk=dossier.pk)
    reason = result_upload_refusal(actor, dossier)
    if reason:
        raise lifecycle.Refused(reason, code="refused")
    if kind not in RESULT_KINDS:
        raise ValidationError(_("Chỉ tải lên dự thảo kết quả hoặc kết quả giải quyết."))
    if not file:
        raise ValidationError(_("Phải chọn tệp kết quả."))
    name = (name or "").strip() or DocumentKind(kind).label
    check_document(file, name, accepted=RESULTS)
    now = at or timezone.now()
    document = DossierDocument.objects.create(dossier=dossier, kind=kind, name=name[:500], file=file)
    lifecycle.record(
        dossier, actor=actor, action="upload_result", at=now, from_state=dossier.state, from_step=dossier.current_step,
        from_agency=dossier.current_agency, note=name, data={"document": document.pk, "kind": kind},
    )
    return document
