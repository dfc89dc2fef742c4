"""A counter dossier through the back office to its returned result, one official after another."""

import re

import pytest
from playwright.sync_api import expect

from motcua.dossiers.models import Dossier, State
from motcua.dossiers.tests.conftest import World
from motcua.tests_browser.journeys import log_in, take

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db) -> World:
    return World()


def test_a_counter_dossier_from_handover_to_returned_result(live_server, browser_page, world):
    page = browser_page
    code = world.receive().code
    dossier_url = f"{live_server.url}/mot-cua/ho-so/{code}/"

    log_in(page, live_server, "pc.reception")
    expect(page.get_by_label("Mã hồ sơ", exact=True)).to_be_focused()
    page.locator(".worklists").get_by_role("link", name="Chờ chuyển xử lý").click()
    expect(page.get_by_role("heading", name="Chờ chuyển xử lý")).to_be_visible()
    expect(page.locator("#ket-qua")).to_contain_text(code)

    # What a USB barcode scanner does: type the code, then Enter.
    page.get_by_label("Mã hồ sơ", exact=True).fill(code)
    page.get_by_label("Mã hồ sơ", exact=True).press("Enter")
    expect(page).to_have_url(dossier_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {code}")
    take(page, "hand_over", **{"Ý kiến": "Hồ sơ đủ thành phần"})

    log_in(page, live_server, "pc.division_head")
    page.locator(".nav-lists").get_by_role("link", name=re.compile("Chờ phân công")).click()
    page.get_by_role("link", name=code).click()
    take(page, "assign", **{"Chuyên viên thụ lý": str(world.staff["handler"])})

    log_in(page, live_server, "pc.handler")
    page.goto(dossier_url)
    page.get_by_label("Ghi chú cho cán bộ khác").fill("Đã đối chiếu bản chính")
    page.get_by_role("button", name="Thêm ghi chú").click()
    expect(page.locator("#ghi-chu .notes")).to_contain_text("Đã đối chiếu bản chính")
    take(page, "process")

    log_in(page, live_server, "pc.division_head")
    page.goto(dossier_url)
    expect(page.locator("#ghi-chu")).to_contain_text("Đã đối chiếu bản chính")
    take(page, "review")

    log_in(page, live_server, "pc.leader")
    page.goto(dossier_url)
    take(page, "approve")

    log_in(page, live_server, "pc.reception")
    page.goto(dossier_url)
    take(page, "collect_fees")
    take(page, "return_result", **{"Ý kiến": "Bà Lan nhận trực tiếp"})

    expect(page.locator(".dossier-head .state")).to_contain_text("Đã trả kết quả")
    timeline = page.locator(".timeline")
    for step in ("Tiếp nhận hồ sơ", "Chuyển xử lý", "Phân công thụ lý", "Hoàn thành thụ lý", "Xét duyệt", "Ký duyệt", "Thu phí, lệ phí", "Trả kết quả"):
        expect(timeline.locator(".event-action", has_text=step).first).to_be_visible()
    assert Dossier.objects.get(code=code).state == State.RETURNED


def test_the_filters_refresh_the_list_in_place(live_server, browser_page, world):
    page = browser_page
    code = world.receive().code
    log_in(page, live_server, "pc.reception")
    page.goto(f"{live_server.url}/mot-cua/viec/chuyen-xu-ly/")
    assert page.evaluate("typeof htmx") == "object", "htmx is not served: the back office has no partial updates"
    results = page.locator("#ket-qua")
    search = page.get_by_label("Tìm mã hồ sơ, người nộp, số định danh")
    search.fill("khong co ai")
    expect(results).to_contain_text("Không có hồ sơ nào.")
    search.fill("tran thi lan")  # accents optional
    expect(results).to_contain_text(code)
    expect(page).to_have_url(re.compile(r"q=tran"))
    page.get_by_label("Thời hạn").select_option(label="Quá hạn")
    expect(page).to_have_url(re.compile(r"due=overdue"))
    expect(results.get_by_text("Quá hạn", exact=True)).to_be_visible()
