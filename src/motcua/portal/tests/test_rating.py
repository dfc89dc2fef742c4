"""Rating the service once the result has been returned: once, by the applicant only."""

import pytest

from motcua.accounts.tests.factories import verified
from motcua.portal.models import Rating
from motcua.portal.tests.conftest import ID_LAST4


def rate(client, code, **data):
    return client.post(f"/danh-gia/{code}/", {"level": "satisfied", "comment": "Nhanh, chu đáo", **data})


def test_after_look_up_the_result_page_offers_the_rating_and_it_is_recorded(client, returned_dossier):
    html = client.post("/tra-cuu/", {"code": returned_dossier.code, "factor": ID_LAST4}).content.decode()
    assert f'action="/danh-gia/{returned_dossier.code}/"' in html
    response = rate(client, returned_dossier.code)
    assert response.status_code == 200
    rating = Rating.objects.get()
    assert (rating.dossier, rating.level, rating.comment, rating.rater) == (returned_dossier, "satisfied", "Nhanh, chu đáo", None)


def test_rating_with_code_and_second_factor_without_looking_up_first(client, returned_dossier):
    assert rate(client, returned_dossier.code, factor=ID_LAST4, level="unsatisfied").status_code == 200
    assert Rating.objects.get().level == "unsatisfied"


def test_owner_signed_in_rates_without_a_second_factor(client, world, returned_dossier):
    verified(world.citizen, returned_dossier.applicant_id_number)
    client.force_login(world.citizen)
    assert rate(client, returned_dossier.code, level="acceptable").status_code == 200
    assert Rating.objects.get().rater == world.citizen


def test_only_once(client, returned_dossier):
    rate(client, returned_dossier.code, factor=ID_LAST4)
    again = rate(client, returned_dossier.code, factor=ID_LAST4, level="unsatisfied")
    assert again.status_code == 409
    assert "đã được đánh giá" in again.content.decode()
    assert Rating.objects.get().level == "satisfied"


def test_dossier_not_yet_returned_cannot_be_rated(client, world):
    dossier = world.receive()
    client.post("/tra-cuu/", {"code": dossier.code, "factor": ID_LAST4})
    response = rate(client, dossier.code)
    assert response.status_code == 409
    assert "sau khi đã trả kết quả" in response.content.decode()
    assert not Rating.objects.exists()


@pytest.mark.parametrize(
    "forged",
    [
        {},  # neither signed in as the owner nor looked up: no factor
        {"factor": "9999"},  # a wrong factor
        {"factor": ID_LAST4, "level": "excellent"},  # a level the form does not offer
        {"factor": ID_LAST4, "level": ["satisfied", "unsatisfied"], "comment": "x" * 5000},
    ],
)
def test_forged_posts_are_refused_without_a_rating(client, returned_dossier, forged):
    response = rate(client, returned_dossier.code, **forged)
    assert response.status_code in (200, 409)
    assert not Rating.objects.exists()


def test_another_account_is_not_the_owner(client, world, returned_dossier):
    from motcua.accounts.tests.factories import CitizenFactory

    verified(world.citizen, returned_dossier.applicant_id_number)
    client.force_login(CitizenFactory(username="nguoikhac"))
    rate(client, returned_dossier.code)
    assert not Rating.objects.exists()


def test_looking_up_one_dossier_does_not_open_another(client, world, returned_dossier):
    other = world.receive()
    client.post("/tra-cuu/", {"code": other.code, "factor": ID_LAST4})
    rate(client, returned_dossier.code)
    assert not Rating.objects.exists()


def test_wrong_factor_on_the_rating_page_counts_towards_the_limit(client, returned_dossier, settings):
    settings.PORTAL_LOOKUP_MAX_FAILURES = 2
    rate(client, returned_dossier.code, factor="0000")
    rate(client, returned_dossier.code, factor="0001")
    assert rate(client, returned_dossier.code, factor=ID_LAST4).status_code == 429
    assert not Rating.objects.exists()


def test_unknown_or_odd_codes_are_harmless(client, db):
    for code in ("khong-co", "x" * 300, "%E2%80%AE"):
        assert client.get(f"/danh-gia/{code}/").status_code == 200
        assert rate(client, code, factor="1234").status_code == 200
    assert not Rating.objects.exists()


def test_ratings_are_read_only_in_the_admin(admin_client, returned_dossier):
    rate(admin_client, returned_dossier.code, factor=ID_LAST4)
    assert admin_client.get("/quan-tri/portal/rating/").status_code == 200
    rating = Rating.objects.get()
    page = admin_client.get(f"/quan-tri/portal/rating/{rating.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert admin_client.get("/quan-tri/portal/rating/add/").status_code == 403


def test_a_look_up_writes_no_session_and_a_forged_memory_is_not_trusted(client, returned_dossier):
    from django.contrib.sessions.models import Session

    from motcua.portal.views import VERIFIED_COOKIE

    response = client.post("/tra-cuu/", {"code": returned_dossier.code, "factor": ID_LAST4})
    assert response.cookies[VERIFIED_COOKIE]["httponly"] and not Session.objects.exists()
    signed = response.cookies[VERIFIED_COOKIE].value
    client.cookies[VERIFIED_COOKIE] = signed.replace(returned_dossier.code, returned_dossier.code[:-1] + "9")
    assert rate(client, returned_dossier.code).status_code == 200  # asks for the factor again
    assert not Rating.objects.exists()
    client.cookies[VERIFIED_COOKIE] = returned_dossier.code  # unsigned
    rate(client, returned_dossier.code)
    assert not Rating.objects.exists()
    client.cookies[VERIFIED_COOKIE] = signed
    assert rate(client, returned_dossier.code).status_code == 200
    assert Rating.objects.get().rater is None


def test_a_look_up_reads_the_rating_with_the_dossier(client, returned_dossier, django_assert_num_queries):
    """Four queries whether rated or not: the failure counts, the dossier with its rating,
    the history, and the province's name the header shows; the page then shows the rating
    or offers the form."""
    look_up = {"code": returned_dossier.code, "factor": ID_LAST4}
    with django_assert_num_queries(4):
        html = client.post("/tra-cuu/", look_up).content.decode()
    assert f'action="/danh-gia/{returned_dossier.code}/"' in html
    rate(client, returned_dossier.code)
    with django_assert_num_queries(4):
        html = client.post("/tra-cuu/", look_up).content.decode()
    assert "Cảm ơn bạn đã đánh giá: Hài lòng." in html
    assert "/danh-gia/" not in html
