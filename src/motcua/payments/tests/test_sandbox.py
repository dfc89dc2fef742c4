"""The sandbox gateway: a pretend bank that signs exactly like VNPay and notifies before
sending the browser back."""

from urllib.parse import urlsplit

from motcua.dossiers.models import Dossier
from motcua.payments.gateways.sandbox import gateway as sandbox
from motcua.payments.gateways.vnpay import protocol
from motcua.payments.models import Payment
from motcua.payments.tests.conftest import query_of


def to_the_bank(client, world, dossier) -> str:
    client.force_login(world.citizen)
    response = client.post(f"/thanh-toan/{dossier.code}/")
    assert response.status_code == 302
    return response["Location"]


def test_the_bank_page_shows_the_order_and_two_choices(client, world, dossier):
    url = to_the_bank(client, world, dossier)
    payment = Payment.objects.get(dossier=dossier)
    assert url.startswith(f"/thanh-toan/sandbox/{payment.reference}/?")
    text = client.get(url).content.decode()
    assert "50.000 đ" in text and "Thanh toán thành công" in text and "Hủy" in text


def test_paying_notifies_then_returns_with_parameters_signed_like_vnpay(client, world, dossier):
    url = to_the_bank(client, world, dossier)
    response = client.post(url, {"outcome": "pay"})
    payment = Payment.objects.get(dossier=dossier)
    # The notification was applied before the browser was sent back.
    assert payment.state == Payment.State.SUCCEEDED
    assert Dossier.objects.get(pk=dossier.pk).fee_paid == 50_000
    back = response["Location"]
    assert urlsplit(back).path == "/thanh-toan/ket-qua/sandbox/"
    params = protocol.verify(query_of(back), sandbox.secret())
    assert (params["vnp_ResponseCode"], params["vnp_Amount"], params["vnp_TxnRef"]) == ("00", "5000000", payment.reference)
    page = client.get(back, follow=True).content.decode()
    assert "Đã thanh toán thành công 50.000 đ" in page


def test_cancelling_leaves_the_fees_unpaid(client, world, dossier):
    url = to_the_bank(client, world, dossier)
    page = client.post(url, {"outcome": "cancel"}, follow=True).content.decode()
    assert Payment.objects.get(dossier=dossier).state == Payment.State.CANCELLED
    assert Dossier.objects.get(pk=dossier.pk).fee_paid == 0
    assert "Bạn đã hủy thanh toán" in page and "Thanh toán 50.000 đ" in page


def test_a_tampered_request_is_refused_by_the_bank(client, world, dossier):
    url = to_the_bank(client, world, dossier)
    assert client.get(url.replace("vnp_Amount=5000000", "vnp_Amount=100")).status_code == 400
    assert client.post(url.replace("vnp_Amount=5000000", "vnp_Amount=100"), {"outcome": "pay"}).status_code == 400
    assert Payment.objects.get(dossier=dossier).state == Payment.State.PENDING


def test_paying_twice_on_the_bank_page_pays_once(client, world, dossier):
    url = to_the_bank(client, world, dossier)
    client.post(url, {"outcome": "pay"})
    client.post(url, {"outcome": "pay"})
    assert Dossier.objects.get(pk=dossier.pk).fee_paid == 50_000
    assert Dossier.objects.get(pk=dossier.pk).events.filter(action="record_online_payment").count() == 1


def test_the_sandbox_is_closed_when_another_gateway_is_chosen(client, world, dossier, settings):
    url = to_the_bank(client, world, dossier)
    settings.PAYMENT_GATEWAY = "vnpay"
    assert client.get(url).status_code == 404
    assert client.post(url, {"outcome": "pay"}).status_code == 404
    assert Payment.objects.get(dossier=dossier).state == Payment.State.PENDING
