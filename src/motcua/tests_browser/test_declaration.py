"""The declaration, as a citizen files it and an official reads it: the birth registration's
form (the demo catalog's own) filed online, its answers reviewed in plain words, its tờ khai
never asked as an upload; then the desk reads the same answers and prints the tờ khai."""

import pytest
from playwright.sync_api import expect

from motcua.accounts.tests.factories import CitizenFactory
from motcua.catalog.tests.factories import ProcedureVersionFactory
from motcua.demo.data import read
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import World
from motcua.printforms.tests.conftest import pdf_text
from motcua.tests_browser.journeys import log_in, printed_form, sign_in

pytestmark = pytest.mark.browser

SCAN = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
BIRTH = next(p for p in read("catalog")["procedures"] if p["code"] == "1.001193")


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = World()
    world.filer = CitizenFactory(
        username="nguoinop", full_name="Phạm Minh Anh", national_id="074190000555", phone="0987654321", address="5 Bạch Đằng"
    )
    world.version = ProcedureVersionFactory(
        procedure__code="1.001193", name="Đăng ký khai sinh", agencies=[world.commune], form_schema=BIRTH["form_schema"]
    )
    world.paper = world.version.documents.get(order=1)
    world.paper.name, world.paper.declaration = BIRTH["documents"][0]["name"], BIRTH["documents"][0]["declaration"]
    world.paper.save()
    return world


def test_citizen_reviews_answers_in_words_and_official_prints_the_tokhai(browser_page, live_server, world):
    page = browser_page
    page.goto(f"{live_server.url}/nop-ho-so/1.001193/")
    sign_in(page, "074190000555")
    page.get_by_label(world.commune.name).check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    expect(page.get_by_role("heading", name="Bước 3/6: Tờ khai")).to_be_visible()
    # The father's questions show only once the box is ticked; "Quan hệ với trẻ" only for "Người khác".
    expect(page.get_by_label("Họ, chữ đệm và tên người cha")).to_be_hidden()
    expect(page.get_by_label("Quan hệ với trẻ")).to_be_hidden()
    page.get_by_label("Khai thông tin người cha").check()
    expect(page.get_by_label("Họ, chữ đệm và tên người cha")).to_be_visible()
    page.get_by_label("Khai thông tin người cha").uncheck()
    expect(page.get_by_label("Họ, chữ đệm và tên người cha")).to_be_hidden()
    page.get_by_label("Họ, chữ đệm và tên của trẻ").fill("Phạm Minh Khôi")
    page.get_by_label("Nam", exact=True).check()
    page.get_by_label("Ngày, tháng, năm sinh").fill("2026-11-20")
    page.get_by_label("Nơi sinh").fill("Bệnh viện Đa khoa tỉnh")
    page.get_by_label("Dân tộc").select_option(label="Kinh")
    page.get_by_label("Họ, chữ đệm và tên người mẹ").fill("Phạm Minh Anh")
    page.get_by_label("Số định danh cá nhân của người mẹ").fill("074190000555")
    page.get_by_label("Cha", exact=True).check()
    page.get_by_label("Số bản sao Giấy khai sinh đề nghị cấp").fill("1.5")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    # A quantity takes whole numbers: the browser says so before anything is sent.
    expect(page.get_by_role("heading", name="Bước 3/6: Tờ khai")).to_be_visible()
    page.get_by_label("Số bản sao Giấy khai sinh đề nghị cấp").fill("2")
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    expect(page.get_by_role("heading", name="Bước 4/6: Giấy tờ đính kèm")).to_be_visible()
    expect(page.locator(".declaration-paper")).to_contain_text("không cần tải lên")
    expect(page.get_by_role("group", name=world.paper.name)).to_have_count(0)
    page.get_by_label("Tải lên tệp").first.set_input_files({"name": "chung-sinh.pdf", "mimeType": "application/pdf", "buffer": SCAN})
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.get_by_label("Trực tiếp tại bộ phận một cửa").check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()

    expect(page.get_by_role("heading", name="Bước 6/6: Kiểm tra và nộp")).to_be_visible()
    review = page.locator("section.review", has=page.get_by_role("heading", name="Nội dung tờ khai"))
    for label, value in [("Giới tính", "Nam"), ("Dân tộc", "Kinh"), ("Người đi đăng ký", "Cha"),
                         ("Ngày, tháng, năm sinh", "20/11/2026"), ("Khai thông tin người cha", "Không")]:
        expect(review.locator("div", has=page.get_by_text(label, exact=True)).locator("dd").first).to_have_text(value)
    expect(review).not_to_contain_text("False")
    expect(review).not_to_contain_text("Quan hệ với trẻ")

    # "Thay đổi" leads back to the answer; changing it shows on the review.
    page.get_by_role("link", name="Thay đổi Dân tộc").click()
    expect(page.get_by_role("heading", name="Bước 3/6: Tờ khai")).to_be_visible()
    assert page.url.endswith("#field-dan_toc")
    page.get_by_label("Dân tộc").select_option(label="Tày")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.goto(page.url.replace("/buoc/4/", "/buoc/6/"))
    expect(review.locator("div", has=page.get_by_text("Dân tộc", exact=True)).locator("dd").first).to_have_text("Tày")

    # The commitment is required before anything is filed.
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_role("heading", name="Bước 6/6: Kiểm tra và nộp")).to_be_visible()
    assert not Dossier.objects.exists()
    page.get_by_label("Tôi xin cam đoan").check()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_role("heading", name="Đã nộp hồ sơ")).to_be_visible()
    dossier = Dossier.objects.get()
    assert not dossier.documents.filter(required_document=world.paper).exists()

    # The desk reads the declaration on the dossier page and prints the tờ khai.
    log_in(page, live_server, "pc.reception")
    page.goto(f"{live_server.url}/mot-cua/ho-so/{dossier.code}/")
    declaration = page.locator("section.declaration")
    expect(declaration).to_contain_text("Phạm Minh Khôi")
    expect(declaration.locator("dt", has_text="Dân tộc").locator("xpath=following-sibling::dd[1]")).to_have_text("Tày")
    expect(declaration.locator("dt", has_text="Ngày, tháng, năm sinh").locator("xpath=following-sibling::dd[1]")).to_have_text("20/11/2026")
    text = pdf_text(printed_form(page, live_server, "In tờ khai (PDF)"))
    for expected in ["TỜ KHAI ĐĂNG KÝ KHAI SINH", "Họ, chữ đệm và tên của trẻ: Phạm Minh Khôi", "Giới tính: Nam",
                     "Ngày, tháng, năm sinh: 20/11/2026", "Dân tộc: Tày", "Khai thông tin người cha: Không", dossier.code]:
        assert expected in text, expected
