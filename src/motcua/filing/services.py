"""Writing drafts and turning a finished draft into a dossier.

A dossier is only ever created by motcua.dossiers.services.submit_online, in the same
transaction as deleting the draft it came from.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import Dossier
from motcua.filing import store, wizard
from motcua.filing.models import Draft, StoredDocument
from motcua.population import services as population
from motcua.text import is_number


def start(*, user, version: ProcedureVersion, agency_id: int) -> Draft:
    """Step 1 done: a new draft with the applicant's profile already in step 2; for a citizen
    whose national ID is verified, the name and permanent address as the population database
    knows them (the look-up is recorded for the purpose of this filing)."""
    applicant = wizard.applicant_from_profile(user)
    data = {"applicant": applicant}
    prefill = population.prefill_for_filing(user=user, procedure=version.procedure, agency=Agency.objects.filter(pk=agency_id).first())
    if prefill is not None:
        data["population"] = prefill
        if prefill["person"]:
            applicant["applicant_name"] = prefill["person"]["full_name"]
            applicant["applicant_address"] = prefill["person"]["permanent_address"]
    return Draft.objects.create(applicant=user, procedure_version=version, agency_id=agency_id, step=2, data=data)


def save_step(draft: Draft, step: int, value) -> Draft:
    key = wizard.STEP_BY_NUMBER[step].key
    if key == "agency":
        draft.agency_id = value
    else:
        draft.data[key] = value
    draft.step = max(draft.step, step + 1)
    draft.save()
    return draft


def _picked(user, pick: str) -> StoredDocument | None:
    """A document chosen instead of an upload: from the store ("s<id>") or one of the
    applicant's results ("r<id>"), only ever their own. Raises ValidationError."""
    if not pick:
        return None
    kind, number = pick[:1], pick[1:]
    if kind == "s" and is_number(number):
        stored = store.stored_documents(user).filter(pk=int(number)).first()
        if stored is None:
            raise ValidationError(_("Không tìm thấy giấy tờ đã chọn trong kho dữ liệu của bạn."))
        return stored
    if kind == "r" and is_number(number):
        result = store.earlier_results(user).filter(pk=int(number)).first()
        if result is None:
            raise ValidationError(_("Không tìm thấy kết quả đã chọn trong hồ sơ của bạn."))
        return store.keep_result(owner=user, result=result)
    raise ValidationError(_("Lựa chọn giấy tờ không hợp lệ."))


@transaction.atomic
def save_documents(draft: Draft, files, posted) -> Draft:
    """Step 4: one file per required document, uploaded or picked from the store. Every
    file is checked before anything is kept: one bad file leaves the draft and the store
    as they were."""
    attached = dict(draft.data.get("documents", {}))
    uploads = []
    errors = {}
    for required in draft.procedure_version.papers_to_attach():
        field = f"doc_{required.pk}"
        try:
            if files.get(field) is not None:
                uploads.append((required, store.checked_upload(files[field], required.name)))
                continue
            picked = _picked(draft.applicant, posted.get(f"pick_{required.pk}", ""))
        except ValidationError as error:
            errors[field] = " ".join(error.messages)
            continue
        if picked is not None:
            attached[str(required.pk)] = picked.pk
        elif required.mandatory and str(required.pk) not in attached:
            errors[field] = _("Hãy tải lên hoặc chọn tệp cho “%(name)s”.") % {"name": required.name}
    if errors:
        transaction.set_rollback(True)
        raise ValidationError(errors)
    for required, upload in uploads:
        attached[str(required.pk)] = store.store_upload(owner=draft.applicant, upload=upload, name=required.name).pk
    return save_step(draft, 4, attached)


def attached_documents(draft: Draft) -> dict[int, StoredDocument]:
    """Required document id → the applicant's own stored document the draft points at."""
    ids = draft.data.get("documents", {})
    owned = store.stored_documents(draft.applicant).in_bulk(ids.values())
    return {int(required): owned[stored] for required, stored in ids.items() if stored in owned}


@transaction.atomic
def submit(draft: Draft, *, actor) -> Dossier:
    """File the dossier and forget the draft, together or not at all."""
    version = draft.procedure_version
    attached = attached_documents(draft)
    documents = [
        dossier_services.DocumentInput(
            required_document=required, originals=required.originals, copies=required.copies, file=attached[required.pk].file
        )
        for required in version.papers_to_attach()
        if required.pk in attached
    ]
    if draft.agency is None:
        raise ValidationError({"agency": _("Hãy chọn nơi nộp hồ sơ.")})
    dossier = dossier_services.submit_online(
        actor=actor,
        procedure_version=version,
        agency=draft.agency,
        applicant=wizard.applicant_info(draft.data.get("applicant", {})),
        form_data=draft.data.get("form", {}),
        documents=documents,
        delivery=draft.data.get("delivery", ""),
    )
    Draft.objects.filter(pk=draft.pk).delete()
    looked_up = (draft.data.get("population") or {}).get("access")
    population.attach_dossier(actor=draft.applicant, access_ids=[looked_up] if looked_up else [], dossier=dossier)
    return dossier
