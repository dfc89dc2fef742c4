"""One small form per lifecycle transition, asking exactly the inputs that transition takes.

`arguments()` gives the keyword arguments of the lifecycle function of the same name; the
choices offered (handlers, agencies, steps) only help the user pick: the lifecycle still
checks every input itself.
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.agencies.models import Agency
from motcua.catalog import fees
from motcua.catalog.models import ProcedureVersion, ProcessStep
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier
from motcua.text import vnd

NOTE_WIDGET = forms.Textarea(attrs={"rows": 2})


class ActionForm(forms.Form):
    def __init__(self, *args, dossier: Dossier, **kwargs):
        self.dossier = dossier
        super().__init__(*args, **kwargs)

    def arguments(self) -> dict:
        return dict(self.cleaned_data)


class NoteForm(ActionForm):
    note = forms.CharField(label=_("Ý kiến"), required=False, widget=NOTE_WIDGET)


PEOPLE_SHOWN = 3


def destination(dossier: Dossier) -> dict | None:
    """Where completing the current step sends the dossier: the next step, the division or
    agency that does it and who (the assigned handler, or those holding the step's role)."""
    step = lifecycle.next_step(dossier)
    if step is None:
        return None
    if step.kind == ProcessStep.Kind.RETURN:
        return {"step": step.name, "place": dossier.receiving_agency.name, "people": ""}
    division = lifecycle.division_for(dossier, step)
    if step.kind == ProcessStep.Kind.PROCESSING and dossier.assignee_id:
        names = [str(dossier.assignee)]
    else:
        holders = RoleAssignment.objects.filter(
            agency=dossier.current_agency_id, role=step.role, user__is_active=True, user__kind=User.Kind.OFFICIAL
        )
        if division is not None:
            holders = holders.filter(models.Q(division=division) | models.Q(division__isnull=True))
        users = User.objects.filter(pk__in=holders.values("user")).order_by("full_name", "username")
        names = [str(user) for user in users[: PEOPLE_SHOWN + 1]]
    people = ", ".join(names[:PEOPLE_SHOWN]) + (" …" if len(names) > PEOPLE_SHOWN else "")
    return {"step": step.name, "place": division.name if division else dossier.current_agency.name, "people": people}


class StepForm(NoteForm):
    """Completing the current step: the form says where the dossier goes next."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.destination = destination(self.dossier)


class RequiredNoteForm(ActionForm):
    note = forms.CharField(label=_("Nội dung"), widget=NOTE_WIDGET)


class ReasonForm(ActionForm):
    reason = forms.CharField(label=_("Lý do"), widget=NOTE_WIDGET)


class HandlerChoiceForm(NoteForm):
    field_order = ["assignee", "note"]
    assignee = forms.ModelChoiceField(label=_("Chuyên viên thụ lý"), queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = (
            User.objects.filter(
                is_active=True,
                kind=User.Kind.OFFICIAL,
                roles__agency=self.dossier.current_agency_id,
                roles__role=Role.HANDLER,
            )
            .distinct()
            .order_by("full_name", "username")
        )


class ReassignForm(HandlerChoiceForm):
    """Another handler than the one the dossier is given to."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = self.fields["assignee"].queryset.exclude(pk=self.dossier.assignee_id)


class TransferForm(NoteForm):
    field_order = ["to_agency", "note"]
    to_agency = forms.ModelChoiceField(label=_("Cơ quan nhận liên thông"), queryset=Agency.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        level = self.dossier.current_step.transfer_level if self.dossier.current_step else ""
        levels = [Agency.Level.PROVINCE, Agency.Level.DEPARTMENT] if level == ProcedureVersion.Level.PROVINCE else [level]
        self.fields["to_agency"].queryset = Agency.objects.filter(is_active=True, level__in=levels).exclude(
            pk=self.dossier.current_agency_id
        )


class SendBackForm(RequiredNoteForm):
    field_order = ["to_step", "note"]
    to_step = forms.ModelChoiceField(
        label=_("Trả về bước"), queryset=ProcessStep.objects.none(), required=False, empty_label=_("Bước liền trước")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        step = self.dossier.current_step
        self.fields["note"].label = _("Lý do trả lại")
        self.fields["to_step"].queryset = self.dossier.procedure_version.steps.filter(
            order__lt=step.order if step else 0
        ).exclude(kind=ProcessStep.Kind.RECEPTION)


class SupplementRequestForm(ActionForm):
    items = forms.CharField(
        label=_("Giấy tờ, nội dung cần bổ sung (mỗi dòng một mục)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = forms.CharField(label=_("Lý do"), widget=NOTE_WIDGET)

    def arguments(self) -> dict:
        return {"items": self.cleaned_data["items"].splitlines(), "reason": self.cleaned_data["reason"]}


class ExtensionForm(ActionForm):
    new_promised_at = forms.DateTimeField(
        label=_("Thời hạn hẹn trả mới"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    reason = forms.CharField(label=_("Lý do xin gia hạn"), widget=NOTE_WIDGET)


class FeesForm(ActionForm):
    """The counter takes exactly what is still owed; the help says how it was reckoned."""

    amount = forms.IntegerField(label=_("Số tiền thu (đồng)"), min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].initial = self.dossier.fee_outstanding or None
        found = fees.dossier_statement(self.dossier)
        how = "; ".join(f"{line.name}: {line.how}" for line in found.charged) if found else ""
        owed = _("Còn phải nộp %(amount)s.") % {"amount": vnd(self.dossier.fee_outstanding)}
        self.fields["amount"].help_text = f"{how}. {owed}" if how else owed


class PostalAgentForm(NoteForm):
    field_order = ["postal_agent", "note"]
    postal_agent = forms.ModelChoiceField(label=_("Nhân viên bưu điện"), queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postal_agent"].queryset = User.objects.filter(kind=User.Kind.POSTAL, is_active=True).order_by(
            "full_name", "username"
        )


class ReturnForm(NoteForm):
    """Who takes the result at the counter: the applicant by default, or their representative."""

    field_order = ["collected_by", "collected_id_number", "note"]
    collected_by = forms.CharField(label=_("Họ tên người nhận kết quả"), max_length=255)
    collected_id_number = forms.CharField(label=_("Số định danh / mã số thuế người nhận"), max_length=14)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.dossier.delivery == ProcedureVersion.Delivery.ONLINE:
            del self.fields["collected_by"], self.fields["collected_id_number"]
        else:
            self.fields["collected_by"].initial = self.dossier.representative or self.dossier.applicant_name
            self.fields["collected_id_number"].initial = self.dossier.applicant_id_number


FORMS: dict[str, type[ActionForm]] = {
    "receive": NoteForm,
    "refuse": ReasonForm,
    "hand_over": StepForm,
    "assign": HandlerChoiceForm,
    "process": StepForm,
    "review": StepForm,
    "approve": StepForm,
    "transfer": TransferForm,
    "return_transfer": StepForm,
    "collect_fees": FeesForm,
    "entrust_to_post": PostalAgentForm,
    "postal_collect": NoteForm,
    "return_result": ReturnForm,
    "request_supplement": SupplementRequestForm,
    "supplement": NoteForm,
    "request_obligation": RequiredNoteForm,
    "fulfil_obligation": NoteForm,
    "send_back": SendBackForm,
    "reassign": ReassignForm,
    "extend": ExtensionForm,
    "withdraw": ReasonForm,
    "stop": ReasonForm,
}


def action_form(name: str, dossier: Dossier, data=None) -> ActionForm:
    return FORMS[name](data, dossier=dossier, prefix=name)


def has_choices(form: ActionForm) -> bool:
    """False when a choice the form requires has nothing to choose from (no other handler to
    reassign to, no agency to transfer to): such a form is not offered."""
    return all(
        field.queryset.exists()
        for field in form.fields.values()
        if isinstance(field, forms.ModelChoiceField) and field.required
    )
