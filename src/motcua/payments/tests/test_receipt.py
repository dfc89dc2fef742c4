"""The electronic receipt: for the owner, once the payment has succeeded."""

import pypdfium2 as pdfium
import pytest

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import CitizenFactory
from motcua.payments.models import Payment
from motcua.payments.tests.conftest import bank_answer


@pytest.fixture
def succeeded(client, vnpay, world, dossier) -> Payment:
    payment = Payment.objects.create(dossier=dossier, payer=world.citizen, amount=50_000, gateway="vnpay")
    client.get("/thanh-toan/ipn/vnpay/", bank_answer(payment))
    payment.refresh_from_db()
    assert payment.state == Payment.State.SUCCEEDED
    return payment


def pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def test_the_receipt_page_shows_agency_code_payer_amount_and_references(client, world, dossier, succeeded):
    client.force_login(world.citizen)
    text = client.get(f"/thanh-toan/bien-lai/{succeeded.reference}/").content.decode()
    for expected in ("UBND phường Phú Cường", dossier.code, "Trần Thị Lan", "50.000 đ", succeeded.reference, "14422574"):
        assert expected in text


def test_the_receipt_pdf_shows_the_amount_and_the_code(client, world, dossier, succeeded):
    client.force_login(world.citizen)
    response = client.get(f"/thanh-toan/bien-lai/{succeeded.reference}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in ("BIÊN LAI THU PHÍ, LỆ PHÍ ĐIỆN TỬ", "50.000 đ", dossier.code, "Trần Thị Lan", succeeded.reference):
        assert expected in text


@pytest.mark.parametrize("who", ["other citizen", "desk official", "anonymous"])
def test_nobody_else_sees_the_receipt(client, world, succeeded, who):
    if who == "other citizen":
        client.force_login(CitizenFactory(username="nguoikhac"))
    elif who == "desk official":
        client.force_login(world.staff[Role.RECEPTION])
    for suffix in ("", "pdf/"):
        response = client.get(f"/thanh-toan/bien-lai/{succeeded.reference}/{suffix}")
        assert response.status_code == (302 if who == "anonymous" else 404)


def test_no_receipt_before_the_payment_succeeds(client, world, dossier):
    payment = Payment.objects.create(dossier=dossier, payer=world.citizen, amount=50_000, gateway="sandbox")
    client.force_login(world.citizen)
    assert client.get(f"/thanh-toan/bien-lai/{payment.reference}/").status_code == 404
    assert client.get(f"/thanh-toan/bien-lai/{payment.reference}/pdf/").status_code == 404
