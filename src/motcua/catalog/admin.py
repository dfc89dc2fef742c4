from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Exists, OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from motcua.admin_site import AgencyScoped, ReadOnlyInline, ScopedModelAdmin, SiteModelAdmin, site
from motcua.catalog import blank_forms, services
from motcua.catalog.models import Fee, Field, Procedure, ProcedureVersion, ProcessStep, RequiredDocument
from motcua.nationalportal.models import NationalProcedure
from motcua.uploads import BLANK_FORMS, accepted_text, check_document


def start_new_version(request, procedure: Procedure) -> ProcedureVersion | None:
    """The draft to edit next, with messages saying whether it is new; None when there is nothing to copy."""
    existing = procedure.draft_version()
    try:
        draft = services.start_new_version(procedure=procedure)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, f"{procedure.code}: {message}")
        return None
    values = {"number": draft.number, "code": procedure.code}
    if existing:
        messages.info(request, _("Thủ tục %(code)s đang có bản nháp phiên bản %(number)s: tiếp tục sửa bản nháp này.") % values)
    else:
        messages.success(request, _("Đã tạo bản nháp phiên bản %(number)s của thủ tục %(code)s.") % values)
    return draft


def publish(request, version: ProcedureVersion) -> None:
    """Publish, or list in Vietnamese what stops it (services.process_problems)."""
    values = {"number": version.number, "code": version.procedure.code}
    try:
        services.publish_version(version=version)
    except ValidationError as error:
        messages.error(request, _("Chưa công bố được phiên bản %(number)s của thủ tục %(code)s:") % values)
        for problem in error.messages:
            messages.error(request, problem)
    else:
        messages.success(request, _("Đã công bố phiên bản %(number)s của thủ tục %(code)s.") % values)


@admin.register(Field, site=site)
class FieldAdmin(SiteModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


class VersionInline(ReadOnlyInline):
    model = ProcedureVersion
    fields = ["number", "name", "status", "published_at"]
    show_change_link = True


class NationalListingFilter(admin.SimpleListFilter):
    """Whether the national procedure database lists the code: the portal refuses to
    synchronise the dossiers of a procedure it does not (nationalportal.catalog)."""

    title = gettext_lazy("CSDL quốc gia về TTHC")
    parameter_name = "csdl_quoc_gia"

    def lookups(self, request, model_admin):
        return [("co", gettext_lazy("Có")), ("khong", gettext_lazy("Không có"))]

    def queryset(self, request, queryset):
        listed = NationalProcedure.objects.filter(listed=True).values("code")
        if self.value() == "co":
            return queryset.filter(code__in=listed)
        if self.value() == "khong":
            return queryset.exclude(code__in=listed) if NationalProcedure.objects.exists() else queryset.none()
        return queryset


@admin.register(Procedure, site=site)
class ProcedureAdmin(ScopedModelAdmin):
    agency_lookup = "owner"
    choice_scopes = {"owner": "pk"}
    list_display = ["code", "latest_name", "owner", "national_listing"]
    list_filter = [NationalListingFilter]
    list_select_related = ["owner"]
    search_fields = ["code", "versions__name"]
    fields = ["code", "owner", "eid_level_required"]
    inlines = [VersionInline]
    actions = ["start_new_versions"]

    def get_queryset(self, request):
        latest = ProcedureVersion.objects.filter(procedure=OuterRef("pk")).order_by("-number").values("name")[:1]
        return (
            super()
            .get_queryset(request)
            .annotate(
                latest_name=Subquery(latest),
                national_listed=Exists(NationalProcedure.objects.filter(code=OuterRef("code"), listed=True)),
                national_list_read=Exists(NationalProcedure.objects.all()),
            )
        )

    @admin.display(description=gettext_lazy("tên thủ tục"), ordering="latest_name")
    def latest_name(self, procedure):
        return procedure.latest_name

    @admin.display(description=gettext_lazy("CSDL quốc gia về TTHC"))
    def national_listing(self, procedure):
        if procedure.national_listed:
            return _("Có")
        if not procedure.national_list_read:
            return _("Chưa đối chiếu")
        return format_html('<strong class="errornote">{}</strong>', _("Không có: hồ sơ không đồng bộ được lên Cổng"))

    @admin.action(description=gettext_lazy("Tạo phiên bản mới cho các thủ tục đã chọn"), permissions=["change"])
    def start_new_versions(self, request, queryset):
        for procedure in queryset:
            start_new_version(request, procedure)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/new-version/",
                self.admin_site.admin_view(self.new_version_view),
                name="catalog_procedure_new_version",
            ),
        ] + super().get_urls()

    @method_decorator(require_POST)
    def new_version_view(self, request, object_id):
        procedure = self.get_object(request, object_id)
        if not self.has_change_permission(request, procedure):
            raise PermissionDenied
        draft = start_new_version(request, procedure)
        if draft is None:
            return HttpResponseRedirect(reverse("admin:catalog_procedure_change", args=[procedure.pk]))
        return HttpResponseRedirect(reverse("admin:catalog_procedureversion_change", args=[draft.pk]))


class ChoicesField(forms.MultipleChoiceField):
    """A list of choices stored in a JSONField (levels, deliveries), shown as checkboxes."""

    widget = forms.CheckboxSelectMultiple


class ProcedureVersionForm(forms.ModelForm):
    levels = ChoicesField(label=gettext_lazy("Cấp thực hiện"), choices=ProcedureVersion.Level.choices)
    deliveries = ChoicesField(label=gettext_lazy("Hình thức nhận kết quả"), choices=ProcedureVersion.Delivery.choices)

    class Meta:
        model = ProcedureVersion
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin's fieldsets decide what is shown

    def clean_procedure(self):
        procedure = self.cleaned_data["procedure"]
        # Later versions start as a copy of the one in force, with its documents, fees and steps.
        if procedure.versions.exists():
            raise ValidationError(
                _("Thủ tục %(code)s đã có phiên bản: dùng nút “Tạo phiên bản mới” của thủ tục.") % {"code": procedure.code}
            )
        return procedure


class VersionPartInline(AgencyScoped, admin.TabularInline):
    """Documents, fees and steps: editable while their version is a draft, read-only after."""

    agency_lookup = "procedure__owner"
    extra = 0

    def is_frozen(self, version):
        return not version.is_editable


def blank_form_url(document: RequiredDocument) -> str:
    """The administration's own download of a document's blank form, in any state of its version:
    a stored file has no address of its own."""
    return reverse("admin:catalog_procedureversion_blank_form", args=[document.version_id, document.pk])


@dataclass(frozen=True)
class StoredFileLink:
    """What the file input shows as the current file: a link and its text."""

    url: str
    text: str

    def __str__(self) -> str:
        return self.text


class BlankFormInput(AdminFileWidget):
    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"]:
            context["widget"]["value"] = StoredFileLink(blank_form_url(value.instance), blank_forms.shown_name(value.instance))
        return context


class RequiredDocumentForm(forms.ModelForm):
    class Meta:
        model = RequiredDocument
        fields = ["order", "name", "originals", "copies", "mandatory", "declaration", "template"]
        widgets = {"template": BlankFormInput}
        help_texts = {"template": lazy(accepted_text, str)(BLANK_FORMS)}

    def clean_template(self):
        template = self.cleaned_data["template"]
        if isinstance(template, UploadedFile):
            check_document(template, self.cleaned_data.get("name") or template.name[:100], accepted=BLANK_FORMS)
        return template


class RequiredDocumentInline(VersionPartInline):
    model = RequiredDocument
    form = RequiredDocumentForm
    fields = ["order", "name", "originals", "copies", "mandatory", "declaration", "template"]

    # A read-only version links its blank forms to the administration's download, as the input does.
    def get_fields(self, request, obj=None):
        frozen = obj is not None and self.is_frozen(obj)
        return [("template_file" if frozen and field == "template" else field) for field in self.fields]

    def get_readonly_fields(self, request, obj=None):
        return ["template_file"] if obj is not None and self.is_frozen(obj) else []

    @admin.display(description=gettext_lazy("mẫu đơn, tờ khai"))
    def template_file(self, document):
        if not document.template:
            return "–"
        return format_html('<a href="{}">{}</a>', blank_form_url(document), blank_forms.shown_name(document))


class FeeInline(VersionPartInline):
    model = Fee
    fields = ["name", "amount", "unit", "pages_field", "copies_field", "later_pages_from", "later_page_amount", "max_per_copy", "note"]


class ProcessStepInline(VersionPartInline):
    model = ProcessStep
    fields = ["order", "kind", "name", "role", "division_code", "quota", "transfer_level"]


@admin.register(ProcedureVersion, site=site)
class ProcedureVersionAdmin(ScopedModelAdmin):
    """Drafts are edited here; published and superseded versions are read-only, as dossiers were filed under them."""

    form = ProcedureVersionForm
    agency_lookup = "procedure__owner"
    choice_scopes = {"procedure": "owner", "agencies": "pk"}
    list_display = ["procedure_code", "number", "name", "status", "field", "online_mode", "published_at"]
    list_select_related = ["procedure", "field"]
    list_filter = ["status", "field", "online_mode"]
    search_fields = ["name", "procedure__code"]
    filter_horizontal = ["agencies"]
    inlines = [RequiredDocumentInline, FeeInline, ProcessStepInline]
    actions = ["publish_versions"]
    fieldsets = [
        (None, {"fields": ["procedure", "number", "status", "name", "field"]}),
        (gettext_lazy("Thực hiện"), {"fields": ["levels", "agencies", "online_mode", "deliveries"]}),
        (gettext_lazy("Thời hạn giải quyết"), {"fields": ["legal_time", "time_unit"]}),
        (gettext_lazy("Nội dung"), {"fields": ["legal_basis", "requirements", "result_description"]}),
        (gettext_lazy("Mẫu đơn trực tuyến"), {"classes": ["collapse"], "fields": ["form_schema"]}),
        (gettext_lazy("Thời điểm"), {"fields": ["created_at", "published_at"]}),
    ]
    # A read-only version shows choice lists by their Vietnamese labels rather than as JSON.
    frozen_displays = {"levels": "level_names", "deliveries": "delivery_names"}

    def is_frozen(self, version):
        return not version.is_editable

    def get_fieldsets(self, request, obj=None):
        if obj is None or not self.is_frozen(obj):
            return self.fieldsets
        return [
            (name, {**options, "fields": [self.frozen_displays.get(f, f) for f in options["fields"]]})
            for name, options in self.fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fixed = ["number", "status", "created_at", "published_at"]
        return fixed if obj is None else ["procedure", *fixed]

    @admin.display(description=gettext_lazy("mã thủ tục"), ordering="procedure__code")
    def procedure_code(self, version):
        return version.procedure.code

    @admin.display(description=gettext_lazy("cấp thực hiện"))
    def level_names(self, version):
        return ", ".join(str(ProcedureVersion.Level(level).label) for level in version.levels)

    @admin.display(description=gettext_lazy("hình thức nhận kết quả"))
    def delivery_names(self, version):
        return ", ".join(str(ProcedureVersion.Delivery(delivery).label) for delivery in version.deliveries)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.number = 1  # The form admits only procedures without versions.
        super().save_model(request, obj, form, change)

    @admin.action(description=gettext_lazy("Công bố các bản nháp đã chọn"), permissions=["change"])
    def publish_versions(self, request, queryset):
        for version in queryset.select_related("procedure"):
            publish(request, version)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["may_publish"] = self.has_change_permission(request, obj)
            context["may_start_version"] = obj.status == ProcedureVersion.Status.PUBLISHED and self.in_scope(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="catalog_procedureversion_publish",
            ),
            path(
                "<path:object_id>/mau-don/<int:document_id>/",
                self.admin_site.admin_view(self.blank_form_view),
                name="catalog_procedureversion_blank_form",
            ),
        ] + super().get_urls()

    def blank_form_view(self, request, object_id, document_id):
        version = self.get_object(request, object_id)  # 404 outside the user's agencies
        return blank_forms.download(get_object_or_404(version.documents, pk=document_id))

    @method_decorator(require_POST)
    def publish_view(self, request, object_id):
        version = self.get_object(request, object_id)
        if not self.in_scope(request, version):
            raise PermissionDenied
        publish(request, version)
        return HttpResponseRedirect(reverse("admin:catalog_procedureversion_change", args=[version.pk]))
