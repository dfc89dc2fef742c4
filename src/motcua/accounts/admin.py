from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from motcua.accounts import permissions
from motcua.accounts.models import IdentityVerification, PersonalDataAccess, RoleAssignment, User
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
