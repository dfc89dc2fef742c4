"""Money must be right: a citizen files a per-page procedure for 1 page × 3 copies, sees the
6.000 đ it costs (2.000 đ/trang × 1 trang × 3 bản) before filing, is offered to pay right
after submitting and pays exactly that in the sandbox bank; a payment attempt left
unfinished shows as expired once its time is up, and the citizen pays again."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from motcua.accounts.tests.factories import CitizenFactory, verified
from motcua.catalog.models import Fee
from motcua.catalog.tests.factories import ProcedureVersionFactory
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import World
from motcua.payments.models import Payment
from motcua.tests_browser.journeys import sign_in

pytestmark = pytest.mark.browser

SCAN = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
SCHEMA = {"fields": [
    {"name": "ten_giay_to", "label": "Tên giấy tờ cần chứng thực", "type": "text", "required": True},
    {"name": "so_trang", "label": "Số trang của bản chính", "type": "number", "required": True, "min": 1},
    {"name": "so_ban", "label": "Số bản sao cần chứng thực", "type": "number", "required": True, "min": 1},
]}


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = World()
    world.filer = CitizenFactory(
        username="nguoinop", full_name="Phạm Minh Anh", national_id="074190000555", phone="0987654321", address="5 Bạch Đằng"
    )
    world.version = ProcedureVersionFactory(procedure__code="2.000908", agencies=[world.commune], form_schema=SCHEMA)
    world.version.fees.all().delete()
    Fee.objects.create(
        version=world.version, name="Phí chứng thực bản sao từ bản chính", amount=2000, unit=Fee.Unit.PAGE_COPY,
        pages_field="so_trang", copies_field="so_ban", later_pages_from=3, later_page_amount=1000, max_per_copy=200_000,
    )
    return world


def test_citizen_sees_the_fee_of_the_pages_and_copies_and_pays_exactly_that(browser_page, live_server, world):
    page = browser_page
    page.goto(f"{live_server.url}/nop-ho-so/2.000908/")
    sign_in(page, "074190000555")
    page.get_by_label(world.commune.name).check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.get_by_label("Tên giấy tờ cần chứng thực").fill("Bằng tốt nghiệp")
    page.get_by_label("Số trang của bản chính").fill("1")
    page.get_by_label("Số bản sao cần chứng thực").fill("3")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.get_by_label("Tải lên tệp").first.set_input_files({"name": "to-khai.pdf", "mimeType": "application/pdf", "buffer": SCAN})
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.get_by_label("Trực tiếp tại bộ phận một cửa").check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    # Before filing: the amount, and how it was reckoned.
    expect(page.get_by_text("Phí chứng thực bản sao từ bản chính: 2.000 đ/trang × 1 trang × 3 bản = 6.000 đ")).to_be_visible()
    expect(page.locator(".fee-total")).to_have_text("6.000 đ")
    page.get_by_label("Tôi xin cam đoan").check()
    page.get_by_role("button", name="Nộp hồ sơ").click()

    # Right after submitting: the offer to pay it.
    expect(page.get_by_role("heading", name="Đã nộp hồ sơ")).to_be_visible()
    dossier = Dossier.objects.get(applicant=world.filer)
    assert (dossier.fee_due, dossier.state) == (6000, "submitted")
    page.get_by_role("button", name="Thanh toán 6.000 đ").click()
    expect(page.get_by_role("heading", name="Xác nhận thanh toán")).to_be_visible()
    expect(page.locator(".bank")).to_contain_text("6.000 đ")
    page.get_by_role("button", name="Thanh toán thành công").click()

    expect(page.locator(".messages .success")).to_have_text("Đã thanh toán thành công 6.000 đ.")
    expect(page.locator(".outstanding")).to_have_text("0 đ")
    dossier.refresh_from_db()
    assert (dossier.fee_paid, dossier.fee_outstanding) == (6000, 0)
    assert Payment.objects.get(dossier=dossier).amount == 6000


def test_an_abandoned_attempt_expires_and_the_citizen_pays_again(browser_page, live_server, transactional_db):
    world = World()
    dossier = world.receive()
    verified(world.citizen, dossier.applicant_id_number)
    page = browser_page
    page.goto(f"{live_server.url}/dang-nhap/?next=/thanh-toan/{dossier.code}/")
    sign_in(page, dossier.applicant_id_number)
    page.get_by_role("button", name="Thanh toán 50.000 đ").click()
    expect(page.get_by_role("heading", name="Xác nhận thanh toán")).to_be_visible()

    # She leaves the bank's page without choosing, and comes back after its time ran out.
    page.goto(f"{live_server.url}/thanh-toan/{dossier.code}/")
    expect(page.locator("tr.payment")).to_contain_text("Đang chờ thanh toán")
    Payment.objects.filter(dossier=dossier).update(created_at=timezone.now() - timedelta(minutes=30))
    page.reload()
    expect(page.locator("tr.payment")).to_contain_text("Chưa hoàn tất, đã hết hạn")
    expect(page.get_by_text("Đang chờ thanh toán")).to_have_count(0)

    page.get_by_role("button", name="Thanh toán 50.000 đ").click()
    page.get_by_role("button", name="Thanh toán thành công").click()
    expect(page.locator(".messages .success")).to_have_text("Đã thanh toán thành công 50.000 đ.")
    assert sorted(Payment.objects.filter(dossier=dossier).values_list("state", flat=True)) == ["expired", "succeeded"]
    assert Dossier.objects.get(pk=dossier.pk).fee_paid == 50_000
