"""What a dossier owes: catalog.fees.statement, from the fee rules and the declared quantities."""

import pytest
from django.core.exceptions import ValidationError

from motcua.catalog.fees import statement
from motcua.catalog.models import Fee
from motcua.catalog.services import process_problems
from motcua.catalog.tests.factories import ProcedureVersionFactory

Unit = Fee.Unit
SCHEMA = {"fields": [
    {"name": "so_trang", "label": "Số trang của bản chính", "type": "number", "min": 1},
    {"name": "so_ban", "label": "Số bản sao", "type": "number", "min": 1},
    {"name": "ghi_chu", "label": "Ghi chú", "type": "text"},
]}


@pytest.fixture
def version(db):
    version = ProcedureVersionFactory(form_schema=SCHEMA)
    version.fees.all().delete()
    return version


def fee(version, amount, unit=Unit.CASE, **rule) -> Fee:
    return Fee.objects.create(version=version, name="Phí chứng thực", amount=amount, unit=unit, **rule)


def test_per_page_of_each_copy_one_page_three_copies_is_six_thousand(version):
    fee(version, 2000, Unit.PAGE_COPY, pages_field="so_trang", copies_field="so_ban")
    found = statement(version, {"so_trang": "1", "so_ban": "3"})
    assert found.total == 6000
    assert found.lines[0].how == "2.000 đ/trang × 1 trang × 3 bản = 6.000 đ"


def test_later_pages_cost_less_and_a_copy_is_capped(version):
    fee(version, 2000, Unit.PAGE_COPY, pages_field="so_trang", copies_field="so_ban",
        later_pages_from=3, later_page_amount=1000, max_per_copy=200_000)
    five = statement(version, {"so_trang": "5", "so_ban": "2"}).lines[0]
    assert five.amount == 2 * (2 * 2000 + 3 * 1000)
    assert five.how == "(2.000 đ/trang × 2 trang + 1.000 đ/trang × 3 trang) = 7.000 đ/bản × 2 bản = 14.000 đ"
    assert statement(version, {"so_trang": "400", "so_ban": "1"}).total == 200_000


def test_per_copy_per_page_and_per_case(version):
    fee(version, 8000, Unit.COPY, copies_field="so_ban")
    fee(version, 500, Unit.PAGE, pages_field="so_trang")
    fee(version, 10_000)
    found = statement(version, {"so_trang": "4", "so_ban": "2"})
    assert [line.amount for line in found.lines] == [16_000, 2000, 10_000]
    assert found.total == 28_000
    assert found.lines[2].how == "10.000 đ/hồ sơ"


def test_a_free_procedure_owes_nothing(version):
    fee(version, 0)
    found = statement(version, {})
    assert found.total == 0 and found.charged == ()
    assert statement(version, {}).total == 0


def test_a_missing_quantity_is_a_clear_error_on_its_field(version):
    fee(version, 2000, Unit.PAGE_COPY, pages_field="so_trang", copies_field="so_ban")
    with pytest.raises(ValidationError) as caught:
        statement(version, {"so_ban": "3"})
    assert caught.value.message_dict == {"so_trang": ["Số trang của bản chính: cần khai để tính “Phí chứng thực”."]}
    with pytest.raises(ValidationError) as caught:
        statement(version, {"so_trang": "1.5", "so_ban": "3"})
    assert "phải là số nguyên không âm" in caught.value.message_dict["so_trang"][0]


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        ({"unit": Unit.PAGE}, "cần tên trường"),
        ({"unit": Unit.COPY, "copies_field": "ghi_chu"}, "không có trường số “ghi_chu”"),
        ({"unit": Unit.COPY, "copies_field": "khong_co"}, "không có trường số “khong_co”"),
        ({"unit": Unit.CASE, "pages_field": "so_trang"}, "không dùng trường này"),
        ({"unit": Unit.COPY, "copies_field": "so_ban", "max_per_copy": 5}, "chỉ dùng khi tính theo trang"),
        ({"unit": Unit.PAGE, "pages_field": "so_trang", "later_pages_from": 3}, "cả “giảm từ trang thứ”"),
    ],
)
def test_a_rule_the_form_cannot_feed_stops_publishing(version, rule, problem):
    fee(version, 2000, **rule)
    assert any(problem in message for message in process_problems(version))
