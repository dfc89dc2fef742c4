"""Who may see reports (accounts.permissions.reported_agency_ids) and who configures the index."""

from decimal import Decimal

from django.urls import reverse

from motcua.accounts import permissions
from motcua.accounts.models import Role
from motcua.accounts.tests.factories import official_with_role
from motcua.agencies.models import Agency
from motcua.agencies.tests.factories import AgencyFactory
from motcua.reports.models import IndicatorSetting


class TestReportedAgencies:
    def test_leader_and_admin_see_their_agency_and_below(self, world):
        expected = {world.district.pk, world.commune.pk, world.other_commune.pk}
        assert permissions.reported_agency_ids(world.district_staff[Role.LEADER]) == expected
        assert permissions.reported_agency_ids(world.district_staff[Role.AGENCY_ADMIN]) == expected
        assert permissions.reported_agency_ids(world.staff[Role.LEADER]) == {world.commune.pk}

    def test_other_roles_citizens_and_inactive_accounts_see_nothing(self, world):
        for role in (Role.RECEPTION, Role.HANDLER, Role.DIVISION_HEAD, Role.CLERK):
            assert permissions.reported_agency_ids(world.staff[role]) == set()
            assert not permissions.may_view_reports(world.staff[role])
        assert permissions.reported_agency_ids(world.citizen) == set()
        leader = world.staff[Role.LEADER]
        leader.is_active = False
        assert not permissions.may_view_reports(leader) and permissions.reported_agency_ids(leader) == set()

    def test_the_province_sees_everything(self, world, django_user_model):
        province = AgencyFactory(code="000.00.00.H56", level=Agency.Level.PROVINCE)
        Agency.objects.filter(pk=world.district.pk).update(parent=province)
        it_authority = official_with_role(province, Role.AGENCY_ADMIN, username="so.tttt")
        assert permissions.reported_agency_ids(it_authority) == set(Agency.objects.values_list("pk", flat=True))
        admin = django_user_model.objects.create_superuser("tinh", password="x")
        assert permissions.reported_agency_ids(admin) == set(Agency.objects.values_list("pk", flat=True))


class TestIndicatorSettingsAdmin:
    def url(self, setting=None):
        if setting is None:
            return reverse("admin:reports_indicatorsetting_changelist")
        return reverse("admin:reports_indicatorsetting_change", args=[setting.pk])

    def test_province_admin_changes_a_threshold(self, client, db, django_user_model):
        client.force_login(django_user_model.objects.create_superuser("tinh", password="x"))
        setting = IndicatorSetting.objects.get(code="filed_online")
        response = client.post(self.url(setting), {"weight": "10", "full_at": "40"})
        assert response.status_code == 302
        setting.refresh_from_db()
        assert (setting.weight, setting.full_at) == (Decimal(10), Decimal(40))

    def test_a_threshold_of_zero_is_refused(self, client, db, django_user_model):
        client.force_login(django_user_model.objects.create_superuser("tinh", password="x"))
        setting = IndicatorSetting.objects.get(code="filed_online")
        response = client.post(self.url(setting), {"weight": "10", "full_at": "0"})
        assert response.status_code == 200
        setting.refresh_from_db()
        assert setting.full_at == Decimal(50)

    def test_agency_admin_reads_but_does_not_change(self, client, world):
        client.force_login(world.staff[Role.AGENCY_ADMIN])
        assert client.get(self.url()).status_code == 200
        setting = IndicatorSetting.objects.get(code="filed_online")
        client.post(self.url(setting), {"weight": "1", "full_at": "1"})
        setting.refresh_from_db()
        assert setting.weight == Decimal(8)
