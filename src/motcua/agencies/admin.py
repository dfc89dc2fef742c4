from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts import permissions
from motcua.admin_site import AgencyScoped, ReadOnlyInline, ScopedModelAdmin, site
from motcua.agencies import services
from motcua.agencies.models import Agency, AgencyChange, Division


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} – {obj.name}"


class AgencyActionForm(forms.Form):
    """A change to the agency tree; `apply` hands it to agencies.services, which records history."""

    note = forms.CharField(label=gettext_lazy("Ghi chú, căn cứ"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, agency: Agency, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency, self.user = agency, user

    def scope(self):
        return permissions.administered(self.user, Agency.objects.filter(is_active=True)).exclude(pk=self.agency.pk)


class RenameForm(AgencyActionForm):
    name = forms.CharField(label=gettext_lazy("Tên mới"), max_length=255)
    short_name = forms.CharField(label=gettext_lazy("Tên viết tắt mới"), max_length=50)
    code = forms.CharField(
        label=gettext_lazy("Mã định danh mới"),
        max_length=20,
        help_text=gettext_lazy("Hồ sơ đã cấp mã giữ nguyên mã cũ."),
    )
    field_order = ["name", "short_name", "code", "note"]

    def __init__(self, *args, agency, **kwargs):
        kwargs.setdefault("initial", {"name": agency.name, "short_name": agency.short_name, "code": agency.code})
        super().__init__(*args, agency=agency, **kwargs)

    def apply(self):
        return services.rename_agency(agency=self.agency, actor=self.user, **self.cleaned_data)


class MoveForm(AgencyActionForm):
    parent = AgencyChoiceField(label=gettext_lazy("Cơ quan cấp trên mới"), queryset=Agency.objects.none())
    field_order = ["parent", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = self.scope()
        # Only the province may hold top-level agencies.
        self.fields["parent"].required = not permissions.may_administer(self.user, None)

    def apply(self):
        return services.move_agency(agency=self.agency, actor=self.user, **self.cleaned_data)


class MergeForm(AgencyActionForm):
    target = AgencyChoiceField(
        label=gettext_lazy("Sáp nhập vào"),
        queryset=Agency.objects.none(),
        help_text=gettext_lazy("Đơn vị cấp dưới, phòng ban, cán bộ, thủ tục và hồ sơ đang xử lý chuyển sang cơ quan này."),
    )
    field_order = ["target", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = self.scope()

    def apply(self):
        return services.merge_agency(source=self.agency, actor=self.user, **self.cleaned_data)


class DivisionInline(AgencyScoped, admin.TabularInline):
    model = Division
    agency_lookup = "pk"
    fields = ["code", "name", "is_one_stop_desk", "is_active"]
    extra = 0


class AgencyChangeInline(ReadOnlyInline):
    model = AgencyChange
    fields = ["at", "kind", "before", "after", "by", "note"]


@admin.register(Agency, site=site)
class AgencyAdmin(ScopedModelAdmin):
    """Code, name and parent change only through the rename/move/merge pages, so that each
    change is recorded in AgencyChange; activity ends only by merging."""

    agency_lookup = "pk"
    choice_scopes = {"parent": "pk"}
    list_display = ["code", "name", "short_name", "level", "parent", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["code", "name", "short_name"]
    list_select_related = ["parent"]
    fields = ["code", "name", "short_name", "level", "parent", "address", "phone", "email", "is_active", "merged_into"]
    inlines = [DivisionInline, AgencyChangeInline]
    actions = None
    action_forms = {
        "rename": (RenameForm, gettext_lazy("Đổi tên, mã định danh")),
        "move": (MoveForm, gettext_lazy("Chuyển cấp trên")),
        "merge": (MergeForm, gettext_lazy("Sáp nhập")),
    }

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["is_active", "merged_into"]
        return ["code", "name", "short_name", "parent", "is_active", "merged_into"]

    def get_inlines(self, request, obj):
        # A new agency gets its one-stop desk from create_agency; other divisions come after.
        return self.inlines if obj else []

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None and "parent" in form.base_fields:
            form.base_fields["parent"].required = not permissions.may_administer(request.user, None)
        return form

    def has_delete_permission(self, request, obj=None):
        # Agencies are merged, never deleted: their history and dossiers stay.
        return False

    def save_model(self, request, obj, form, change):
        if change:
            # Only what the form edits: a rename or move made meanwhile must not be overwritten.
            obj.save(update_fields=list(form.base_fields))
            return
        created = services.create_agency(
            actor=request.user, **{name: value for name, value in form.cleaned_data.items() if name in self.fields}
        )
        # The admin goes on to log and redirect with the object it built: give it the saved row.
        obj.pk, obj._state.adding = created.pk, False

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.is_active:
            context["agency_actions"] = [(name, label) for name, (_form, label) in self.action_forms.items()]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        return [
            path(
                f"<path:object_id>/{name}/",
                self.admin_site.admin_view(self.agency_action_view),
                {"action": name},
                name=f"{self.opts.app_label}_{self.opts.model_name}_{name}",
            )
            for name in self.action_forms
        ] + super().get_urls()

    def agency_action_view(self, request, object_id, action):
        agency = self.get_object(request, object_id)
        if not self.has_change_permission(request, agency) or not agency.is_active:
            raise PermissionDenied
        form_class, title = self.action_forms[action]
        form = form_class(request.POST if request.method == "POST" else None, agency=agency, user=request.user)
        if form.is_valid():
            try:
                form.apply()
            except ValidationError as error:
                # The service validates the whole agency: show each message by its field when the form has one.
                errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
                for field, messages_ in errors.items():
                    form.add_error(field if field in form.fields else None, messages_)
            else:
                messages.success(request, _("Đã ghi nhận: %(action)s – %(agency)s.") % {"action": title, "agency": agency})
                return HttpResponseRedirect(reverse("admin:agencies_agency_change", args=[agency.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": agency,
            "title": f"{title}: {agency}",
            "form": form,
            "submit_label": title,
        }
        return TemplateResponse(request, "admin/motcua/agency_action_form.html", context)
