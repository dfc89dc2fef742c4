"""Every rule in accounts/permissions.py, with the refusals."""

import pytest
from django.contrib.auth.models import AnonymousUser

from motcua.accounts import permissions
from motcua.accounts.models import RoleAssignment, User
from motcua.accounts.tests.factories import (
    CitizenFactory,
    OfficialFactory,
    PostalAgentFactory,
    Role,
    UserFactory,
    official_with_role,
    verified,
)
from motcua.agencies.models import Agency, Division
from motcua.agencies.tests.factories import AgencyFactory, DivisionFactory
from motcua.dossiers.models import Channel, Dossier, State
from motcua.dossiers.tests.factories import dossier_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    """A district with two communes under a province."""
    province = AgencyFactory(code="000.00.00.H56", name="UBND tỉnh Bình Dương", short_name="BD", level=Agency.Level.PROVINCE)
    district = AgencyFactory(code="000.01.00.H56", name="UBND TP Thủ Dầu Một", short_name="TDM", level=Agency.Level.DISTRICT, parent=province)
    commune_a = AgencyFactory(code="000.01.01.H56", name="UBND phường Phú Cường", short_name="PC", parent=district)
    commune_b = AgencyFactory(code="000.01.02.H56", name="UBND phường Hiệp Thành", short_name="HT", parent=district)
    return province, district, commune_a, commune_b


def superuser(**kwargs) -> User:
    return UserFactory(username="quantri.tinh", is_superuser=True, kind=User.Kind.OFFICIAL, **kwargs)


def dossier_at(agency: Agency, *, applicant=None, id_number="074190000123", postal_agent=None, involved=()) -> Dossier:
    """A dossier row with just what these rules read: the account that filed it online (or,
    without one, a paper dossier received under `id_number`) and the agencies it passed through."""
    filed = {"applicant": applicant, "channel": Channel.ONLINE, "applicant_id_number": applicant.identifier} if applicant else {
        "applicant_id_number": id_number
    }
    dossier = dossier_row(agency, State.RECEIVED, postal_agent=postal_agent, **filed)
    dossier.involved_agencies.add(*involved)
    return dossier


class TestActiveOfficial:
    def test_an_active_official_is_one(self):
        assert permissions.is_active_official(OfficialFactory())

    @pytest.mark.parametrize("user", [lambda: CitizenFactory(), lambda: PostalAgentFactory(), lambda: OfficialFactory(is_active=False), AnonymousUser])
    def test_citizens_postal_agents_inactive_and_anonymous_users_are_not(self, user):
        assert not permissions.is_active_official(user())


class TestRolesAt:
    def test_lists_the_roles_held_at_that_agency_only(self, tree):
        _, _, commune_a, commune_b = tree
        official = official_with_role(commune_a, Role.RECEPTION)
        RoleAssignment.objects.create(user=official, agency=commune_a, role=Role.HANDLER)
        RoleAssignment.objects.create(user=official, agency=commune_b, role=Role.LEADER)

        assert permissions.roles_at(official, commune_a) == {Role.RECEPTION, Role.HANDLER}
        assert permissions.roles_at(official, commune_b.pk) == {Role.LEADER}

    def test_no_agency_means_no_roles(self, tree):
        assert permissions.roles_at(official_with_role(tree[2], Role.LEADER), None) == set()

    def test_an_inactive_official_holds_no_roles(self, tree):
        official = official_with_role(tree[2], Role.LEADER)
        official.is_active = False
        assert permissions.roles_at(official, tree[2]) == set()

    def test_roles_at_a_merged_agency_no_longer_count(self, tree):
        official = official_with_role(tree[3], Role.LEADER)
        Agency.objects.filter(pk=tree[3].pk).update(is_active=False)
        assert permissions.roles_at(official, tree[3]) == set()

    def test_roles_are_remembered_per_user_object_until_forgotten(self, tree):
        _, _, commune_a, _ = tree
        official = official_with_role(commune_a, Role.RECEPTION)
        assert permissions.roles_at(official, commune_a) == {Role.RECEPTION}
        RoleAssignment.objects.create(user=official, agency=commune_a, role=Role.CLERK)
        assert permissions.roles_at(official, commune_a) == {Role.RECEPTION}

        permissions.forget_roles(official)

        assert permissions.roles_at(official, commune_a) == {Role.RECEPTION, Role.CLERK}


class TestHasRole:
    def test_true_when_any_named_role_is_held_there(self, tree):
        official = official_with_role(tree[2], Role.HANDLER)
        assert permissions.has_role(official, tree[2], Role.LEADER, Role.HANDLER)

    def test_false_for_other_roles_or_other_agencies(self, tree):
        official = official_with_role(tree[2], Role.HANDLER)
        assert not permissions.has_role(official, tree[2], Role.LEADER)
        assert not permissions.has_role(official, tree[3], Role.HANDLER)

    def test_a_role_held_above_does_not_act_below(self, tree):
        district_leader = official_with_role(tree[1], Role.LEADER)
        assert not permissions.has_role(district_leader, tree[2], Role.LEADER)


class TestAgencyIds:
    def test_all_agencies_where_any_role_is_held(self, tree):
        official = official_with_role(tree[2], Role.HANDLER)
        RoleAssignment.objects.create(user=official, agency=tree[3], role=Role.CLERK)
        assert permissions.agency_ids(official) == {tree[2].pk, tree[3].pk}

    def test_only_where_the_named_roles_are_held(self, tree):
        official = official_with_role(tree[2], Role.HANDLER)
        RoleAssignment.objects.create(user=official, agency=tree[3], role=Role.CLERK)
        assert permissions.agency_ids(official, Role.CLERK) == {tree[3].pk}

    def test_none_for_applicants(self, tree):
        assert permissions.agency_ids(CitizenFactory()) == set()


class TestDivisionIds:
    def test_divisions_where_the_role_is_held_at_that_agency(self, tree):
        division = DivisionFactory(agency=tree[2])
        official = official_with_role(tree[2], Role.HANDLER, division=division)
        RoleAssignment.objects.create(user=official, agency=tree[2], role=Role.CLERK)

        assert permissions.division_ids(official, tree[2], Role.HANDLER) == {division.pk}
        assert permissions.division_ids(official, tree[2]) == {division.pk, None}
        assert permissions.division_ids(official, tree[3]) == set()


class TestAdministeredAgencies:
    def test_an_agency_admin_administers_the_agency_and_every_unit_below(self, tree):
        province, district, commune_a, commune_b = tree
        admin = official_with_role(district, Role.AGENCY_ADMIN)
        assert permissions.administered_agency_ids(admin) == {district.pk, commune_a.pk, commune_b.pk}

    def test_a_commune_admin_administers_only_the_commune(self, tree):
        admin = official_with_role(tree[2], Role.AGENCY_ADMIN)
        assert permissions.administered_agency_ids(admin) == {tree[2].pk}

    def test_other_roles_administer_nothing(self, tree):
        assert permissions.administered_agency_ids(official_with_role(tree[1], Role.LEADER)) == set()

    def test_the_superuser_administers_every_agency(self, tree):
        assert permissions.administered_agency_ids(superuser()) == {a.pk for a in tree}

    def test_inactive_and_anonymous_users_administer_nothing(self, tree):
        admin = official_with_role(tree[1], Role.AGENCY_ADMIN, is_active=False)
        assert permissions.administered_agency_ids(admin) == set()
        assert permissions.administered_agency_ids(AnonymousUser()) == set()

    def test_may_administer_inside_the_scope_only(self, tree):
        admin = official_with_role(tree[2], Role.AGENCY_ADMIN)
        assert permissions.may_administer(admin, tree[2])
        assert permissions.may_administer(admin, tree[2].pk)
        assert not permissions.may_administer(admin, tree[3])
        assert not permissions.may_administer(admin, tree[1])

    def test_only_the_superuser_administers_province_wide_data(self, tree):
        district_admin = official_with_role(tree[1], Role.AGENCY_ADMIN)
        assert permissions.may_administer(superuser(), None)
        assert not permissions.may_administer(district_admin, None)
        assert not permissions.may_administer(AnonymousUser(), None)

    def test_administered_rows_follow_the_lookup_to_their_agency(self, tree):
        _, district, commune_a, commune_b = tree
        admin = official_with_role(commune_a, Role.AGENCY_ADMIN)
        ours, theirs = DivisionFactory(agency=commune_a), DivisionFactory(agency=commune_b)
        rows = permissions.administered(admin, Division.objects.filter(pk__in=[ours.pk, theirs.pk]), "agency")

        assert list(rows) == [ours]
        assert permissions.administered(superuser(), Division.objects.filter(pk=theirs.pk), "agency").get() == theirs
        assert not permissions.administered(CitizenFactory(), Division.objects.all(), "agency").exists()


class TestAdminEntry:
    def test_the_superuser_and_agency_admins_enter(self, tree):
        assert permissions.may_enter_admin(superuser())
        assert permissions.may_enter_admin(official_with_role(tree[2], Role.AGENCY_ADMIN))

    def test_other_officials_do_not_even_with_is_staff(self, tree):
        assert not permissions.may_enter_admin(official_with_role(tree[2], Role.LEADER, is_staff=True))
        assert not permissions.may_enter_admin(OfficialFactory(is_staff=True))

    def test_applicants_inactive_and_anonymous_users_do_not(self, tree):
        assert not permissions.may_enter_admin(CitizenFactory())
        assert not permissions.may_enter_admin(official_with_role(tree[2], Role.AGENCY_ADMIN, is_active=False))
        assert not permissions.may_enter_admin(UserFactory(username="cu", is_superuser=True, is_active=False))
        assert not permissions.may_enter_admin(AnonymousUser())


class TestAdministeredAccounts:
    def test_an_agency_admin_manages_officials_holding_a_role_in_scope(self, tree):
        _, _, commune_a, commune_b = tree
        admin = official_with_role(commune_a, Role.AGENCY_ADMIN)
        ours, theirs = official_with_role(commune_a, Role.HANDLER), official_with_role(commune_b, Role.HANDLER)
        citizen = CitizenFactory()

        assert set(permissions.administered_users(admin, User.objects.all())) == {admin, ours}
        assert theirs not in permissions.administered_users(admin, User.objects.all())
        assert citizen not in permissions.administered_users(admin, User.objects.all())

    def test_never_a_superuser_even_one_holding_a_role_in_scope(self, tree):
        admin = official_with_role(tree[2], Role.AGENCY_ADMIN)
        boss = superuser()
        RoleAssignment.objects.create(user=boss, agency=tree[2], role=Role.LEADER)
        assert boss not in permissions.administered_users(admin, User.objects.all())

    def test_the_superuser_manages_every_account_and_others_none(self, tree):
        citizen = CitizenFactory()
        assert citizen in permissions.administered_users(superuser(), User.objects.all())
        assert not permissions.administered_users(official_with_role(tree[2], Role.LEADER), User.objects.all()).exists()
        assert not permissions.administered_users(AnonymousUser(), User.objects.all()).exists()

    def test_the_account_itself_only_when_every_role_is_in_scope(self, tree):
        _, district, commune_a, commune_b = tree
        commune_admin = official_with_role(commune_a, Role.AGENCY_ADMIN)
        local = official_with_role(commune_a, Role.HANDLER)
        shared = official_with_role(commune_a, Role.HANDLER)
        RoleAssignment.objects.create(user=shared, agency=commune_b, role=Role.AGENCY_ADMIN)

        assert permissions.may_administer_account(commune_admin, local)
        assert not permissions.may_administer_account(commune_admin, shared)
        assert permissions.may_administer_account(official_with_role(district, Role.AGENCY_ADMIN), shared)
        assert permissions.may_administer_account(superuser(), shared)
        assert not permissions.may_administer_account(commune_admin, CitizenFactory())


class TestVisibleDossiers:
    def test_officials_see_the_dossiers_of_agencies_where_they_hold_a_role(self, tree):
        _, _, commune_a, commune_b = tree
        ours, theirs = dossier_at(commune_a), dossier_at(commune_b)
        handler = official_with_role(commune_a, Role.HANDLER)

        assert list(permissions.visible_dossiers(handler, Dossier.objects.all())) == [ours]
        assert permissions.may_view_dossier(handler, ours)
        assert not permissions.may_view_dossier(handler, theirs)

    def test_officials_see_dossiers_that_passed_through_their_agency(self, tree):
        _, district, commune_a, _ = tree
        transferred = dossier_at(commune_a, involved=[district])
        assert permissions.may_view_dossier(official_with_role(district, Role.HANDLER), transferred)

    def test_a_role_above_does_not_see_below(self, tree):
        _, district, commune_a, _ = tree
        dossier = dossier_at(commune_a)
        assert not permissions.may_view_dossier(official_with_role(district, Role.AGENCY_ADMIN), dossier)

    def test_a_dossier_involving_two_agencies_of_the_official_is_listed_once(self, tree):
        _, district, commune_a, _ = tree
        dossier_at(commune_a, involved=[district])
        official = official_with_role(commune_a, Role.HANDLER)
        RoleAssignment.objects.create(user=official, agency=district, role=Role.HANDLER)
        assert permissions.visible_dossiers(official, Dossier.objects.all()).count() == 1

    def test_applicants_see_their_own_dossiers_only(self, tree):
        lan, binh = CitizenFactory(), CitizenFactory()
        own, other = dossier_at(tree[2], applicant=lan), dossier_at(tree[2], applicant=binh)

        assert list(permissions.visible_dossiers(lan, Dossier.objects.all())) == [own]
        assert not permissions.may_view_dossier(lan, other)

    def test_a_paper_dossier_is_seen_by_the_account_that_verified_its_number_only(self, tree):
        owner, claimant = verified(CitizenFactory(national_id="074190000555")), CitizenFactory(national_id="074190000555")
        paper, other = dossier_at(tree[2], id_number="074190000555"), dossier_at(tree[2], id_number="074190000556")
        online = dossier_at(tree[2], applicant=owner)

        assert set(permissions.visible_dossiers(owner, Dossier.objects.all())) == {paper, online}
        assert not permissions.visible_dossiers(claimant, Dossier.objects.all()).exists()
        assert not permissions.may_view_dossier(owner, other)

    def test_postal_agents_see_the_dossiers_handed_to_them(self, tree):
        agent = PostalAgentFactory()
        handed, other = dossier_at(tree[2], postal_agent=agent), dossier_at(tree[2])

        assert list(permissions.visible_dossiers(agent, Dossier.objects.all())) == [handed]
        assert not permissions.may_view_dossier(agent, other)

    def test_the_superuser_sees_every_dossier(self, tree):
        dossiers = [dossier_at(tree[2]), dossier_at(tree[3])]
        assert set(permissions.visible_dossiers(superuser(), Dossier.objects.all())) == set(dossiers)

    def test_inactive_and_anonymous_users_see_none(self, tree):
        lan = CitizenFactory()
        dossier_at(tree[2], applicant=lan)
        lan.is_active = False
        handler = official_with_role(tree[2], Role.HANDLER, is_active=False)

        assert not permissions.visible_dossiers(lan, Dossier.objects.all()).exists()
        assert not permissions.visible_dossiers(handler, Dossier.objects.all()).exists()
        assert not permissions.visible_dossiers(AnonymousUser(), Dossier.objects.all()).exists()


class TestIsOwner:
    def test_the_applicant_owns_the_dossier(self, tree):
        lan = CitizenFactory()
        assert permissions.is_owner(lan, dossier_at(tree[2], applicant=lan))

    def test_nobody_else_does(self, tree):
        lan = CitizenFactory()
        dossier = dossier_at(tree[2], applicant=lan)
        assert not permissions.is_owner(CitizenFactory(), dossier)
        assert not permissions.is_owner(official_with_role(tree[2], Role.RECEPTION), dossier)
        assert not permissions.is_owner(AnonymousUser(), dossier)

    def test_an_inactive_applicant_no_longer_does(self, tree):
        lan = CitizenFactory()
        dossier = dossier_at(tree[2], applicant=lan)
        lan.is_active = False
        assert not permissions.is_owner(lan, dossier)

    def test_a_counter_dossier_without_account_has_no_owner(self, tree):
        assert not permissions.is_owner(CitizenFactory(), dossier_at(tree[2]))
        assert permissions.owner_account(dossier_at(tree[2])) is None

    def test_a_paper_dossier_is_owned_through_the_verified_number_never_a_claim(self, tree):
        claimant = CitizenFactory(national_id="074190000555")
        dossier = dossier_at(tree[2], id_number="074190000555")
        assert not permissions.is_owner(claimant, dossier) and permissions.owner_account(dossier) is None

        owner = verified(CitizenFactory(national_id="074190000555"))
        assert permissions.is_owner(owner, dossier) and permissions.owner_account(dossier) == owner
        assert not permissions.is_owner(claimant, dossier)

    def test_an_online_dossier_is_owned_by_the_account_that_filed_it_verified_or_not(self, tree):
        filer = CitizenFactory(national_id="074190000555")
        dossier = dossier_at(tree[2], applicant=filer)
        owner = verified(CitizenFactory(national_id="074190000555"))
        assert permissions.owner_account(dossier) == filer
        assert permissions.is_owner(filer, dossier) and not permissions.is_owner(owner, dossier)


@pytest.mark.django_db
def test_who_enters_the_back_office_and_the_postal_pages():
    from motcua.accounts.tests.factories import CitizenFactory, OfficialFactory, PostalAgentFactory

    official, postman, citizen = OfficialFactory(), PostalAgentFactory(), CitizenFactory()
    root = superuser()
    assert [permissions.may_enter_backoffice(u) for u in (official, root, postman, citizen)] == [True, True, False, False]
    assert [permissions.is_active_postal_agent(u) for u in (official, postman, citizen)] == [False, True, False]
    postman.is_active = False
    assert not permissions.is_active_postal_agent(postman)
