"""The population database in the browser: the counter fills the applicant from it, marked
as such, and the citizen then sees that look-up in their "Lịch sử khai thác dữ liệu". The
stand-in database is a real HTTPS server with client certificates, started on a free port."""

import re

import pytest
from playwright.sync_api import expect

from motcua.accounts.models import PersonalDataAccess
from motcua.accounts.tests.factories import CitizenFactory, verified
from motcua.catalog.tests.factories import ProcedureVersionFactory
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import World
from motcua.population.tests.conftest import credentials, population, standin  # noqa: F401 (fixtures)
from motcua.tests_browser.conformance import assert_accessible, validate_html
from motcua.tests_browser.journeys import htmx_enhanced, log_in, settled, sign_in

pytestmark = pytest.mark.browser

HA = "074190012345"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def world(transactional_db, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    return World()


def served_html(page, address: str, folder) -> dict:
    """Visit `address` and keep the HTML the server sent, for the Nu HTML checker."""
    response = page.goto(address)
    assert response is not None and response.ok
    path = folder / f"{len(list(folder.iterdir())):03d}.html"
    path.write_bytes(response.body())
    return {address: path}


@pytest.mark.usefixtures("population")
def test_counter_prefill_then_the_citizen_sees_who_looked_them_up(live_server, browser_page, world, tmp_path):
    birth = ProcedureVersionFactory(procedure__code="1.001193", procedure__owner=world.commune, agencies=[world.commune], name="Đăng ký khai sinh")
    citizen = verified(CitizenFactory(username="thuha", full_name="Nguyễn Thị Thu Hà"), HA)
    page = browser_page
    served = tmp_path / "served"
    served.mkdir()

    log_in(page, live_server, "pc.reception")
    page.goto(f"{live_server.url}/mot-cua/tiep-nhan/moi/?thu_tuc={birth.pk}")
    enhanced = htmx_enhanced(page)
    page.get_by_label("Số định danh cá nhân (12 số) hoặc mã số thuế").fill(HA)
    page.get_by_label("Họ tên người nộp / tên tổ chức").fill("Nguyen Thi Thu Ha")  # typed without accents, then corrected
    page.get_by_role("button", name="Điền theo CSDL dân cư").click()
    register = page.locator(".population")
    expect(register).to_contain_text("Theo CSDL quốc gia về dân cư")
    expect(register).to_contain_text("12/04/1990")
    expect(register).to_contain_text("Nữ")
    name = page.get_by_label("Họ tên người nộp / tên tổ chức")
    expect(name).to_have_value("Nguyễn Thị Thu Hà")
    expect(name).to_have_accessible_description("Theo CSDL quốc gia về dân cư")
    expect(page.get_by_label("Địa chỉ")).to_have_value("Số 15, đường Yersin, phường Phú Cường, thành phố Thủ Dầu Một, tỉnh Bình Dương")
    if enhanced:
        settled(page)
    assert_accessible(page, "quầy sau khi điền theo CSDL dân cư")

    page.get_by_label("Nội dung yêu cầu").fill("Đăng ký khai sinh cho con")
    for received in page.get_by_label("Đã nhận").all():
        received.check()
    page.get_by_label("Trực tiếp tại bộ phận một cửa").check()
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(page).to_have_url(re.compile(r"/mot-cua/ho-so/[^/]+/$"))
    dossier = Dossier.objects.get()
    assert dossier.applicant_name == "Nguyễn Thị Thu Hà"
    assert PersonalDataAccess.objects.get(source=PersonalDataAccess.Source.POPULATION).dossier == dossier

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/dang-nhap/")
    sign_in(page, citizen.national_id)
    page.get_by_role("link", name="Lịch sử khai thác dữ liệu").click()
    expect(page.get_by_role("heading", name="Lịch sử khai thác dữ liệu")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=dossier.code)
    expect(row).to_contain_text("UBND phường Phú Cường")
    expect(row).to_contain_text("Điền thông tin người nộp khi tiếp nhận tại quầy")
    expect(row).to_contain_text("Cơ sở dữ liệu quốc gia về dân cư")
    assert_accessible(page, "lịch sử khai thác dữ liệu")
    files = served_html(page, f"{live_server.url}/tai-khoan/lich-su-khai-thac-du-lieu/", served)
    errors = validate_html(files)
    assert not errors, "\n".join(errors)
