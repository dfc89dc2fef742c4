"""Writes to the agency tree (agencies/services.py): each keeps its history."""

import pytest
from django.core.exceptions import ValidationError

from motcua.accounts.models import RoleAssignment
from motcua.accounts.tests.factories import Role, official_with_role
from motcua.agencies import services
from motcua.agencies.models import Agency, AgencyChange, Division
from motcua.agencies.tests.factories import AgencyFactory, DivisionFactory
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.tests.factories import ProcedureVersionFactory
from motcua.dossiers.models import Dossier, State
from motcua.dossiers.tests.factories import dossier_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    return AgencyFactory(code="000.01.00.H56", name="UBND huyện Dầu Tiếng", short_name="DT", level=Agency.Level.DISTRICT)


def changes(agency: Agency) -> list[str]:
    return list(agency.changes.values_list("kind", flat=True))


def dossier(agency: Agency, state: str = State.IN_PROGRESS) -> Dossier:
    """A dossier row received by `agency`; the merge reads only where it is and where it has been."""
    return dossier_row(agency, state)


class TestCreate:
    def test_creates_the_agency_with_its_one_stop_desk_and_history(self, district):
        official = official_with_role(district, Role.AGENCY_ADMIN)

        commune = services.create_agency(
            code="000.01.07.H56", name="UBND xã Minh Hòa", short_name="MH", level=Agency.Level.COMMUNE,
            parent=district, actor=official, address="Ấp 1, xã Minh Hòa",
        )

        assert commune.parent == district and commune.address == "Ấp 1, xã Minh Hòa"
        assert list(commune.divisions.values_list("code", "is_one_stop_desk")) == [("mot-cua", True)]
        created = commune.changes.get()
        assert (created.kind, created.by) == (AgencyChange.Kind.CREATED, official)
        assert created.after == {
            "code": "000.01.07.H56", "name": "UBND xã Minh Hòa", "short_name": "MH", "level": "commune", "parent": "000.01.00.H56",
        }

    def test_refuses_a_malformed_identity_code_and_stores_nothing(self):
        with pytest.raises(ValidationError) as refused:
            services.create_agency(code="H56-01", name="UBND xã Sai Mã", short_name="SM", level=Agency.Level.COMMUNE)

        assert "code" in refused.value.message_dict
        assert not Agency.objects.filter(name="UBND xã Sai Mã").exists()
        assert not Division.objects.exists() and not AgencyChange.objects.exists()


class TestRename:
    def test_renames_and_recodes_with_before_and_after_in_history(self, district):
        services.rename_agency(
            agency=district, name="UBND thị xã Dầu Tiếng", short_name="TX.DT", code="000.01.09.H56", note="Nghị quyết 1234/NQ-UBTVQH15"
        )

        district.refresh_from_db()
        assert (district.name, district.short_name, district.code) == ("UBND thị xã Dầu Tiếng", "TX.DT", "000.01.09.H56")
        renamed = district.changes.get()
        assert renamed.kind == AgencyChange.Kind.RENAMED
        assert renamed.note == "Nghị quyết 1234/NQ-UBTVQH15"
        assert (renamed.before["code"], renamed.before["name"]) == ("000.01.00.H56", "UBND huyện Dầu Tiếng")
        assert (renamed.after["code"], renamed.after["name"]) == ("000.01.09.H56", "UBND thị xã Dầu Tiếng")

    def test_keeps_the_short_name_and_code_when_not_given(self, district):
        services.rename_agency(agency=district, name="UBND huyện Dầu Tiếng (mới)")
        district.refresh_from_db()
        assert (district.short_name, district.code) == ("DT", "000.01.00.H56")

    def test_dossier_codes_already_issued_keep_the_old_code(self, district):
        issued = dossier(district)
        services.rename_agency(agency=district, name=district.name, code="000.01.09.H56")
        issued.refresh_from_db()
        assert issued.code.startswith("000.01.00.H56-")

    def test_refuses_a_code_already_taken_and_changes_nothing(self, district):
        AgencyFactory(code="000.02.00.H56")
        with pytest.raises(ValidationError):
            services.rename_agency(agency=district, name="Tên mới", code="000.02.00.H56")
        district.refresh_from_db()
        assert (district.name, district.code) == ("UBND huyện Dầu Tiếng", "000.01.00.H56")
        assert changes(district) == []


class TestMove:
    def test_moves_under_a_new_parent_with_history(self, district):
        province = AgencyFactory(code="000.00.00.H56", level=Agency.Level.PROVINCE)
        services.move_agency(agency=district, parent=province, note="Sắp xếp đơn vị hành chính")

        district.refresh_from_db()
        assert district.parent == province
        moved = district.changes.get()
        assert (moved.kind, moved.before["parent"], moved.after["parent"]) == (AgencyChange.Kind.MOVED, None, "000.00.00.H56")

    def test_moves_to_the_top_level(self, district):
        commune = AgencyFactory(parent=district)
        services.move_agency(agency=commune, parent=None)
        commune.refresh_from_db()
        assert commune.parent is None

    @pytest.mark.parametrize("under", ["itself", "its child", "its grandchild"])
    def test_refuses_cycles_and_records_nothing(self, district, under):
        commune = AgencyFactory(parent=district)
        hamlet = AgencyFactory(parent=commune, level=Agency.Level.OTHER)
        parent = {"itself": district, "its child": commune, "its grandchild": hamlet}[under]

        with pytest.raises(ValidationError):
            services.move_agency(agency=district, parent=parent)

        district.refresh_from_db()
        assert district.parent is None
        assert changes(district) == []


class TestMerge:
    @pytest.fixture
    def pair(self, district):
        """Two communes of the district; the first is merged into the second."""
        source = AgencyFactory(code="000.01.01.H56", name="UBND xã Định An", short_name="DA", parent=district)
        target = AgencyFactory(code="000.01.02.H56", name="UBND xã Định Thành", short_name="ĐT", parent=district)
        return source, target

    def test_the_source_stays_inactive_with_its_history_and_successor(self, pair):
        source, target = pair
        services.merge_agency(source=source, target=target, note="Nghị quyết sáp nhập")

        source.refresh_from_db()
        assert not source.is_active and source.merged_into == target
        assert source.successor() == target
        assert changes(source) == [AgencyChange.Kind.MERGED]
        assert source.changes.get().after == {"merged_into": target.code}
        assert changes(target) == [AgencyChange.Kind.ABSORBED]
        assert target.changes.get().after == {"absorbed": source.code}

    def test_sub_units_move_under_the_target(self, pair):
        source, target = pair
        hamlets = [AgencyFactory(parent=source, level=Agency.Level.OTHER) for _ in range(2)]
        services.merge_agency(source=source, target=target)
        assert set(target.children.all()) == set(hamlets)
        assert not source.children.exists()

    def test_divisions_move_and_clashing_codes_are_prefixed_but_the_desk_stays(self, pair):
        source, target = pair
        DivisionFactory(agency=source, code="van-hoa", name="Văn hóa – xã hội")
        DivisionFactory(agency=source, code="dia-chinh", name="Địa chính")
        DivisionFactory(agency=target, code="dia-chinh", name="Địa chính")

        services.merge_agency(source=source, target=target)

        assert set(target.divisions.values_list("code", flat=True)) == {"mot-cua", "dia-chinh", "van-hoa", "da-dia-chinh"}
        assert list(source.divisions.values_list("code", flat=True)) == ["mot-cua"]

    def test_staff_roles_follow_to_the_target_and_desk_roles_to_its_desk(self, pair):
        source, target = pair
        source_desk, target_desk = (a.divisions.get(is_one_stop_desk=True) for a in pair)
        receptionist = official_with_role(source, Role.RECEPTION, division=source_desk)
        leader = official_with_role(source, Role.LEADER)
        RoleAssignment.objects.create(user=leader, agency=target, role=Role.LEADER)

        services.merge_agency(source=source, target=target)

        assert receptionist.roles.get().agency == target
        assert receptionist.roles.get().division == target_desk
        assert list(leader.roles.values_list("agency", "role")) == [(target.pk, Role.LEADER)]
        assert not RoleAssignment.objects.filter(agency=source).exists()

    def test_procedures_are_owned_by_the_target_and_live_versions_carried_out_there(self, pair):
        source, target = pair
        published = ProcedureVersionFactory(procedure__owner=source)
        superseded = ProcedureVersionFactory(procedure__owner=source, status=ProcedureVersion.Status.SUPERSEDED)

        services.merge_agency(source=source, target=target)

        published.procedure.refresh_from_db()
        assert published.procedure.owner == target
        assert set(published.agencies.all()) == {source, target}
        assert set(superseded.agencies.all()) == {source}

    def test_open_dossiers_continue_at_the_target_with_their_codes(self, pair):
        source, target = pair
        open_dossier = dossier(source)
        code = open_dossier.code

        services.merge_agency(source=source, target=target)

        open_dossier.refresh_from_db()
        assert open_dossier.current_agency == target and open_dossier.receiving_agency == source
        assert open_dossier.code == code
        assert set(open_dossier.involved_agencies.all()) == {source, target}

    def test_dossiers_already_returned_by_the_source_are_reachable_from_the_target(self, pair):
        source, target = pair
        returned = dossier(source, state=State.RETURNED)

        services.merge_agency(source=source, target=target)

        assert target in returned.involved_agencies.all()
        returned.refresh_from_db()
        assert returned.current_agency == source  # where it ended stays part of its history

    @pytest.mark.parametrize("case", ["into itself", "into its sub-unit", "an inactive agency"])
    def test_refusals_change_nothing(self, pair, case):
        source, target = pair
        hamlet = AgencyFactory(parent=source, level=Agency.Level.OTHER)
        if case == "an inactive agency":
            Agency.objects.filter(pk=target.pk).update(is_active=False)
        into = {"into itself": source, "into its sub-unit": hamlet, "an inactive agency": target}[case]

        with pytest.raises(ValidationError):
            services.merge_agency(source=source, target=into)

        source.refresh_from_db()
        assert source.is_active and source.merged_into is None
        assert list(source.children.all()) == [hamlet]
        assert not AgencyChange.objects.exists()


class TestHistory:
    def test_an_agency_change_cannot_be_edited(self, district):
        services.rename_agency(agency=district, name="UBND huyện Dầu Tiếng mới")
        change = district.changes.get()
        change.note = "sửa lại lịch sử"

        with pytest.raises(ValidationError):
            change.save()

        assert district.changes.get().note == ""
