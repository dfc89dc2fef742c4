"""What the e-ID gave is locked in the profile and the filing wizard, and a procedure that
requires an e-ID level is filed online only by a session that reached it."""

import pytest

from motcua.eid import levels
from motcua.eid.tests.conftest import sign_in
from motcua.filing.models import Draft
from motcua.filing.tests.conftest import Filing


def test_levels_are_ordered_and_nothing_satisfies_a_requirement_but_a_known_level():
    assert levels.satisfies(levels.LEVEL_2, levels.LEVEL_1)
    assert not levels.satisfies(levels.LEVEL_1, levels.LEVEL_2)
    assert not levels.satisfies("", levels.LEVEL_1) and not levels.satisfies("urn:khac", levels.LEVEL_1)
    assert levels.satisfies("", "")


@pytest.mark.django_db
def test_the_profile_shows_the_e_id_fields_locked_and_ignores_posted_changes_to_them(rp, person):
    sign_in(rp, person, "cd-an")

    page = rp.get("/tai-khoan/ho-so-ca-nhan/").content.decode()
    assert page.count("Theo VNeID") == 4 and 'name="full_name" value="Nguyễn Văn An"' in page
    response = rp.post("/tai-khoan/ho-so-ca-nhan/", {
        "full_name": "Tên sửa", "birth_date": "2000-01-01", "address": "Địa chỉ sửa", "phone": "0900000000",
    })

    assert response.status_code == 302
    account = rp.get("/tai-khoan/ho-so-ca-nhan/").context["user"]
    account.refresh_from_db()
    assert (account.full_name, str(account.birth_date), account.phone) == ("Nguyễn Văn An", "1990-05-12", "0912345678")
    assert account.address.startswith("Số 12 phố Hàng Bài")


@pytest.fixture
def level_2_procedure(db):
    world = Filing()
    world.version.procedure.eid_level_required = levels.LEVEL_2
    world.version.procedure.save()
    return world


@pytest.mark.django_db
def test_a_lower_level_than_the_procedure_requires_is_refused_with_a_link_to_sign_in_at_that_level(rp, person, level_2_procedure):
    sign_in(rp, person, "cd-cuong", muc=levels.LEVEL_2)
    assert rp.session["motcua_eid"]["acr"] == levels.LEVEL_1
    code = level_2_procedure.code
    drafts = Draft.objects.count()

    response = rp.post(f"/nop-ho-so/{code}/", {"agency": level_2_procedure.commune.pk})

    page = response.content.decode()
    assert response.status_code == 403 and "VNeID mức 2" in page and "Phiên đăng nhập hiện tại đạt VNeID mức 1" in page
    assert f"/dinh-danh/dang-nhap/?muc=urn%3Avneid%3Aloa%3A2&amp;next=%2Fnop-ho-so%2F{code}%2F" in page
    assert Draft.objects.count() == drafts


@pytest.mark.django_db
def test_a_password_session_is_asked_to_sign_in_with_the_e_id(level_2_procedure):
    response = level_2_procedure.client_for(level_2_procedure.citizen).get(f"/nop-ho-so/{level_2_procedure.code}/")

    assert response.status_code == 403 and "Phiên đăng nhập hiện tại không qua VNeID" in response.content.decode()


@pytest.mark.django_db
def test_submitting_needs_the_level_too(level_2_procedure):
    draft = level_2_procedure.draft_at(6)

    response = level_2_procedure.client_for(level_2_procedure.citizen).post(f"/nop-ho-so/ban-nhap/{draft.pk}/buoc/6/", {"cam_doan": "on"})

    assert response.status_code == 403
    assert Draft.objects.filter(pk=draft.pk).exists()


@pytest.mark.django_db
def test_a_level_2_session_files_and_the_applicant_step_keeps_what_the_e_id_gave(rp, person, level_2_procedure):
    sign_in(rp, person, "cd-an")
    code = level_2_procedure.code

    started = rp.post(f"/nop-ho-so/{code}/", {"agency": level_2_procedure.commune.pk})
    assert started.status_code == 302
    draft = Draft.objects.get(procedure_version=level_2_procedure.version, applicant__national_id="001090012345")
    page = rp.get(f"/nop-ho-so/ban-nhap/{draft.pk}/buoc/2/").content.decode()
    assert page.count('-eid">Theo VNeID') == 4 and page.count(" readonly") == 4
    rp.post(f"/nop-ho-so/ban-nhap/{draft.pk}/buoc/2/", {
        "applicant_name": "Người khác", "applicant_id_number": "001090099999", "applicant_address": "Nơi khác",
        "applicant_phone": "0900000000", "applicant_email": "an@example.vn", "representative": "",
    })

    draft.refresh_from_db()
    applicant = draft.data["applicant"]
    assert (applicant["applicant_name"], applicant["applicant_id_number"], applicant["applicant_phone"]) == (
        "Nguyễn Văn An", "001090012345", "0912345678"
    )
    assert applicant["applicant_email"] == "an@example.vn"
