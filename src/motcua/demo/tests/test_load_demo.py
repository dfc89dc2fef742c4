"""Loading the demo province: what a person trying MotCua finds after `manage.py load_demo`."""

import base64
from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import IdentityVerification, Role, RoleAssignment, User
from motcua.accounts.two_factor import services
from motcua.agencies.models import Agency, AgencyChange, Division
from motcua.catalog.fees import statement
from motcua.catalog.models import ProcedureVersion, ProcessStep
from motcua.catalog.services import process_problems
from motcua.demo.accounts import password, totp_secret
from motcua.demo.data import read
from motcua.demo.loader import load_demo
from motcua.demo.tests.conftest import TEST_DOSSIERS
from motcua.dossiers.models import Channel, Dossier, DossierEvent, State

pytestmark = pytest.mark.usefixtures("demo", "db")

DISTRICTS = {
    "000.00.01.H56": "UBND thành phố Thủ Dầu Một",
    "000.00.02.H56": "UBND thành phố Thuận An",
    "000.00.03.H56": "UBND thành phố Dĩ An",
    "000.00.04.H56": "UBND thành phố Bến Cát",
    "000.00.05.H56": "UBND thành phố Tân Uyên",
    "000.00.06.H56": "UBND huyện Bàu Bàng",
    "000.00.07.H56": "UBND huyện Bắc Tân Uyên",
    "000.00.08.H56": "UBND huyện Dầu Tiếng",
    "000.00.09.H56": "UBND huyện Phú Giáo",
}


def test_the_province_has_its_nine_districts_nineteen_departments_and_their_communes():
    province = Agency.objects.get(code="000.00.00.H56")
    assert province.name == "UBND tỉnh Bình Dương"
    districts = Agency.objects.filter(level=Agency.Level.DISTRICT)
    assert dict(districts.values_list("code", "name")) == DISTRICTS
    assert {district.parent_id for district in districts} == {province.pk}
    assert Agency.objects.filter(level=Agency.Level.DEPARTMENT, parent=province).count() == 19
    phu_cuong = Agency.objects.get(name="UBND phường Phú Cường")
    assert phu_cuong.parent.name == "UBND thành phố Thủ Dầu Một"
    communes = Agency.objects.filter(level=Agency.Level.COMMUNE)
    assert communes.count() >= 30
    assert set(communes.values_list("parent__level", flat=True)) == {Agency.Level.DISTRICT}


def test_every_agency_was_created_with_its_history_and_its_one_stop_desk():
    agencies = Agency.objects.all()
    created = AgencyChange.objects.filter(kind=AgencyChange.Kind.CREATED)
    assert set(created.values_list("agency", flat=True)) == set(agencies.values_list("pk", flat=True))
    assert Division.objects.filter(is_one_stop_desk=True).count() == agencies.count()
    assert Division.objects.filter(agency__name="UBND phường Phú Cường", code="tu-phap").get().name == "Công chức Tư pháp – Hộ tịch"
    assert Division.objects.filter(agency__name="UBND thành phố Thủ Dầu Một", code="xay-dung").get().name == "Phòng Quản lý đô thị"
    assert Division.objects.filter(agency__name="UBND huyện Bàu Bàng", code="xay-dung").get().name == "Phòng Kinh tế và Hạ tầng"


@pytest.mark.parametrize("code, slug", [("000.01.01.H56", "phucuong"), ("000.00.01.H56", "tdm"), ("000.03.00.H56", "stp")])
@pytest.mark.parametrize("role, prefix", [
    (Role.RECEPTION, "tiepnhan"), (Role.HANDLER, "thuly"), (Role.DIVISION_HEAD, "truongphong"),
    (Role.LEADER, "lanhdao"), (Role.CLERK, "vanthu"), (Role.AGENCY_ADMIN, "quantri"),
])
def test_one_official_per_role_signs_in_with_the_demo_password(code, slug, role, prefix):
    user = authenticate(username=f"{prefix}.{slug}", password="motcua-demo-2026")
    assert user is not None and user.kind == User.Kind.OFFICIAL
    assert RoleAssignment.objects.filter(user=user, agency__code=code, role=role).exists()


def test_reception_officers_sit_at_the_one_stop_desk():
    desk = RoleAssignment.objects.get(user__username="tiepnhan.phucuong").division
    assert desk.is_one_stop_desk and desk.agency.name == "UBND phường Phú Cường"


@pytest.mark.parametrize("username, kind", [
    ("buudien.tdm", User.Kind.POSTAL), ("074190012345", User.Kind.CITIZEN), ("074085006789", User.Kind.CITIZEN),
    ("3702845168", User.Kind.ORGANISATION), ("quantri.tinh", User.Kind.OFFICIAL),
])
def test_the_other_demo_accounts_sign_in_too(username, kind):
    user = authenticate(username=username, password=password())
    assert user is not None and user.kind == kind


def test_applicants_sign_in_with_their_number_not_the_internal_user_name():
    assert authenticate(username="congdan1", password=password()) is None


@pytest.mark.parametrize("username", ["congdan1", "congdan2", "doanhnghiep1"])
def test_the_demo_applicants_were_verified_at_a_desk_by_its_reception_officer(username):
    verification = User.objects.get(username=username).identity_verification
    assert verification.method == IdentityVerification.Method.COUNTER
    assert verification.official.username == "tiepnhan.phucuong" and verification.agency.code == "000.01.01.H56"
    assert verification.document


def test_citizens_have_a_national_id_and_the_organisation_a_tax_code():
    assert len(User.objects.get(username="congdan1").national_id) == 12
    assert len(User.objects.get(username="doanhnghiep1").tax_code) == 10


def test_the_province_superuser_is_admin():
    admin = authenticate(username="admin", password=password())
    assert admin is not None and admin.is_superuser


def test_leaders_and_admins_sign_in_with_the_demo_authenticator_key():
    owing = {"admin", "quantri.tinh", "lanhdao.stp"}
    assert owing <= set(TOTPDevice.objects.filter(confirmed=True).values_list("user__username", flat=True))
    assert not TOTPDevice.objects.filter(user__username="thuly.tdm").exists()
    leader = User.objects.get(username="lanhdao.stp")
    code = f"{totp(base64.b32decode(totp_secret())):06d}"
    assert isinstance(services.verify_code(user=leader, code=code), TOTPDevice)


def test_applicants_filing_online_cannot_sign_in_with_a_password():
    generated = User.objects.filter(kind=User.Kind.CITIZEN).exclude(username__in=["congdan1", "congdan2"])
    assert generated.exists()
    assert not any(user.has_usable_password() for user in generated)


def test_at_least_twenty_procedures_are_published_and_pass_the_process_checks():
    published = ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED)
    assert published.count() >= 20
    for version in published:
        assert process_problems(version) == [], version.procedure.code
    assert published.get(procedure__code="1.001193").name == "Đăng ký khai sinh"
    assert statement(published.get(procedure__code="1.009794"), {}).total == 75_000


def test_every_step_names_a_division_that_every_agency_carrying_it_out_has():
    for version in ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED):
        agencies = list(version.agencies.all())
        for step in version.steps.exclude(division_code=""):
            missing = [a.code for a in agencies if not a.divisions.filter(code=step.division_code, is_active=True).exists()]
            assert missing == [], f"{version.procedure.code} bước {step.order}: {step.division_code}"


def test_procedures_are_carried_out_at_their_level():
    commune_codes = set(Agency.objects.filter(level=Agency.Level.COMMUNE).values_list("code", flat=True))
    district_codes = set(Agency.objects.filter(level=Agency.Level.DISTRICT).values_list("code", flat=True))
    for version in ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED):
        codes = set(version.agencies.values_list("code", flat=True))
        expected = set()
        if "commune" in version.levels:
            expected |= commune_codes
        if "district" in version.levels:
            expected |= district_codes
        if version.levels == ["province"]:
            assert len(codes) == 1 and Agency.objects.get(code=codes.pop()).level == Agency.Level.DEPARTMENT
        else:
            assert codes == expected, version.procedure.code


def test_land_certificates_are_transferred_to_the_district():
    version = ProcedureVersion.objects.get(procedure__code="1.012790.H56", status=ProcedureVersion.Status.PUBLISHED)
    transfer = version.steps.get(kind=ProcessStep.Kind.TRANSFER)
    assert transfer.transfer_level == ProcedureVersion.Level.DISTRICT
    assert sum(step.quota for step in version.steps.all()) == version.legal_time == Decimal("20")


def test_the_dossiers_cover_every_state_and_every_kind_of_step_in_progress():
    dossiers = Dossier.objects.all()
    assert dossiers.count() == TEST_DOSSIERS
    assert set(dossiers.values_list("state", flat=True)) == set(State.values)
    waiting_at = set(dossiers.filter(state=State.IN_PROGRESS).values_list("current_step__kind", flat=True))
    kinds = ProcessStep.Kind
    assert waiting_at == {kinds.ASSIGNMENT, kinds.PROCESSING, kinds.REVIEW, kinds.APPROVAL, kinds.TRANSFER}


def test_the_dossiers_come_through_every_channel():
    assert set(Dossier.objects.values_list("channel", flat=True)) == set(Channel.values)


def test_every_dossier_history_lies_in_the_last_two_months_in_order():
    now = timezone.now()
    for dossier in Dossier.objects.prefetch_related("events"):
        moments = [event.at for event in dossier.events.all()]
        assert moments == sorted(moments)
        assert moments[0] == dossier.submitted_at
        assert now - timezone.timedelta(days=62) < moments[0] and moments[-1] <= now


def test_finished_dossiers_were_returned_early_on_time_or_late_with_their_fees_paid():
    returned = Dossier.objects.filter(state=State.RETURNED)
    assert returned.exists()
    assert all(dossier.fee_outstanding == 0 and dossier.timing for dossier in returned)


def test_every_event_belongs_to_a_transition_of_the_lifecycle():
    from motcua.dossiers.lifecycle import TRANSITIONS

    actions = set(DossierEvent.objects.values_list("action", flat=True))
    assert actions <= set(TRANSITIONS) | {"submit"}


def _counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_loading_again_changes_nothing():
    before = _counts()
    report = load_demo(dossiers=TEST_DOSSIERS)
    assert _counts() == before
    assert any("bỏ qua" in line for line in report.lines)


def test_the_catalog_file_is_the_interchange_format():
    catalog = read("catalog")
    assert (catalog["format"], catalog["version"]) == ("motcua-catalog", 1)
    assert Counter(p["code"] for p in catalog["procedures"]).most_common(1)[0][1] == 1


def test_the_command_reports_each_part_and_skips_what_is_there():
    out = StringIO()
    call_command("load_demo", "--dossiers", "5", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == ["Cơ quan", "Tài khoản", "Thủ tục", "Hồ sơ"]
    assert lines[0].startswith("Cơ quan: thêm 0 cơ quan, 0 phòng ban")
    assert "không đổi 21" in lines[2]


def test_the_postman_has_results_to_deliver_and_has_delivered_some():
    postman = User.objects.get(username="buudien.tdm")
    entrusted = Dossier.objects.filter(postal_agent=postman)
    assert entrusted.filter(state=State.RETURNED).exists()
    assert DossierEvent.objects.filter(action="return_result", actor=postman).exists()


def test_loaded_history_queues_no_deliveries():
    from django_tasks_db.models import DBTaskResult

    assert not DBTaskResult.objects.exists()
