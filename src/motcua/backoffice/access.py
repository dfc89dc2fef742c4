"""Who may open the back office: officials only. What each may see and do inside is asked
of accounts.permissions and dossiers.lifecycle, view by view."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from motcua.accounts import permissions


class OfficialRequiredMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.may_enter_backoffice(request.user):
            raise PermissionDenied(_("Trang này dành cho cán bộ, công chức."))
        return super().dispatch(request, *args, **kwargs)
