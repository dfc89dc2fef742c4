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


def test_the_leader_signs_the_handlers_draft_which_becomes_the_result(live_server, browser_page, world, test_pki, tmp_path):  # noqa: F811
    """No re-upload as “final”: the leader signs the draft itself; the signed file is the
    dossier's result and is not offered for signing again; “Chuyển xử lý” says where to."""
    from motcua.backoffice.tests.helpers import assigned
    from motcua.dossiers import lifecycle
    from motcua.dossiers.models import DocumentKind, Dossier
    from motcua.signatures.models import DocumentSignature

    page = browser_page
    code = received_now(world).code
    credentials.import_pkcs12(
        content=test_pki.p12(test_pki.signer), password=PASSWORD, agency=world.commune,
        user=world.staff[Role.LEADER], title="Chủ tịch UBND phường",
    )
    draft = tmp_path / "du-thao.pdf"
    draft.write_bytes(a_pdf())

    # The desk sees where “Chuyển xử lý” sends the dossier: the next step, its division and who.
    log_in(page, live_server, "pc.reception")
    page.goto(f"{live_server.url}/mot-cua/ho-so/{code}/")
    hand_over = page.locator("details.action", has=page.locator('form[data-action="hand_over"]'))
    expect(hand_over.locator("summary")).to_have_text("Chuyển xử lý → Phân công thụ lý")
    hand_over.locator("summary").click()
    expect(hand_over.locator(".destination")).to_contain_text("Bộ phận chuyên môn")
    expect(hand_over.locator(".destination")).to_contain_text(str(world.staff[Role.DIVISION_HEAD]))
    expect(hand_over.get_by_role("button")).to_have_text("Chuyển xử lý → Phân công thụ lý")

    # The handler uploads a draft and completes the step; the head of division reviews.
    dossier = assigned(world, Dossier.objects.get(code=code))
    log_in(page, live_server, "pc.handler")
    page.goto(f"{live_server.url}/mot-cua/ho-so/{code}/")
    page.locator("details.action summary", has_text="Tải lên dự thảo, kết quả").click()
    page.get_by_label("Loại").select_option(label="Dự thảo kết quả")
    page.get_by_label("Tên văn bản").fill("Giấy phép xây dựng")
    page.get_by_label("Tệp").set_input_files(str(draft))
    page.get_by_role("button", name="Tải lên").click()
    expect(page.locator(".messages .success")).to_contain_text("Đã tải lên")
    expect(page.get_by_role("button", name="Ký số kết quả")).to_have_count(0)  # not the handler's to sign
    lifecycle.review(dossier=lifecycle.process(dossier=dossier, actor=world.staff[Role.HANDLER]), actor=world.staff[Role.DIVISION_HEAD])

    # The leader signs the draft as it is.
    log_in(page, live_server, "pc.leader")
    page.goto(f"{live_server.url}/mot-cua/ho-so/{code}/")
    expect(page.locator("form[data-sign=result]")).to_contain_text("không cần tải lên lại")
    expect(page.locator('form[data-action="reassign"]')).to_have_count(0)  # the only handler already has it
    expect(page.locator('form[data-action="collect_fees"]')).to_have_count(0)  # not the leader's
    page.get_by_role("button", name="Ký số kết quả").click()
    expect(page.locator(".messages .success")).to_contain_text("Đã ký số")
    expect(page.get_by_role("button", name="Ký số kết quả")).to_have_count(0)  # signed: not offered again
    results = page.locator("section[aria-labelledby=giay-to]")
    expect(results).to_contain_text("Kết quả giải quyết: Giấy phép xây dựng (đã ký số)")
    expect(page.locator("details.action summary", has_text="Ký duyệt")).to_have_text("Ký duyệt → Trả kết quả")

    [final] = Dossier.objects.get(code=code).documents.filter(kind=DocumentKind.FINAL_RESULT)
    assert DocumentSignature.objects.get(document=final).signed_by == world.staff[Role.LEADER]
    assert final.file.open("rb").read().startswith(b"%PDF")
