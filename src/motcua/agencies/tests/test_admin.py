"""The administration site: who gets in, and what an agency admin sees of agencies, staff,
dossiers and the calendar. Catalog scoping is in catalog/tests/test_admin.py."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import RoleAssignment, User
from motcua.accounts.tests.factories import (
    CitizenFactory,
    Role,
    UserFactory,
    official_with_role,
)
from motcua.agencies.models import Agency, AgencyChange
from motcua.agencies.tests.factories import AgencyFactory
from motcua.dossiers.models import Dossier, DossierEvent, State
from motcua.dossiers.tests.factories import dossier_row
from motcua.workdays.models import DayOverride

pytestmark = pytest.mark.django_db

PASSWORD = "matkhau-thu-nghiem"


class World:
    """A district with two communes; an agency admin at each level and the province superuser."""

    def __init__(self):
        self.district = AgencyFactory(
            code="000.01.00.H56", name="UBND thành phố Thủ Dầu Một", short_name="TDM", level=Agency.Level.DISTRICT
        )
        self.commune_a = AgencyFactory(code="000.01.01.H56", name="UBND phường Phú Cường", short_name="PC", parent=self.district)
        self.commune_b = AgencyFactory(code="000.01.02.H56", name="UBND phường Hiệp Thành", short_name="HT", parent=self.district)
        self.admin_a = official_with_role(self.commune_a, Role.AGENCY_ADMIN, username="pc.quantri")
        self.admin_district = official_with_role(self.district, Role.AGENCY_ADMIN, username="tdm.quantri")
        self.superuser = UserFactory(username="tinh.quantri", kind=User.Kind.OFFICIAL, is_superuser=True)


@pytest.fixture
def world():
    return World()


def url(name: str, *args) -> str:
    return reverse(f"admin:{name}", args=args)


def logged_in(client, user):
    client.force_login(user)
    return client


def texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def listed(response) -> set:
    return set(response.context["cl"].result_list)


class TestEntry:
    def test_an_agency_admin_logs_in_with_username_and_password(self, client, world):
        response = client.post(url("login"), {"username": "pc.quantri", "password": PASSWORD, "next": "/quan-tri/"}, follow=True)

        assert response.status_code == 200
        assert response.context["user"] == world.admin_a
        assert "MotCua – Quản trị hệ thống một cửa" in response.content.decode()

    @pytest.mark.parametrize(
        "make",
        [
            lambda w: CitizenFactory(username="congdan"),
            lambda w: official_with_role(w.commune_a, Role.LEADER, username="congdan", is_staff=True),
            lambda w: official_with_role(w.commune_a, Role.AGENCY_ADMIN, username="congdan", is_active=False),
        ],
        ids=["citizen", "official without the admin role, even with is_staff", "inactive agency admin"],
    )
    def test_others_are_refused_at_the_login_form(self, client, world, make):
        make(world)

        response = client.post(url("login"), {"username": "congdan", "password": PASSWORD})

        assert response.status_code == 200
        assert response.context["form"].errors
        assert "_auth_user_id" not in client.session

    def test_a_citizen_already_logged_in_is_sent_to_the_login_page(self, client, world):
        response = logged_in(client, CitizenFactory()).get(url("index"))
        assert response.status_code == 302 and response.url.startswith(url("login"))
        assert logged_in(client, CitizenFactory()).get(url("accounts_user_changelist")).status_code == 302

    def test_the_index_offers_an_agency_admin_what_they_manage(self, client, world):
        models = {
            model["object_name"]
            for app in logged_in(client, world.admin_a).get(url("index")).context["app_list"]
            for model in app["models"]
        }
        assert {"Agency", "User", "Procedure", "ProcedureVersion", "Field", "DayOverride", "Dossier"} <= models


class TestAgencies:
    def test_an_agency_admin_lists_only_their_subtree(self, client, world):
        assert listed(logged_in(client, world.admin_a).get(url("agencies_agency_changelist"))) == {world.commune_a}
        assert listed(logged_in(client, world.admin_district).get(url("agencies_agency_changelist"))) == {
            world.district, world.commune_a, world.commune_b,
        }

    def test_the_superuser_lists_every_agency(self, client, world):
        outside = AgencyFactory(code="000.02.00.H56", level=Agency.Level.DISTRICT)
        response = logged_in(client, world.superuser).get(url("agencies_agency_changelist"))
        assert outside in listed(response) and world.district in listed(response)

    def test_search_by_code(self, client, world):
        response = logged_in(client, world.admin_district).get(url("agencies_agency_changelist"), {"q": "000.01.02"})
        assert listed(response) == {world.commune_b}

    @pytest.mark.parametrize("page", ["change", "history", "rename", "move", "merge"])
    def test_pages_of_an_agency_outside_the_scope_answer_404(self, client, world, page):
        response = logged_in(client, world.admin_a).get(url(f"agencies_agency_{page}", world.commune_b.pk))
        assert response.status_code == 404

    def test_an_agency_admin_cannot_create_a_top_level_agency(self, client, world):
        data = {"code": "000.09.00.H56", "name": "UBND huyện Mới", "short_name": "HM", "level": "district", "parent": ""}

        response = logged_in(client, world.admin_district).post(url("agencies_agency_add"), data)

        assert response.status_code == 200 and "parent" in response.context["adminform"].form.errors
        assert not Agency.objects.filter(code="000.09.00.H56").exists()

    def test_nor_one_under_an_agency_outside_the_scope(self, client, world):
        data = {"code": "000.01.21.H56", "name": "Khu phố 1", "short_name": "KP1", "level": "other", "parent": world.commune_b.pk}

        response = logged_in(client, world.admin_a).post(url("agencies_agency_add"), data)

        assert "parent" in response.context["adminform"].form.errors
        assert not Agency.objects.filter(code="000.01.21.H56").exists()

    def test_a_new_agency_goes_through_the_service_and_has_its_history(self, client, world):
        data = {"code": "000.01.11.H56", "name": "Khu phố 1", "short_name": "KP1", "level": "other", "parent": world.commune_a.pk}

        response = logged_in(client, world.admin_a).post(url("agencies_agency_add"), data)

        created = Agency.objects.get(code="000.01.11.H56")
        assert response.status_code == 302
        assert created.parent == world.commune_a
        assert created.divisions.filter(is_one_stop_desk=True).exists()
        assert created.changes.get().by == world.admin_a

    def test_the_superuser_may_create_a_top_level_agency(self, client, world):
        data = {"code": "000.00.00.H57", "name": "UBND tỉnh Mới", "short_name": "TM", "level": "province", "parent": ""}
        logged_in(client, world.superuser).post(url("agencies_agency_add"), data)
        assert Agency.objects.get(code="000.00.00.H57").parent is None

    def test_the_change_form_does_not_edit_code_name_or_parent_directly(self, client, world):
        data = {
            "code": "000.01.99.H56", "name": "Tên sửa thẳng", "short_name": "X", "parent": world.commune_b.pk,
            "level": "commune", "address": "1 Bạch Đằng", "phone": "", "email": "",
            "divisions-TOTAL_FORMS": 0, "divisions-INITIAL_FORMS": 0, "changes-TOTAL_FORMS": 0, "changes-INITIAL_FORMS": 0,
        }

        response = logged_in(client, world.admin_a).post(url("agencies_agency_change", world.commune_a.pk), data)

        assert response.status_code == 302
        world.commune_a.refresh_from_db()
        assert (world.commune_a.code, world.commune_a.name, world.commune_a.parent) == ("000.01.01.H56", "UBND phường Phú Cường", world.district)
        assert world.commune_a.address == "1 Bạch Đằng"

    def test_renaming_records_history_by_the_admin(self, client, world):
        data = {"name": "UBND phường Phú Cường mới", "short_name": "PCM", "code": "000.01.05.H56", "note": "Nghị quyết 1/NQ"}

        response = logged_in(client, world.admin_a).post(url("agencies_agency_rename", world.commune_a.pk), data)

        assert response.status_code == 302
        assert texts(response) == ["Đã ghi nhận: Đổi tên, mã định danh – UBND phường Phú Cường."]
        renamed = world.commune_a.changes.get()
        assert (renamed.kind, renamed.by, renamed.note) == (AgencyChange.Kind.RENAMED, world.admin_a, "Nghị quyết 1/NQ")
        assert renamed.after["code"] == "000.01.05.H56"

    def test_a_rename_refused_by_the_service_shows_its_reason_by_the_field(self, client, world):
        data = {"name": "UBND phường Phú Cường", "short_name": "PC", "code": world.commune_b.code}

        response = logged_in(client, world.admin_a).post(url("agencies_agency_rename", world.commune_a.pk), data)

        assert response.status_code == 200 and "code" in response.context["form"].errors
        world.commune_a.refresh_from_db()
        assert world.commune_a.code == "000.01.01.H56" and not world.commune_a.changes.exists()

    def test_moving_is_limited_to_parents_in_scope(self, client, world):
        hamlet = AgencyFactory(code="000.01.21.H56", parent=world.commune_a, level=Agency.Level.OTHER)

        refused = logged_in(client, world.admin_a).post(url("agencies_agency_move", hamlet.pk), {"parent": world.commune_b.pk})
        moved = logged_in(client, world.admin_district).post(url("agencies_agency_move", hamlet.pk), {"parent": world.commune_b.pk})

        assert "parent" in refused.context["form"].errors
        assert moved.status_code == 302
        hamlet.refresh_from_db()
        assert hamlet.parent == world.commune_b
        assert hamlet.changes.get().by == world.admin_district

    def test_a_move_refused_by_the_service_shows_its_reason(self, client, world):
        response = logged_in(client, world.admin_district).post(url("agencies_agency_move", world.district.pk), {"parent": world.commune_a.pk})

        assert "Không thể chuyển cơ quan về dưới chính nó" in response.content.decode()
        world.district.refresh_from_db()
        assert world.district.parent is None

    def test_merging_through_the_admin(self, client, world):
        response = logged_in(client, world.admin_district).post(
            url("agencies_agency_merge", world.commune_a.pk), {"target": world.commune_b.pk, "note": "Sắp xếp 2025"}
        )

        assert response.status_code == 302
        world.commune_a.refresh_from_db()
        assert world.commune_a.merged_into == world.commune_b and not world.commune_a.is_active
        assert world.commune_b.changes.get().by == world.admin_district

    def test_history_is_shown_read_only_and_agencies_are_never_deleted(self, client, world):
        logged_in(client, world.admin_a).post(url("agencies_agency_rename", world.commune_a.pk), {
            "name": "UBND phường Phú Cường", "short_name": "PC", "code": "000.01.01.H56", "note": "Đính chính tên viết tắt",
        })

        page = client.get(url("agencies_agency_change", world.commune_a.pk)).content.decode()
        deletion = logged_in(client, world.superuser).get(url("agencies_agency_delete", world.commune_a.pk))

        assert "Đính chính tên viết tắt" in page
        assert 'name="changes-0-note"' not in page
        assert deletion.status_code == 403


class TestStaff:
    def test_an_agency_admin_lists_only_officials_of_their_agencies(self, client, world):
        ours = official_with_role(world.commune_a, Role.HANDLER)
        theirs = official_with_role(world.commune_b, Role.HANDLER)
        citizen = CitizenFactory()

        response = logged_in(client, world.admin_a).get(url("accounts_user_changelist"))

        assert listed(response) == {world.admin_a, ours}
        assert theirs not in listed(response) and citizen not in listed(response)

    def test_citizens_are_visible_to_the_superuser_only(self, client, world):
        citizen = CitizenFactory()
        assert citizen in listed(logged_in(client, world.superuser).get(url("accounts_user_changelist")))
        assert logged_in(client, world.admin_district).get(url("accounts_user_change", citizen.pk)).status_code == 404

    def test_officials_of_another_agency_answer_404(self, client, world):
        theirs = official_with_role(world.commune_b, Role.HANDLER)
        client = logged_in(client, world.admin_a)
        assert client.get(url("accounts_user_change", theirs.pk)).status_code == 404
        assert client.get(url("auth_user_password_change", theirs.pk)).status_code == 404

    def _new_official(self, agency, role=Role.HANDLER, **extra):
        return {
            "username": "pc.thuly2", "usable_password": "true", "password1": "Mk-thu-nghiem-2026", "password2": "Mk-thu-nghiem-2026",
            "full_name": "Lê Văn Tâm", "email": "", "phone": "",
            "roles-TOTAL_FORMS": 1 if agency else 0, "roles-INITIAL_FORMS": 0,
            "roles-0-agency": agency.pk if agency else "", "roles-0-division": "", "roles-0-role": role,
            **extra,
        }

    def test_an_agency_admin_creates_an_official_with_a_role_in_scope(self, client, world):
        response = logged_in(client, world.admin_a).post(url("accounts_user_add"), self._new_official(world.commune_a))

        created = User.objects.get(username="pc.thuly2")
        assert response.status_code == 302 and response.url == url("accounts_user_change", created.pk)
        assert created.kind == User.Kind.OFFICIAL
        assert list(created.roles.values_list("agency", "role")) == [(world.commune_a.pk, Role.HANDLER)]

    def test_a_new_official_must_get_a_role(self, client, world):
        response = logged_in(client, world.admin_a).post(url("accounts_user_add"), self._new_official(None))
        assert response.status_code == 200
        assert not User.objects.filter(username="pc.thuly2").exists()

    def test_roles_can_only_be_given_in_scope(self, client, world):
        response = logged_in(client, world.admin_a).post(url("accounts_user_add"), self._new_official(world.commune_b))
        assert response.status_code == 200
        assert not User.objects.filter(username="pc.thuly2").exists()
        assert not RoleAssignment.objects.filter(agency=world.commune_b).exists()

    def test_an_agency_admin_cannot_make_a_superuser(self, client, world):
        ours = official_with_role(world.commune_a, Role.HANDLER, username="pc.thuly")
        client = logged_in(client, world.admin_a)

        client.post(url("accounts_user_add"), self._new_official(world.commune_a, is_superuser="on", kind=User.Kind.CITIZEN))
        client.post(url("accounts_user_change", ours.pk), {
            "username": "pc.thuly", "full_name": ours.full_name, "is_active": "on", "is_superuser": "on",
            "roles-TOTAL_FORMS": 0, "roles-INITIAL_FORMS": 0,
        })

        created = User.objects.get(username="pc.thuly2")
        ours.refresh_from_db()
        assert not created.is_superuser and created.kind == User.Kind.OFFICIAL
        assert not ours.is_superuser
        assert "is_superuser" not in client.get(url("accounts_user_change", ours.pk)).context["adminform"].form.fields

    def test_an_official_shared_with_another_agency_keeps_their_account_and_other_roles(self, client, world):
        shared = official_with_role(world.commune_a, Role.HANDLER, username="chung")
        RoleAssignment.objects.create(user=shared, agency=world.commune_b, role=Role.AGENCY_ADMIN)
        client = logged_in(client, world.admin_a)

        page = client.get(url("accounts_user_change", shared.pk))
        password = client.get(url("auth_user_password_change", shared.pk))

        assert page.status_code == 200 and not page.context["adminform"].form.fields
        assert [form.instance.agency for form in page.context["inline_admin_formsets"][0].formset.forms] == [world.commune_a]
        assert password.status_code == 403

    def test_only_the_superuser_deletes_accounts(self, client, world):
        ours = official_with_role(world.commune_a, Role.HANDLER)
        assert logged_in(client, world.admin_a).get(url("accounts_user_delete", ours.pk)).status_code == 403
        assert logged_in(client, world.superuser).get(url("accounts_user_delete", ours.pk)).status_code == 200


def dossier_at(agency: Agency) -> Dossier:
    dossier = dossier_row(agency, State.RECEIVED)
    DossierEvent.objects.create(dossier=dossier, sequence=1, action="receive", at=timezone.now(), to_state=State.RECEIVED)
    return dossier


class TestDossiers:
    def test_the_list_follows_visible_dossiers(self, client, world):
        ours, theirs = dossier_at(world.commune_a), dossier_at(world.commune_b)

        assert listed(logged_in(client, world.admin_a).get(url("dossiers_dossier_changelist"))) == {ours}
        assert logged_in(client, world.admin_a).get(url("dossiers_dossier_change", theirs.pk)).status_code == 404
        assert listed(logged_in(client, world.superuser).get(url("dossiers_dossier_changelist"))) == {ours, theirs}

    def test_a_documents_file_links_to_the_back_offices_download_not_to_the_storage(self, client, world):
        from django.core.files.base import ContentFile

        from motcua.dossiers.models import DossierDocument

        ours = dossier_at(world.commune_a)
        document = DossierDocument.objects.create(dossier=ours, name="CCCD")
        document.file.save("cccd.pdf", ContentFile(b"%PDF-1.7\n"))
        client = logged_in(client, world.superuser)

        page = client.get(url("dossiers_dossier_change", ours.pk)).content.decode()

        download = f"/mot-cua/ho-so/{ours.code}/giay-to/{document.pk}/"
        assert f'href="{download}"' in page and "/media/" not in page
        assert client.get(download).status_code == 200

    def test_dossiers_are_read_only_with_their_events(self, client, world):
        from motcua.dossiers.models import DossierNote

        ours = dossier_at(world.commune_a)
        DossierNote.objects.create(dossier=ours, author=world.superuser, at=timezone.now(), text="Đã gọi điện cho người nộp")
        client = logged_in(client, world.superuser)

        page = client.get(url("dossiers_dossier_change", ours.pk))
        changed = client.post(url("dossiers_dossier_change", ours.pk), {"state": State.RETURNED})

        assert page.status_code == 200 and not page.context["adminform"].form.fields
        assert "receive" in page.content.decode()
        assert "Đã gọi điện cho người nộp" in page.content.decode()
        assert changed.status_code == 403
        assert client.get(url("dossiers_dossier_add")).status_code == 403
        assert client.get(url("dossiers_dossier_delete", ours.pk)).status_code == 403
        ours.refresh_from_db()
        assert ours.state == State.RECEIVED


class TestDayOverrides:
    data = {"day": "07/03/2026", "kind": DayOverride.Kind.WORKING_DAY, "reason": "Làm bù cho thứ Hai 2/3"}

    def test_agency_admins_read_them_but_do_not_write(self, client, world):
        DayOverride.objects.create(day="2026-03-02", kind=DayOverride.Kind.DAY_OFF, reason="Nghỉ bù")
        client = logged_in(client, world.admin_district)

        assert len(listed(client.get(url("workdays_dayoverride_changelist")))) == 1
        assert client.post(url("workdays_dayoverride_add"), self.data).status_code == 403
        assert DayOverride.objects.count() == 1

    def test_the_superuser_adds_them_and_is_recorded(self, client, world):
        response = logged_in(client, world.superuser).post(url("workdays_dayoverride_add"), self.data)
        assert response.status_code == 302
        assert DayOverride.objects.get().created_by == world.superuser
