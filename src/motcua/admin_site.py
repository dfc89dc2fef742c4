"""The administration site at /quan-tri/ and the base classes every model admin builds on.

Who may enter and what each user sees is decided in accounts/permissions.py; the classes
here only ask. Entry does not depend on Django's is_staff flag or model permissions:
officials holding the agency-admin role come in, the province superuser too, nobody else.
Apps register their admins on `site` (``@admin.register(Model, site=site)``).
"""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts import permissions
from motcua.accounts.signin import LimitedSignIn


class LoginForm(LimitedSignIn, AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": gettext_lazy(
            "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản không có quyền quản trị."
        ),
    }

    def confirm_login_allowed(self, user):
        # Skip AdminAuthenticationForm's is_staff test: the roles decide, not the flag.
        AuthenticationForm.confirm_login_allowed(self, user)
        if not permissions.may_enter_admin(user):
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login")


class MotCuaAdminSite(admin.AdminSite):
    site_header = gettext_lazy("MotCua – Quản trị hệ thống một cửa")
    site_title = gettext_lazy("MotCua – Quản trị hệ thống một cửa")
    index_title = gettext_lazy("Quản trị hệ thống")
    login_form = LoginForm

    def has_permission(self, request):
        return permissions.may_enter_admin(request.user)


# Django's default site is a MotCuaAdminSite (motcua.apps.MotCuaAdminConfig).
site = admin.site


class SiteModelAdmin(admin.ModelAdmin):
    """Province-wide data (fields, days off): every admin user reads it, the superuser writes it.

    Rows a user may not see answer 404, like rows that do not exist, rather than the
    default redirect: what lies outside one's scope is not even acknowledged.
    """

    def has_module_permission(self, request):
        return permissions.may_enter_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.may_enter_admin(request.user)

    def has_add_permission(self, request):
        return permissions.may_administer(request.user, None)

    def has_change_permission(self, request, obj=None):
        return permissions.may_administer(request.user, None)

    def has_delete_permission(self, request, obj=None):
        return permissions.may_administer(request.user, None)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("Không tìm thấy đối tượng này."))
        return obj


class ReadOnlyModelAdmin(SiteModelAdmin):
    """Rows the application writes (dossiers, ratings, payments, messages): the administration
    shows them and never adds, changes or deletes one."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AgencyScoped:
    """Access to rows owned by an agency, for model admins and inlines alike.

    `agency_lookup` leads from the object to the Agency that owns it; in an inline, from the
    parent object the admin passes to the has_*_permission methods. `choice_scopes` limits
    the choices of related fields to what the user administers ({field: lookup to Agency}).
    """

    agency_lookup = "agency"
    choice_scopes: dict[str, str] = {}

    def agency_id_of(self, obj) -> int:
        *hops, last = self.agency_lookup.split("__")
        for hop in hops:
            obj = getattr(obj, hop)
        return obj.pk if last == "pk" else getattr(obj, f"{last}_id")

    def in_scope(self, request, obj=None) -> bool:
        if obj is None:
            return permissions.may_enter_admin(request.user)
        return permissions.may_administer(request.user, self.agency_id_of(obj))

    def is_frozen(self, obj) -> bool:
        """True when `obj` may be read but no longer written (a published version)."""
        return False

    def may_write(self, request, obj=None) -> bool:
        return self.in_scope(request, obj) and not (obj is not None and self.is_frozen(obj))

    def has_module_permission(self, request):
        return permissions.may_enter_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return self.in_scope(request, obj)

    def has_add_permission(self, request, obj=None):
        return self.may_write(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.may_write(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.may_write(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.choice_scopes:
            kwargs["queryset"] = self._scoped_choices(db_field, request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.choice_scopes:
            kwargs["queryset"] = self._scoped_choices(db_field, request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _scoped_choices(self, db_field, request):
        return permissions.administered(
            request.user, db_field.related_model._default_manager.all(), self.choice_scopes[db_field.name]
        )


class ScopedModelAdmin(AgencyScoped, SiteModelAdmin):
    """A model admin whose rows belong to agencies: each user works on those in their scope."""

    def get_queryset(self, request):
        return permissions.administered(request.user, super().get_queryset(request), self.agency_lookup)


class ReadOnlyInline(admin.TabularInline):
    """History shown beside its object: records are written by services, never by hand.
    Subclasses name their `fields`; all of them are shown read-only."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_view_permission(self, request, obj=None):
        return permissions.may_enter_admin(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
