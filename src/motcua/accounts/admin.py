from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from motcua.accounts import permissions
from motcua.accounts.models import IdentityVerification, PersonalDataAccess, RoleAssignment, SecondFactorReset, User
from motcua.accounts.two_factor import policy as two_factor_policy
from motcua.accounts.two_factor import services as two_factor_services
from motcua.admin_site import AgencyScoped, ReadOnlyInline, ReadOnlyModelAdmin, SiteModelAdmin, site


class RoleAssignmentInline(AgencyScoped, admin.TabularInline):
    model = RoleAssignment
    fields = ["agency", "division", "role"]
    choice_scopes = {"agency": "pk", "division": "agency"}
    extra = 0

    def in_scope(self, request, obj=None):
        # The account admin has already limited which accounts are reachable; the rows
        # themselves are limited by get_queryset and by the agency choices.
        return permissions.may_enter_admin(request.user)

    def get_queryset(self, request):
        # Roles held at agencies outside one's scope are neither shown nor touched.
        return permissions.administered(request.user, super().get_queryset(request), "agency")

    def get_min_num(self, request, obj=None, **kwargs):
        # An official created by an agency admin must hold a role there, or they could not reach it again.
        return 1 if obj is None and not permissions.may_administer(request.user, None) else 0

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, validate_min=True, **kwargs)


class IdentityVerificationInline(ReadOnlyInline):
    """The checks of the account's identifier (citizens.identity), made at a counter or by the
    national e-ID, never by hand here: the identifier of an applicant changes only that way."""

    model = IdentityVerification
    fk_name = "account"
    fields = ["identifier", "method", "at", "official", "agency", "document", "assurance_level"]


@admin.register(User, site=site)
class AccountAdmin(SiteModelAdmin, UserAdmin):
    """Agency admins create officials and manage the roles held in their agencies; only the
    province sees citizens and postal agents, makes superusers and deletes accounts."""

    inlines = [RoleAssignmentInline, IdentityVerificationInline]
    list_display = ["username", "full_name", "kind", "email", "is_active", "is_superuser"]
    list_filter = ["kind", "is_active", "is_superuser", "roles__role"]
    search_fields = ["username", "full_name", "email", "national_id", "tax_code", "phone"]
    ordering = ["username"]
    filter_horizontal = []
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Thông tin cá nhân"), {"fields": ["full_name", "kind", "national_id", "tax_code", "email", "phone", "address"]}),
        (_("Quyền"), {"fields": ["is_active", "is_superuser"]}),
        (_("Thời điểm"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "usable_password", "password1", "password2", "full_name", "kind", "email", "phone"],
            },
        ),
    ]
    province_only_fields = {"kind", "is_superuser"}

    def get_queryset(self, request):
        return permissions.administered_users(request.user, super().get_queryset(request))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if permissions.may_administer(request.user, None):
            return fieldsets
        hidden = set(self.province_only_fields)
        if obj is not None and not permissions.may_administer_account(request.user, obj):
            hidden.add("password")
        return [(name, {**options, "fields": [f for f in options["fields"] if f not in hidden]}) for name, options in fieldsets]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not permissions.may_administer_account(request.user, obj):
            # Naming the password too drops the form's declared password field altogether.
            return [*flatten_fieldsets(self.get_fieldsets(request, obj)), "password"]
        if obj is not None and obj.is_applicant:
            # A number an account claims, or has verified, is never retyped by hand.
            return [*self.readonly_fields, "national_id", "tax_code"]
        return self.readonly_fields

    def get_inlines(self, request, obj):
        return [RoleAssignmentInline] if obj is None or not obj.is_applicant else [IdentityVerificationInline]

    def has_view_permission(self, request, obj=None):
        return permissions.may_enter_admin(request.user)

    def has_add_permission(self, request):
        return permissions.may_enter_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.may_enter_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        # Deleting an account takes the roles it holds elsewhere with it.
        return permissions.may_administer(request.user, None)

    def save_model(self, request, obj, form, change):
        if not change and "kind" not in form.cleaned_data:
            obj.kind = User.Kind.OFFICIAL
        super().save_model(request, obj, form, change)

    def user_change_password(self, request, id, form_url=""):
        if not permissions.may_administer_account(request.user, self.get_object(request, unquote(id))):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    # Two factors for officials (accounts.two_factor): an admin resets a lost factor, with a reason.
    def get_urls(self):
        return [
            path(
                "<path:object_id>/xac-thuc-hai-yeu-to/",
                self.admin_site.admin_view(self.reset_second_factor),
                name="accounts_user_reset_second_factor",
            ),
        ] + super().get_urls()

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["may_reset_second_factor"] = obj is not None and obj.pk != request.user.pk and (
            permissions.may_administer_account(request.user, obj) and two_factor_policy.concerns(obj)
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def reset_second_factor(self, request, object_id):
        official = self.get_object(request, unquote(object_id))
        if official is None or official.pk == request.user.pk or not permissions.may_administer_account(request.user, official):
            raise PermissionDenied
        form = SecondFactorResetForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                two_factor_services.reset(actor=request.user, official=official, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error("reason", error)
            else:
                messages.success(request, _("Đã đặt lại xác thực hai yếu tố của %(official)s; cán bộ đã được thông báo.") % {"official": official})
                return HttpResponseRedirect(reverse("admin:accounts_user_change", args=[official.pk]))
        title = _("Đặt lại xác thực hai yếu tố")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": official,
            "title": f"{title}: {official}",
            "form": form,
            "submit_label": title,
        }
        return TemplateResponse(request, "admin/motcua/agency_action_form.html", context)


class SecondFactorResetForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do đặt lại"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc, được lưu lại: ví dụ cán bộ mất điện thoại, đã đối chiếu trực tiếp với cán bộ."),
    )


@admin.register(SecondFactorReset, site=site)
class SecondFactorResetAdmin(ReadOnlyModelAdmin):
    """Every reset of an official's second factors: for the province, and for each agency admin
    over the officials they manage."""

    list_display = ["at", "official", "reset_by", "reason"]
    search_fields = ["official__username", "official__full_name", "reason"]
    date_hierarchy = "at"
    list_select_related = ["official", "reset_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(official__in=permissions.administered_users(request.user, User.objects.all()))

    def has_view_permission(self, request, obj=None):
        return permissions.may_enter_admin(request.user)


@admin.register(PersonalDataAccess, site=site)
class PersonalDataAccessAdmin(ReadOnlyModelAdmin):
    """Who read whose details by their ID number, when, where and why: for the province and
    for each agency's admin over the look-ups made at their agencies."""

    list_display = ["at", "official", "agency", "subject", "purpose", "source", "found", "procedure", "dossier"]
    list_filter = ["purpose", "source", "agency"]
    search_fields = ["subject", "official__username", "official__full_name", "dossier__code"]
    date_hierarchy = "at"
    list_select_related = ["official", "agency", "procedure", "dossier"]

    def get_queryset(self, request):
        return permissions.administered(request.user, super().get_queryset(request), "agency")
