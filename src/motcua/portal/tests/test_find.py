"""Finding a procedure: accent- and case-blind search, best match first, filters, pages."""

import pytest

from motcua.agencies.tests.factories import AgencyFactory
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.tests.factories import FieldFactory, ProcedureVersionFactory
from motcua.portal.search import SQL_WORDS, Filters, search

pytestmark = pytest.mark.django_db
Mode = ProcedureVersion.OnlineMode


@pytest.fixture
def catalog():
    # Codes written out, in a shape the factory's sequence (1.NNNNNN) never makes: "1.0011"
    # below must find only the birth registration, however far the sequence has gone.
    civil = FieldFactory(code="ho-tich", name="Hộ tịch")
    land = FieldFactory(code="dat-dai", name="Đất đai")
    commune = AgencyFactory(name="UBND xã Tân Định")
    district = AgencyFactory(name="UBND huyện Bến Cát")
    make = ProcedureVersionFactory
    return {
        "late_birth": make(procedure__code="2.000656", name="Thủ tục đăng ký khai sinh lưu động", field=civil, agencies=[commune]),
        "birth": make(procedure__code="1.001193", name="Đăng ký khai sinh", field=civil, agencies=[commune]),
        "birth_again": make(procedure__code="2.004884", name="Đăng ký lại khai sinh", field=civil, agencies=[commune], online_mode=Mode.COUNTER),
        "land": make(
            procedure__code="2.003003", name="Cấp giấy chứng nhận quyền sử dụng đất lần đầu", field=land, agencies=[district],
            levels=[ProcedureVersion.Level.DISTRICT], online_mode=Mode.PARTIAL,
        ),
        "death": make(procedure__code="2.000419", name="Đăng ký khai tử", field=civil, agencies=[commune]),
        "commune": commune,
        "district": district,
    }


def names(versions) -> list[str]:
    return [v.name for v in versions]


def test_unaccented_lower_case_query_finds_the_exact_name_first(catalog):
    assert names(search("dang ky khai sinh")) == [
        "Đăng ký khai sinh",  # starts with the words
        "Thủ tục đăng ký khai sinh lưu động",  # holds them as typed
        "Đăng ký lại khai sinh",  # holds them all, in another arrangement
    ]


def test_case_and_spacing_do_not_matter(catalog):
    assert names(search("  ĐĂNG   KÝ khai SINH "))[0] == "Đăng ký khai sinh"


def test_words_in_any_order_match_after_names_that_start_with_the_query(catalog):
    # "khai sinh dang ky" starts no name; all its words are in three of them, sorted by name.
    assert names(search("khai sinh dang ky")) == [
        "Đăng ký khai sinh", "Đăng ký lại khai sinh", "Thủ tục đăng ký khai sinh lưu động",
    ]


def test_exact_code_ranks_above_everything(catalog):
    ProcedureVersionFactory(name="Thủ tục nhắc đến 1.001193 trong tên")
    assert names(search("1.001193"))[0] == "Đăng ký khai sinh"


def test_words_found_only_in_the_field_come_after_the_name_matches(catalog):
    found = names(search("ho tich khai tu"))
    assert found == ["Đăng ký khai tử"]
    found = names(search("dat dai"))  # "đất đai" is the field; the land procedure's name says "đất" only
    assert found == ["Cấp giấy chứng nhận quyền sử dụng đất lần đầu"]


def test_only_published_versions_are_found(catalog):
    ProcedureVersionFactory(name="Đăng ký khai sinh bản nháp", status=ProcedureVersion.Status.DRAFT)
    ProcedureVersionFactory(name="Đăng ký khai sinh cũ", status=ProcedureVersion.Status.SUPERSEDED)
    assert "bản nháp" not in " ".join(names(search("khai sinh")))
    assert "cũ" not in " ".join(names(search("khai sinh")))


def test_filters_by_agency_level_field_and_online_mode(catalog):
    assert names(search("", Filters(agency=catalog["district"].pk))) == ["Cấp giấy chứng nhận quyền sử dụng đất lần đầu"]
    assert names(search("", Filters(level="district"))) == ["Cấp giấy chứng nhận quyền sử dụng đất lần đầu"]
    assert len(search("", Filters(field="ho-tich"))) == 4
    assert names(search("khai sinh", Filters(online_mode=Mode.COUNTER))) == ["Đăng ký lại khai sinh"]


class TestPage:
    def test_search_page_lists_matches_with_links(self, client, catalog):
        response = client.get("/thu-tuc/", {"q": "dang ky khai sinh"})
        html = response.content.decode()
        assert response.status_code == 200
        assert html.index("Đăng ký khai sinh<") < html.index("Thủ tục đăng ký khai sinh lưu động")
        assert 'href="/thu-tuc/1.001193/"' in html

    def test_filters_come_from_get_parameters(self, client, catalog):
        response = client.get("/thu-tuc/", {"field": "dat-dai", "mode": "partial"})
        assert [found.code for found in response.context["page"].object_list] == [catalog["land"].procedure.code]

    def test_unknown_filter_values_are_ignored_not_errors(self, client, catalog):
        for params in ({"agency": "abc"}, {"level": "planet"}, {"field": "khong-co"}, {"mode": "x" * 500}, {"trang": "-1"}):
            response = client.get("/thu-tuc/", params)
            assert response.status_code == 200

    def test_results_are_paginated(self, client, catalog):
        for n in range(25):
            ProcedureVersionFactory(name=f"Chứng thực bản sao {n:02d}")
        first = client.get("/thu-tuc/", {"q": "chung thuc"})
        second = client.get("/thu-tuc/", {"q": "chung thuc", "trang": 2})
        assert len(first.context["page"].object_list) == 20
        assert len(second.context["page"].object_list) == 5
        assert "q=chung+thuc&amp;trang=2" in first.content.decode()

    def test_home_page_offers_search_and_featured_procedures(self, client, catalog):
        html = client.get("/").content.decode()
        assert 'action="/thu-tuc/"' in html
        assert 'href="/thu-tuc/1.001193/"' in html
        assert 'href="/tra-cuu/"' in html


def test_the_folded_name_the_database_searches_follows_every_rename(catalog):
    draft = ProcedureVersionFactory(name="Đăng ký kết hôn", status=ProcedureVersion.Status.DRAFT)
    assert draft.search_name == "dang ky ket hon"
    draft.name = "Đăng ký kết hôn có yếu tố nước ngoài"
    draft.save(update_fields=["name"])
    draft.refresh_from_db()
    assert draft.search_name == "dang ky ket hon co yeu to nuoc ngoai"
    # A query with a word in no name nor field finds nothing, however close the rest is.
    assert not search("dang ky khai sinh xyz")
    # Only the longest words narrow the candidates in SQL; the short ones still have to match.
    assert len("thu tuc dang ky khai sinh luu dong".split()) > SQL_WORDS
    assert names(search("thu tuc dang ky khai sinh luu dong")) == ["Thủ tục đăng ký khai sinh lưu động"]
    assert not search("thu tuc dang ky khai sinh luu dong xy")
    assert names(search("1.0011")) == ["Đăng ký khai sinh"]  # the code's beginning



def test_featured_procedures_are_those_filed_most_lately_and_counted_once_an_hour(world, django_assert_max_num_queries):
    from datetime import timedelta

    from motcua.dossiers.models import Dossier
    from motcua.dossiers.tests.conftest import MONDAY_MORNING
    from motcua.portal import selectors

    now = MONDAY_MORNING + timedelta(days=1)
    popular, other = world.version, world.transfer_version
    for _ in range(2):
        world.receive(version=popular)
    lately = world.receive(version=other)
    for _ in range(2):
        world.receive(version=other)
    # Two of the other procedure's dossiers were received before the window: one counts.
    Dossier.objects.filter(procedure_version=other).exclude(pk=lately.pk).update(
        received_at=now - selectors.FEATURED_WINDOW - timedelta(days=1)
    )
    assert selectors.featured_procedures(limit=2, now=now) == [popular, other]
    with django_assert_max_num_queries(1):  # counted already: only the versions are read
        assert selectors.featured_procedures(limit=2, now=now) == [popular, other]
