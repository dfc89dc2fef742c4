"""What the administration shows of identities: the log of who looked whom up (for the
province and each agency's admin over their agencies), and an applicant's number, which is
never retyped by hand."""

import pytest
from django.utils import timezone

from motcua.accounts.models import PersonalDataAccess, Role, User
from motcua.accounts.tests.factories import CitizenFactory, UserFactory, verified

pytestmark = pytest.mark.django_db

LOG = "/quan-tri/accounts/personaldataaccess/"


def looked_up(officer, agency, subject):
    return PersonalDataAccess.objects.create(
        official=officer, agency=agency, subject=subject, purpose=PersonalDataAccess.Purpose.COUNTER_RECEIPT, at=timezone.now(),
    )


def test_an_agency_admin_reads_the_look_ups_made_at_their_agencies_only(client, world):
    here = looked_up(world.staff[Role.RECEPTION], world.commune, "074190000111")
    there = looked_up(world.stranger[Role.RECEPTION], world.other_commune, "074190000222")
    client.force_login(world.staff[Role.AGENCY_ADMIN])

    page = client.get(LOG).content.decode()

    assert "074190000111" in page and "074190000222" not in page
    assert client.get(f"{LOG}{here.pk}/change/").status_code == 200
    assert client.get(f"{LOG}{there.pk}/change/").status_code == 404
    # Nobody edits the log, not even the province.
    assert client.post(f"{LOG}{here.pk}/delete/", {"post": "yes"}).status_code == 403
    assert PersonalDataAccess.objects.count() == 2


def test_the_province_finds_every_look_up_of_a_person_by_their_number(client, world):
    looked_up(world.staff[Role.RECEPTION], world.commune, "074190000111")
    looked_up(world.stranger[Role.RECEPTION], world.other_commune, "074190000111")
    looked_up(world.stranger[Role.RECEPTION], world.other_commune, "074190000222")
    client.force_login(UserFactory(username="quantri", kind=User.Kind.OFFICIAL, is_superuser=True, is_staff=True))

    page = client.get(LOG, {"q": "074190000111"}).content.decode()

    assert page.count("074190000111") >= 2 and "074190000222" not in page
    assert client.get(f"{LOG}add/").status_code == 403


def test_an_applicants_number_and_its_verifications_are_shown_read_only(client, world):
    citizen = verified(CitizenFactory(national_id="074190000555"))
    client.force_login(UserFactory(username="quantri", kind=User.Kind.OFFICIAL, is_superuser=True, is_staff=True))
    url = f"/quan-tri/accounts/user/{citizen.pk}/change/"

    page = client.get(url).content.decode()
    assert 'name="national_id"' not in page and "074190000555" in page
    assert "Đăng nhập bằng định danh điện tử quốc gia (VNeID)" in page

    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    saved = client.post(url, {**data, "national_id": "079000000001", "full_name": "Đổi tên", "is_active": "on",
                              "identity_verifications-TOTAL_FORMS": "0", "identity_verifications-INITIAL_FORMS": "0"})
    assert saved.status_code == 302, saved.context["adminform"].form.errors if saved.context else saved
    citizen.refresh_from_db()
    assert (citizen.full_name, citizen.national_id) == ("Đổi tên", "074190000555")
