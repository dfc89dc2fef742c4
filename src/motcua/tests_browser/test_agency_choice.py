"""Choosing the receiving agency among many: grouped by district, full names, a filter that
answers as one types (a name or an address), and the agency serving the applicant's address
chosen beforehand, in the citizen's filing wizard and at the counter."""

import pytest
from playwright.sync_api import expect

from motcua.accounts.models import Role, RoleAssignment
from motcua.accounts.tests.factories import CitizenFactory, official_with_role
from motcua.agencies.models import Agency
from motcua.catalog.tests.factories import ProcedureVersionFactory
from motcua.demo.province import load_province
from motcua.tests_browser.journeys import sign_in

pytestmark = pytest.mark.browser

AN_BINH_DI_AN = "UBND phường An Bình (TP. Dĩ An)"
AN_BINH_PHU_GIAO = "UBND xã An Bình (H. Phú Giáo)"


@pytest.fixture
def local(transactional_db):
    load_province()
    return list(Agency.objects.filter(level__in=[Agency.Level.DISTRICT, Agency.Level.COMMUNE]))


def test_the_wizard_offers_the_agency_of_the_profile_address_and_filters_as_one_types(browser_page, live_server, local):
    CitizenFactory(username="nguoinop", national_id="074190000555", address="Ấp 2, xã An Bình, huyện Phú Giáo")
    ProcedureVersionFactory(procedure__code="1.001193", agencies=local)
    page = browser_page
    page.goto(f"{live_server.url}/nop-ho-so/1.001193/")
    sign_in(page, "074190000555")

    expect(page.get_by_role("heading", name="Bước 1/6: Nơi nộp hồ sơ")).to_be_visible()
    expect(page.get_by_role("group", name="UBND huyện Phú Giáo").get_by_label(AN_BINH_PHU_GIAO)).to_be_checked()
    expect(page.get_by_label(AN_BINH_DI_AN)).not_to_be_checked()
    expect(page.get_by_text("Đã chọn sẵn UBND xã An Bình (H. Phú Giáo) theo địa chỉ")).to_be_visible()
    groups = page.locator("fieldset.agency-group > legend").all_inner_texts()
    assert groups[:3] == ["UBND huyện Bàu Bàng", "UBND huyện Bắc Tân Uyên", "UBND thành phố Bến Cát"]

    search = page.get_by_label("Lọc theo tên xã, phường, huyện hoặc địa chỉ")
    search.press_sequentially("an binh", delay=60)
    expect(page.get_by_role("status")).to_have_text("Có 2 cơ quan phù hợp.")
    expect(page.get_by_label(AN_BINH_DI_AN)).to_be_visible()
    expect(page.get_by_label("UBND phường Đông Hòa (TP. Dĩ An)")).to_be_hidden()
    expect(page.get_by_role("group", name="UBND huyện Bàu Bàng")).to_be_hidden()
    page.get_by_label(AN_BINH_DI_AN).check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page.get_by_role("heading", name="Bước 2/6: Thông tin người nộp")).to_be_visible()


def test_the_counter_chooser_picks_the_agency_from_an_address_typed(browser_page, live_server, local):
    by_name = {agency.name: agency for agency in local}
    officer = official_with_role(by_name["UBND phường Dĩ An"], Role.RECEPTION, username="dian.reception")
    for name in ("UBND phường An Bình", "UBND xã An Bình", "UBND phường Đông Hòa", "UBND thành phố Dĩ An"):
        for agency in (a for a in local if a.name == name):
            RoleAssignment.objects.create(user=officer, agency=agency, role=Role.RECEPTION)
    page = browser_page
    page.goto(f"{live_server.url}/mot-cua/tiep-nhan/moi/")
    sign_in(page, "dian.reception")

    expect(page.get_by_role("group", name="UBND huyện Phú Giáo").get_by_label(AN_BINH_PHU_GIAO)).to_be_visible()
    labels = page.get_by_role("group", name="UBND thành phố Dĩ An").locator("label").all_inner_texts()
    assert [label.strip() for label in labels] == [
        "UBND thành phố Dĩ An", AN_BINH_DI_AN, "UBND phường Dĩ An (TP. Dĩ An)", "UBND phường Đông Hòa (TP. Dĩ An)",
    ]
    search = page.get_by_label("Lọc theo tên xã, phường, huyện hoặc địa chỉ")
    search.press_sequentially("12 đường số 5, phường An Bình, TP. Dĩ An", delay=60)
    expect(page.get_by_label(AN_BINH_DI_AN)).to_be_checked()
    expect(page.get_by_role("status")).to_have_text("Có 4 cơ quan phù hợp.")
    search.press("Enter")  # filters; does not send the form
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.locator("p.agency strong")).to_have_text("UBND phường An Bình")
