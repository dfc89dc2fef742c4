"""An agency admin publishes a new version of their procedure through the administration site."""

import pytest
from playwright.sync_api import expect

from motcua.accounts.tests.factories import Role, official_with_role
from motcua.agencies.models import Agency
from motcua.agencies.tests.factories import AgencyFactory
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.tests.factories import ProcedureVersionFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def commune(transactional_db):
    district = AgencyFactory(code="000.01.00.H56", name="UBND thành phố Thủ Dầu Một", short_name="TDM", level=Agency.Level.DISTRICT)
    ours = AgencyFactory(code="000.01.01.H56", name="UBND phường Phú Cường", short_name="PC", parent=district)
    theirs = AgencyFactory(code="000.01.02.H56", name="UBND phường Hiệp Thành", short_name="HT", parent=district)
    ProcedureVersionFactory(procedure__code="1.001193", procedure__owner=ours, name="Đăng ký khai sinh")
    ProcedureVersionFactory(procedure__code="1.001022", procedure__owner=theirs, name="Đăng ký kết hôn")
    official_with_role(ours, Role.AGENCY_ADMIN, username="pc.quantri", full_name="Nguyễn Thị Hoa")
    return ours


def test_an_agency_admin_publishes_a_new_version(live_server, browser_page, commune):
    page = browser_page
    page.goto(f"{live_server.url}/quan-tri/")
    page.get_by_label("Tên đăng nhập").fill("pc.quantri")
    page.get_by_label("Mật khẩu").fill("matkhau-thu-nghiem")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator("#site-name")).to_have_text("MotCua – Quản trị hệ thống một cửa")

    page.get_by_role("link", name="Thủ tục hành chính", exact=True).first.click()
    results = page.locator("#result_list tbody")
    expect(results).to_contain_text("1.001193")
    expect(results).to_contain_text("Đăng ký khai sinh")
    expect(results).not_to_contain_text("1.001022")

    results.get_by_role("link", name="1.001193").click()
    page.get_by_role("button", name="Tạo phiên bản mới").click()
    expect(page.locator(".messagelist")).to_contain_text("Đã tạo bản nháp phiên bản 2 của thủ tục 1.001193.")

    page.get_by_role("button", name="Công bố").click()
    expect(page.locator(".messagelist .success")).to_have_text("Đã công bố phiên bản 2 của thủ tục 1.001193.")
    assert list(commune.owned_procedures.get().versions.values_list("number", "status")) == [
        (2, ProcedureVersion.Status.PUBLISHED),
        (1, ProcedureVersion.Status.SUPERSEDED),
    ]
