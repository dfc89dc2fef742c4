"""The leader signs the result on the dossier page; a member of the public then checks the
downloaded file on the verification page."""

import pytest
from playwright.sync_api import expect

from motcua.accounts.models import Role
from motcua.backoffice.tests.helpers import ready, received_now
from motcua.dossiers.tests.conftest import World
from motcua.signatures import credentials
from motcua.signatures.tests.conftest import PASSWORD, _trust_test_root, pki_server, test_pki  # noqa: F401  (the test PKI)
from motcua.signatures.tests.helpers import a_pdf
from motcua.tests_browser.journeys import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db) -> World:
    return World()


def test_leader_signs_the_result_and_the_public_verifies_the_download(live_server, browser_page, world, test_pki, tmp_path):  # noqa: F811
    page = browser_page
    code = ready(world, received_now(world)).code
    credentials.import_pkcs12(
        content=test_pki.p12(test_pki.signer), password=PASSWORD, agency=world.commune,
        user=world.staff[Role.LEADER], title="Chủ tịch UBND phường",
    )
    result = tmp_path / "giay-phep.pdf"
    result.write_bytes(a_pdf())

    log_in(page, live_server, "pc.leader")
    page.goto(f"{live_server.url}/mot-cua/ho-so/{code}/")
    page.locator("details.action summary", has_text="Tải lên dự thảo, kết quả").click()
    page.get_by_label("Loại").select_option(label="Kết quả giải quyết")
    page.get_by_label("Tên văn bản").fill("Giấy phép xây dựng")
    page.get_by_label("Tệp").set_input_files(str(result))
    page.get_by_role("button", name="Tải lên").click()
    page.get_by_role("button", name="Ký số kết quả").click()
    expect(page.locator(".messages .success")).to_contain_text("Đã ký số")
    href = page.get_by_role("link", name="tải tệp đã ký").get_attribute("href")
    signed = page.request.get(f"{live_server.url}{href}").body()
    assert signed.startswith(b"%PDF")

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/xac-thuc/")
    page.get_by_label("Tệp PDF đã ký số").set_input_files({"name": "ket-qua.pdf", "mimeType": "application/pdf", "buffer": signed})
    page.get_by_role("button", name="Kiểm tra").click()
    outcome = page.locator(".verify-result")
    expect(outcome).to_contain_text("Tệp còn nguyên vẹn")
    expect(outcome).to_contain_text("Nguyễn Văn Lãnh Đạo")
    expect(outcome).to_contain_text(code)
