"""Who may see and do what: the one place these rules live.

Views, the admin, services and the dossier lifecycle ask here; none of them decides on
its own. Roles are held per agency (RoleAssignment). An agency admin manages the agency
and the units below it; every other role acts only at the agency where it is held.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from motcua.accounts.models import Role, RoleAssignment, User, verified_owner
from motcua.agencies.models import Agency
from motcua.dossiers.models import Channel


def assignments(user) -> list[RoleAssignment]:
    """The roles an active official holds at active agencies."""
    return _assignments(user) if is_active_official(user) else []


def _assignments(user: User) -> list[RoleAssignment]:
    # Cached on the user object: a request asks many questions about one user.
    cached = getattr(user, "_motcua_roles", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user=user, agency__is_active=True).select_related("agency", "division")
        )
        user._motcua_roles = cached
    return cached


def forget_roles(user: User) -> None:
    user.__dict__.pop("_motcua_roles", None)


def is_active_official(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.kind == User.Kind.OFFICIAL)


def is_active_postal_agent(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.kind == User.Kind.POSTAL)


def may_enter_backoffice(user) -> bool:
    """The officials' back office (/mot-cua/): active officials and the province superuser."""
    return is_active_official(user) or bool(user and user.is_authenticated and user.is_active and user.is_superuser)


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
    if not is_active_official(user):
        return set()
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
        involved = dossiers.model.involved_agencies.through.objects.filter(dossier=OuterRef("pk"), agency__in=ids)
        # The agency holding a dossier is always one of its involved agencies: asked first, it
        # spares the link table for nearly every row of a work list. No join, so no DISTINCT.
        return dossiers.filter(Q(current_agency__in=ids) | Exists(involved))
    if user.kind == User.Kind.POSTAL:
        return dossiers.filter(postal_agent=user)
    return dossiers.filter(_owned(user))


# Whose dossier it is, as an applicant: a dossier filed online belongs to the account that
# filed it; a paper one (counter, post) to the account whose *verified* identifier it was
# received under (citizens.identity), never to an account that only claims the number.
def _owned(user) -> Q:
    mine = Q(channel=Channel.ONLINE, applicant=user)
    if user.verified_identifier:
        mine |= Q(applicant_id_number=user.verified_identifier) & ~Q(channel=Channel.ONLINE)
    return mine


def may_view_dossier(user, dossier) -> bool:
    return visible_dossiers(user, type(dossier).objects.filter(pk=dossier.pk)).exists()


def is_owner(user, dossier) -> bool:
    if not (user.is_authenticated and user.is_active and user.is_applicant):
        return False
    if dossier.channel == Channel.ONLINE:
        return dossier.applicant_id == user.pk
    return bool(user.verified_identifier) and dossier.applicant_id_number == user.verified_identifier


def owner_account(dossier) -> User | None:
    """The applicant's account that owns `dossier` (see is_owner), if any."""
    if dossier.channel == Channel.ONLINE:
        return dossier.applicant if dossier.applicant_id and dossier.applicant.is_applicant else None
    return verified_owner(dossier.applicant_id_number)


def may_verify_identity(user, agency: Agency | int | None) -> bool:
    """Whether `user` may verify an applicant's number at `agency`'s counter (citizens.identity):
    its reception officers, who see the person and their original papers."""
    return agency is not None and has_role(user, agency, Role.RECEPTION)


# Reports (motcua.reports): agency leaders and agency admins see their agency and every unit
# below it; a leader or admin of the province agency therefore sees the whole province, as
# does the superuser (the province IT authority). The public page shows no personal data and
# needs no account.
REPORT_ROLES = (Role.LEADER, Role.AGENCY_ADMIN)


def reported_agency_ids(user) -> set[int]:
    """Agencies whose reports, dashboards and quality index the user may see."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return set(Agency.objects.values_list("pk", flat=True))
    ids: set[int] = set()
    for assignment in assignments(user):
        if assignment.role in REPORT_ROLES and assignment.agency_id not in ids:
            ids.update(a.pk for a in assignment.agency.descendants(include_self=True))
    return ids


def may_view_reports(user) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or agency_ids(user, *REPORT_ROLES)))


def may_enter_admin(user) -> bool:
    """The administration site (/quan-tri/): the province superuser and agency admins.

    Django's is_staff flag plays no part: entry follows the roles held here, so granting or
    withdrawing the agency-admin role is the whole story.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(agency_ids(user, Role.AGENCY_ADMIN))


def administered(user, queryset: QuerySet, via: str = "pk") -> QuerySet:
    """The rows of `queryset` that belong, through the lookup `via`, to an agency the user administers."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return queryset
    return queryset.filter(**{f"{via}__in": administered_agency_ids(user)})


def administered_users(user, accounts: QuerySet) -> QuerySet:
    """The accounts whose roles the user manages: a superuser all of them; an agency admin the
    officials holding a role at an agency they administer, never a superuser."""
    if not user.is_authenticated or not user.is_active:
        return accounts.none()
    if user.is_superuser:
        return accounts
    holders = RoleAssignment.objects.filter(agency__in=administered_agency_ids(user)).values("user")
    return accounts.filter(kind=User.Kind.OFFICIAL, is_superuser=False, pk__in=holders)


def may_administer_account(user, account: User) -> bool:
    """Whether the user may change the account itself (name, password, active), not only its roles.

    An official who also works for an agency outside the user's scope is managed there too:
    letting one agency admin reset that password would hand them the other agency's powers.
    """
    if not administered_users(user, User.objects.filter(pk=account.pk)).exists():
        return False
    if user.is_superuser:
        return True
    held_at = set(RoleAssignment.objects.filter(user=account).values_list("agency_id", flat=True))
    return held_at <= administered_agency_ids(user)


# Digital signatures (motcua.signatures). A personal certificate signs only for its holder,
# at the agency it was issued for, and only what that holder's role there signs: the leader
# the result, the reception officer the receipt (Mẫu 01). The agency's seal is applied by
# its clerk (văn thư), to either. Agency admins manage the certificates of their agencies.
SIGNING_ROLES = {"result": (Role.LEADER,), "receipt": (Role.RECEPTION,)}
SEAL_ROLES = (Role.CLERK,)


def may_sign_with(user, credential, agency: Agency | int, purpose: str) -> bool:
    """Whether `user` may sign a `purpose` ("result" or "receipt") document of a dossier held
    at `agency` with `credential` (a signatures.SigningCredential)."""
    agency_id = agency if isinstance(agency, int) else agency.pk
    if not is_active_official(user) or not credential.is_active or credential.agency_id != agency_id:
        return False
    if credential.user_id is None:
        return has_role(user, agency_id, *SEAL_ROLES)
    return credential.user_id == user.pk and has_role(user, agency_id, *SIGNING_ROLES.get(purpose, ()))


def may_manage_signing_credentials(user, agency: Agency | int | None) -> bool:
    return may_administer(user, agency)
