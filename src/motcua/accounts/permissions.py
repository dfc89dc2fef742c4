"""Who may see and do what: the one place these rules live.

Views, the admin, services and the dossier lifecycle ask here; none of them decides on
its own. Roles are held per agency (RoleAssignment). An agency admin manages the agency
and the units below it; every other role acts only at the agency where it is held.
"""

from django.db.models import Q, QuerySet

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.agencies.models import Agency


def _assignments(user: User) -> list[RoleAssignment]:
    # Cached on the user object: a request asks many questions about one user.
    cached = getattr(user, "_motcua_roles", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user, agency__is_active=True).select_related("agency"))
        user._motcua_roles = cached
    return cached


def forget_roles(user: User) -> None:
    user.__dict__.pop("_motcua_roles", None)


def is_active_official(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.kind == User.Kind.OFFICIAL)


def roles_at(user, agency: Agency | int | None) -> set[str]:
    if agency is None or not is_active_official(user):
        return set()
    agency_id = agency if isinstance(agency, int) else agency.pk
    return {a.role for a in _assignments(user) if a.agency_id == agency_id}


def has_role(user, agency: Agency | int | None, *roles: str) -> bool:
    return bool(roles_at(user, agency) & set(roles))


def agency_ids(user, *roles: str) -> set[int]:
    """Agencies where the user holds any of `roles` (any role when none are named)."""
    if not is_active_official(user):
        return set()
    return {a.agency_id for a in _assignments(user) if not roles or a.role in roles}


def division_ids(user, agency: Agency | int, *roles: str) -> set[int | None]:
    agency_id = agency if isinstance(agency, int) else agency.pk
    return {
        a.division_id for a in _assignments(user) if a.agency_id == agency_id and (not roles or a.role in roles)
    }


def administered_agency_ids(user) -> set[int]:
    """Agencies whose catalog, divisions and staff the user manages."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return set(Agency.objects.values_list("pk", flat=True))
    ids: set[int] = set()
    for assignment in _assignments(user):
        if assignment.role == Role.AGENCY_ADMIN:
            ids.update(a.pk for a in assignment.agency.descendants(include_self=True))
    return ids


def may_administer(user, agency: Agency | int | None) -> bool:
    if agency is None:
        return bool(user.is_authenticated and user.is_superuser)
    agency_id = agency if isinstance(agency, int) else agency.pk
    return agency_id in administered_agency_ids(user)


def visible_dossiers(user, dossiers: QuerySet) -> QuerySet:
    """The dossiers `user` may see: officials those of their agencies, applicants their own,
    postal agents those handed to them."""
    if not user.is_authenticated or not user.is_active:
        return dossiers.none()
    if user.is_superuser:
        return dossiers
    if user.kind == User.Kind.OFFICIAL:
        ids = agency_ids(user)
        return dossiers.filter(Q(involved_agencies__in=ids)).distinct()
    if user.kind == User.Kind.POSTAL:
        return dossiers.filter(postal_agent=user)
    return dossiers.filter(applicant=user)


def may_view_dossier(user, dossier) -> bool:
    return visible_dossiers(user, type(dossier).objects.filter(pk=dossier.pk)).exists()


def is_owner(user, dossier) -> bool:
    return bool(user.is_authenticated and user.is_active and dossier.applicant_id == user.pk)
