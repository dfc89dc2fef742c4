"""The desk prints the receipt of a dossier filed by an applicant with a long name and address
for a procedure with many papers: one A4 sheet whose barcode a scanner reads; and the forms
of several dossiers downloaded at once from the (threaded) server all come back whole."""


import pytest
from django.urls import reverse
from playwright.sync_api import expect

from motcua.catalog.models import RequiredDocument
from motcua.catalog.tests.factories import ProcedureVersionFactory
from motcua.dossiers.tests.conftest import World
from motcua.printforms.tests.conftest import pdf_pages
from motcua.printforms.tests.scanning import zbar_codes
from motcua.printforms.tests.test_demo_forms import LONG_ADDRESS, LONG_NAME
from motcua.tests_browser.journeys import log_in, printed_form

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    return World()


def test_the_desk_prints_a_long_receipt_on_one_page_and_many_at_once(live_server, browser_page, world, tmp_path):
    version = ProcedureVersionFactory(
        procedure__owner=world.commune, agencies=[world.commune],
        name="Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam theo hình thức di chuyển nội bộ doanh nghiệp",
    )
    for order in range(2, 9):
        RequiredDocument.objects.create(
            version=version, order=order, originals=1, copies=1,
            name=f"Giấy tờ số {order}: văn bản chứng minh kinh nghiệm, trình độ chuyên môn của người lao động, có hợp pháp hóa lãnh sự",
        )
    dossiers = [
        world.receive(version=version, delivery="post", applicant=world.applicant(name=LONG_NAME, address=LONG_ADDRESS))
        for _ in range(6)
    ]
    page = browser_page
    log_in(page, live_server, "pc.reception")

    page.goto(f"{live_server.url}/mot-cua/ho-so/{dossiers[0].code}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(dossiers[0].code)
    receipt = printed_form(page, live_server, "Mẫu 01")
    assert len(pdf_pages(receipt)) == 1
    assert zbar_codes(receipt, tmp_path) == [dossiers[0].code]

    # The browser asks for every dossier's receipt at the same moment, three times over.
    addresses = [reverse("printforms:mau-01", kwargs={"code": dossier.code}) for dossier in dossiers] * 3
    answers = page.evaluate(
        """async (addresses) => Promise.all(addresses.map(async (address) => {
            const response = await fetch(address);
            const body = new Uint8Array(await response.arrayBuffer());
            return [response.status, response.headers.get("content-type"), String.fromCharCode(...body.slice(0, 5)), body.length];
        }))""",
        addresses,
    )
    assert [status for status, *_rest in answers] == [200] * len(addresses)
    assert all(kind.startswith("application/pdf") and start == "%PDF-" for _status, kind, start, _size in answers)
