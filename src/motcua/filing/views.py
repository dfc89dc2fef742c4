"""Online filing, step by step. Views only read the request and render; the checks live in
motcua.filing.wizard and the writes in motcua.filing.services."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts import permissions
from motcua.agencies import choices
from motcua.catalog import fees, formschema
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier
from motcua.eid import client as eid_client
from motcua.eid import levels as eid_levels
from motcua.eid import sessions as eid_sessions
from motcua.filing import services, store, wizard
from motcua.filing.models import Draft
from motcua.payments.services import payment_refusal
from motcua.population import services as population


def applicants_only(view):
    """Signed-in citizens and organisations; anyone else is told why they cannot file."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_applicant:
            return render(request, "filing/not_applicant.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def _own_draft(request, pk: int) -> Draft:
    return get_object_or_404(
        Draft.objects.select_related("procedure_version__procedure", "agency"), pk=pk, applicant=request.user
    )


def _open_version(code: str) -> ProcedureVersion:
    procedure = get_object_or_404(Procedure, code=code)
    version = procedure.current_version()
    if version is None:
        raise Http404(_("Thủ tục này hiện không còn áp dụng."))
    return version


def _eid_level_missing(request, procedure: Procedure, back: str):
    """The page asking for a sign-in at the national e-ID, when the procedure requires a level
    the session has not reached; None when it has."""
    required = procedure.eid_level_required
    reached = eid_sessions.reached_level(request)
    if eid_levels.satisfies(reached, required):
        return None
    return render(request, "filing/eid_level_required.html", {
        "required": eid_levels.label(required), "reached": eid_levels.label(reached) if reached else "",
        "sign_in_url": eid_sessions.sign_in_url(required, back), "eid_enabled": eid_client.enabled(),
    }, status=403)


@applicants_only
def start(request, code: str):
    """Step 1, before any draft exists: choosing where to file creates the draft."""
    version = _open_version(code)
    if version.online_mode == ProcedureVersion.OnlineMode.COUNTER:
        return render(request, "filing/counter_only.html", {"version": version})
    missing = _eid_level_missing(request, version.procedure, request.path)
    if missing is not None:
        return missing
    existing = Draft.objects.filter(applicant=request.user, procedure_version=version).first()
    if existing and request.method == "GET":
        messages.info(request, _("Bạn đang có bản nháp của thủ tục này; tiếp tục từ bước đã lưu."))
        return redirect("filing:step", pk=existing.pk, step=existing.step)
    errors = {}
    if request.method == "POST":
        try:
            agency_id = wizard.clean_agency(version, request.POST)
        except ValidationError as error:
            errors = error.message_dict
        else:
            # A second tab sending step 1 again carries on with the same draft.
            draft = services.save_step(existing, 1, agency_id) if existing else services.start(
                user=request.user, version=version, agency_id=agency_id
            )
            return redirect("filing:step", pk=draft.pk, step=draft.step)
    return _render_step(request, None, version, 1, errors, {})


@applicants_only
def step(request, pk: int, step: int):
    draft = _own_draft(request, pk)
    if step not in wizard.STEP_BY_NUMBER or step > draft.step:
        return redirect("filing:step", pk=draft.pk, step=draft.step)
    if draft.is_outdated:
        current = draft.procedure_version.procedure.current_version()
        return render(request, "filing/outdated.html", {"draft": draft, "current": current})
    version = draft.procedure_version
    if request.method != "POST":
        return _render_step(request, draft, version, step, {}, _saved_values(draft, step))
    if step == wizard.LAST_STEP:
        if not request.POST.get("cam_doan"):
            errors = {"cam_doan": [_("Hãy đánh dấu lời cam đoan trước khi nộp hồ sơ.")]}
            return _render_step(request, draft, version, step, errors, request.POST, status=400)
        missing = _eid_level_missing(request, version.procedure, request.path)
        return missing or _submit(request, draft)
    try:
        if step == 4:
            services.save_documents(draft, request.FILES, request.POST)
        else:
            services.save_step(draft, step, _clean(step, version, request.POST, request.user))
    except ValidationError as error:
        return _render_step(request, draft, version, step, error.message_dict, request.POST, status=400)
    return redirect("filing:step", pk=draft.pk, step=step + 1)


def _clean(step: int, version: ProcedureVersion, posted, user):
    return {
        1: wizard.clean_agency, 2: lambda _version, data: wizard.clean_applicant(data, user),
        3: wizard.clean_form, 5: wizard.clean_delivery,
    }[step](version, posted)


def _saved_values(draft: Draft, step: int) -> dict:
    if step == 1:
        return {"agency": str(draft.agency_id or "")}
    if step == 5:
        return {"delivery": draft.data.get("delivery", "")}
    return draft.data.get(wizard.STEP_BY_NUMBER[step].key, {})


def _submit(request, draft: Draft):
    try:
        dossier = services.submit(draft, actor=request.user)
    except lifecycle.Refused as refusal:
        return render(request, "filing/not_applicant.html", {"reason": " ".join(refusal.messages)}, status=403)
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        first = min(wizard.step_of_error(key, draft.procedure_version) for key in errors)
        for messages_of_key in errors.values():
            for message in messages_of_key:
                messages.error(request, message)
        return redirect("filing:step", pk=draft.pk, step=first)
    return redirect("filing:submitted", code=dossier.code)


def _agency_choice(user, version: ProcedureVersion, values) -> dict:
    """The agencies grouped by district, the one chosen before or else the one serving the
    address in the applicant's profile (or the only one) preselected."""
    groups = choices.grouped(wizard.offered_agencies(version))
    offered = [choice for group in groups for choice in group.choices]
    selected = values.get("agency") or ""
    preselected = None
    if not selected:
        preselected = offered[0] if len(offered) == 1 else choices.serving(groups, user.address)
        selected = str(preselected.pk) if preselected else ""
    return {"groups": groups, "offered": len(offered), "selected": selected, "preselected": preselected}


def _render_step(request, draft, version, number, errors, values, status=200):
    context = {
        "draft": draft, "version": version, "steps": wizard.STEPS, "current": wizard.STEP_BY_NUMBER[number],
        "reached": draft.step if draft else 1, "errors": errors, "values": values,
    }
    if number == 1:
        context.update(_agency_choice(request.user, version, values))
    elif number == 2:
        locked = wizard.eid_applicant_fields(request.user)
        profile = wizard.applicant_from_profile(request.user)
        context["locked"] = {name: True for name in locked}
        context["values"] = {**values, **{name: profile[name] for name in locked}}
        if draft is not None and draft.data.get("population"):
            context["population"] = {"person": population.kept_person(draft.data["population"]), "message": draft.data["population"]["message"]}
    elif number == 3:
        context["fields"] = wizard.form_fields(version, values, {k: " ".join(v) for k, v in errors.items()})
    elif number == 4:
        attached = services.attached_documents(draft)
        context["documents"] = [
            {"required": r, "attached": attached.get(r.pk), "error": " ".join(errors.get(f"doc_{r.pk}", []))}
            for r in version.papers_to_attach()
        ]
        context["declarations"] = _declaration_papers(version)
        context["stored"] = store.stored_documents(request.user)
        context["results"] = store.earlier_results(request.user)
    elif number == 5:
        context["deliveries"] = [(value, ProcedureVersion.Delivery(value).label) for value in version.deliveries]
    elif number == 6:
        context["review"] = _review(draft)
    return render(request, f"filing/step_{wizard.STEP_BY_NUMBER[number].key}.html", context, status=status)


def _declaration_papers(version: ProcedureVersion) -> list:
    """The papers the online form stands for: listed, not asked for."""
    return list(version.documents.filter(declaration=True)) if version.has_online_form else []


def _review(draft: Draft) -> dict:
    version = draft.procedure_version
    form = draft.data.get("form", {})
    attached = services.attached_documents(draft)
    return {
        "applicant": draft.data.get("applicant", {}),
        "form": formschema.answers(version.form_schema, form),
        "documents": [(r.name, attached.get(r.pk)) for r in version.papers_to_attach()],
        "declarations": _declaration_papers(version),
        "delivery": ProcedureVersion.Delivery(draft.data["delivery"]).label if draft.data.get("delivery") else "",
        "fees": wizard.fee_summary(version, form),
    }


@applicants_only
def drafts(request):
    return render(request, "filing/drafts.html", {
        "drafts": Draft.objects.filter(applicant=request.user).select_related("procedure_version__procedure", "agency"),
        "steps": wizard.STEP_BY_NUMBER,
    })


@require_POST
@applicants_only
def restart(request, pk: int):
    """A draft of a version no longer in force: start again on the current version."""
    draft = _own_draft(request, pk)
    code = draft.procedure_version.procedure.code
    draft.delete()
    return redirect("filing:start", code=code)


@applicants_only
def submitted(request, code: str):
    dossier = get_object_or_404(
        permissions.visible_dossiers(request.user, Dossier.objects.select_related("procedure_version")), code=code
    )
    found = fees.dossier_statement(dossier)
    return render(request, "filing/submitted.html", {
        "dossier": dossier,
        "fee_lines": found.charged if found else (),
        # A fee due at filing: offered to pay it now, when it is paid online.
        "may_pay": dossier.fee_outstanding > 0 and payment_refusal(request.user, dossier) is None,
    })


@applicants_only
def stored_file(request, pk: int):
    """A paper from the applicant's own store; anyone else's is not found."""
    document = get_object_or_404(store.stored_documents(request.user), pk=pk)
    return FileResponse(document.file.open("rb"), filename=f"{document.name}.{document.kind}")
