"""A district leader opens the monthly report, drills down into a figure, exports the
spreadsheet, opens the charts; anyone opens the public transparency page."""

from io import BytesIO

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from motcua.reports.tests.conftest import ReportWorld, _fresh_cache, vn  # noqa: F401 (fixture)
from motcua.tests_browser.journeys import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db) -> ReportWorld:
    world = ReportWorld()
    late = world.counter(vn(2026, 3, 2, 9))
    world.resolve(late, late.promised_at + (vn(2026, 3, 4) - vn(2026, 3, 3)))
    world.counter(vn(2026, 3, 20, 9))
    world.late_code = late.code
    return world


def test_leader_reads_drills_down_and_exports(live_server, browser_page, world):
    page = browser_page
    log_in(page, live_server, "tdm.leader")
    page.get_by_role("link", name="Báo cáo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tình hình giải quyết thủ tục hành chính")

    page.get_by_label("Kỳ báo cáo").fill("2026-03")
    page.get_by_role("button", name="Xem").click()
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=world.commune.name))
    expect(row).to_be_visible()

    # The commune's late dossiers: one link, one dossier.
    row.locator("a[href*='chi-tieu=resolved_late']").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Quá hạn")
    expect(page.get_by_role("link", name=world.late_code)).to_be_visible()
    page.get_by_role("link", name="Về báo cáo").click()

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải XLSX").click()
    sheet = load_workbook(BytesIO(open(download.value.path(), "rb").read())).active
    assert sheet["C5"].value == "Số hồ sơ nhận giải quyết"
    assert [c.value for c in sheet[sheet.max_row]][1] == "Tổng cộng"

    page.get_by_role("link", name="Biểu đồ").click()
    expect(page.locator("#bieu-do-xu-huong")).to_be_visible()
    # Chart.js has drawn every chart on its canvas. A function, not an expression: Playwright
    # polls an expression with eval, which the page's Content-Security-Policy refuses.
    page.wait_for_function("() => typeof Chart === 'function' && document.querySelectorAll('canvas').length > 0 && "
                           "[...document.querySelectorAll('canvas')].every(c => Chart.getChart(c))")

    page.get_by_role("link", name="Chỉ số chất lượng (QĐ 766)").click()
    expect(page.get_by_role("heading", name="Xếp hạng các cơ quan")).to_be_visible()


def test_public_page_without_signing_in(live_server, browser_page, world):
    page = browser_page
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Công khai kết quả").click()
    page.get_by_label("Kỳ").fill("2026-03")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_role("rowheader", name=world.commune.name)).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(world.late_code)
