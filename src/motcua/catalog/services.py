"""Writes to the procedure catalog. A published version is never edited: changes go
into a new draft, and publishing it retires the previous one. Dossiers keep the version
they were filed under."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.models import Procedure, ProcedureVersion, ProcessStep

Kind = ProcessStep.Kind


def process_problems(version: ProcedureVersion) -> list[str]:
    """What stops `version` from being published, in Vietnamese; empty when it is ready."""
    problems = []
    steps = list(version.steps.order_by("order"))
    if not steps:
        return [_("Chưa khai báo quy trình nội bộ.")]
    if steps[0].kind != Kind.RECEPTION:
        problems.append(_("Bước đầu tiên của quy trình phải là tiếp nhận hồ sơ."))
    if steps[-1].kind != Kind.RETURN:
        problems.append(_("Bước cuối cùng của quy trình phải là trả kết quả."))
    if not any(step.kind == Kind.APPROVAL for step in steps):
        problems.append(_("Quy trình phải có bước ký duyệt."))
    kinds = [step.kind for step in steps]
    if kinds.count(Kind.RECEPTION) > 1 or kinds.count(Kind.RETURN) > 1:
        problems.append(_("Quy trình chỉ có một bước tiếp nhận và một bước trả kết quả."))
    total = sum((step.quota for step in steps), Decimal("0"))
    if version.time_unit == ProcedureVersion.TimeUnit.WORKING_DAYS and total != version.legal_time:
        problems.append(
            _("Tổng thời gian các bước (%(total)s ngày) phải bằng thời hạn giải quyết (%(legal)s ngày làm việc).")
            % {"total": total.normalize(), "legal": version.legal_time.normalize()}
        )
    if version.time_unit == ProcedureVersion.TimeUnit.CALENDAR_DAYS and total > version.legal_time:
        problems.append(_("Tổng thời gian các bước vượt thời hạn giải quyết."))
    for step in steps:
        try:
            step.full_clean(exclude=["version"])
        except ValidationError as error:
            problems.extend(f"{step}: {message}" for message in error.messages)
    for fee in version.fees.all():
        try:
            fee.full_clean(exclude=["version"])
        except ValidationError as error:
            problems.extend(f"{fee.name}: {message}" for message in error.messages)
    for document in version.documents.all():
        try:
            document.full_clean(exclude=["version"])
        except ValidationError as error:
            problems.extend(error.messages)
    try:
        version.full_clean(exclude=["procedure"])
    except ValidationError as error:
        problems.extend(error.messages)
    if not version.agencies.exists():
        problems.append(_("Chưa chọn cơ quan thực hiện."))
    return problems


@transaction.atomic
def start_new_version(*, procedure: Procedure, copy_rows: bool = True) -> ProcedureVersion:
    """The draft to edit: the existing one, or a copy of the published version.

    With copy_rows=False a new copy leaves out the agencies, documents, fees and steps, for a
    caller about to replace them all (the catalog import); an existing draft keeps its rows.
    """
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    draft = procedure.draft_version()
    if draft:
        return draft
    source = procedure.current_version()
    if source is None:
        raise ValidationError(_("Thủ tục chưa có phiên bản nào để sao chép."))
    number = procedure.versions.order_by("-number").values_list("number", flat=True).first() + 1
    agencies = list(source.agencies.all()) if copy_rows else []
    children = [list(source.documents.all()), list(source.fees.all()), list(source.steps.all())] if copy_rows else []
    draft = source
    draft.pk = None
    draft._state.adding = True
    draft.number = number
    draft.status = ProcedureVersion.Status.DRAFT
    draft.published_at = None
    draft.save()
    draft.agencies.set(agencies)
    for rows in children:
        for row in rows:
            row.pk = None
            row._state.adding = True
            row.version = draft
            row.save()
    return draft


@transaction.atomic
def publish_version(*, version: ProcedureVersion) -> ProcedureVersion:
    version = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != ProcedureVersion.Status.DRAFT:
        raise ValidationError(_("Chỉ công bố được bản nháp."))
    problems = process_problems(version)
    if problems:
        raise ValidationError(problems)
    ProcedureVersion.objects.filter(procedure=version.procedure_id, status=ProcedureVersion.Status.PUBLISHED).update(
        status=ProcedureVersion.Status.SUPERSEDED
    )
    version.status = ProcedureVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])
    return version
