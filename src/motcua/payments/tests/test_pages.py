"""The applicant's payment page: who may pay what, and what a later visit shows."""

import pytest

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import CitizenFactory
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier, State
from motcua.payments.models import Payment
from motcua.payments.tests.conftest import SECRET, bank_answer, query_of


def page(dossier) -> str:
    return f"/thanh-toan/{dossier.code}/"


def test_the_owner_sees_what_is_due_and_a_button_to_pay(client, world, dossier):
    client.force_login(world.citizen)
    response = client.get(page(dossier))
    assert response.status_code == 200
    text = response.content.decode()
    assert dossier.code in text and "50.000 đ" in text
    assert "Thanh toán 50.000 đ" in text


def test_paying_creates_a_pending_payment_of_what_is_outstanding_and_goes_to_the_bank(client, world, dossier, vnpay):
    client.force_login(world.citizen)
    response = client.post(page(dossier))
    payment = Payment.objects.get(dossier=dossier)
    assert (payment.state, payment.amount, payment.gateway, payment.payer) == (Payment.State.PENDING, 50_000, "vnpay", world.citizen)
    assert len(payment.reference) == 32
    assert response.status_code == 302
    assert response["Location"].startswith("https://sandbox.vnpayment.vn/")
    assert query_of(response["Location"])["vnp_ReturnUrl"] == "http://testserver/thanh-toan/ket-qua/vnpay/"


def test_anonymous_visitors_are_sent_to_sign_in(client, dossier):
    response = client.get(page(dossier))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


@pytest.mark.parametrize("who", ["other citizen", "desk official"])
def test_nobody_else_may_see_or_start_a_payment(client, world, dossier, who):
    client.force_login(CitizenFactory(username="nguoikhac") if who == "other citizen" else world.staff[Role.RECEPTION])
    assert client.get(page(dossier)).status_code == 404
    assert client.post(page(dossier)).status_code == 404
    assert not Payment.objects.exists()


def test_an_unknown_dossier_looks_the_same_as_somebody_elses(client, world):
    client.force_login(world.citizen)
    assert client.get("/thanh-toan/000.01.01.H56-260302-9999/").status_code == 404


@pytest.mark.parametrize(
    "change, reason",
    [
        (lambda d: ProcedureVersion.objects.filter(pk=d.procedure_version_id).update(online_mode=ProcedureVersion.OnlineMode.COUNTER), "không thanh toán trực tuyến"),
        (lambda d: ProcedureVersion.objects.filter(pk=d.procedure_version_id).update(online_mode=ProcedureVersion.OnlineMode.PARTIAL), "không thanh toán trực tuyến"),
        (lambda d: Dossier.objects.filter(pk=d.pk).update(fee_due=0), "không còn phí"),
        (lambda d: Dossier.objects.filter(pk=d.pk).update(fee_paid=50_000), "không còn phí"),
        (lambda d: Dossier.objects.filter(pk=d.pk).update(state=State.SUPPLEMENT_REQUESTED), "Chưa thể nộp phí"),
        (lambda d: Dossier.objects.filter(pk=d.pk).update(state=State.WITHDRAWN), "Chưa thể nộp phí"),
    ],
    ids=["counter-only", "partly online", "fee-free", "already paid", "not yet received", "withdrawn"],
)
def test_payments_are_refused_where_they_do_not_belong(client, world, dossier, change, reason):
    change(dossier)
    client.force_login(world.citizen)
    shown = client.get(page(dossier)).content.decode()
    assert reason in shown and "Thanh toán 50.000 đ" not in shown
    response = client.post(page(dossier), follow=True)
    assert reason in response.content.decode()
    assert not Payment.objects.exists()


def test_closing_the_browser_mid_payment_loses_nothing(client, world, dossier, vnpay):
    """The applicant leaves for the bank and never comes back; the bank's server-to-server
    notification alone completes the payment, and a later visit shows it."""
    client.force_login(world.citizen)
    client.post(page(dossier))
    payment = Payment.objects.get(dossier=dossier)
    assert "Đang chờ thanh toán" in client.get(page(dossier)).content.decode()

    client.logout()
    assert client.get("/thanh-toan/ipn/vnpay/", bank_answer(payment)).json()["RspCode"] == "00"

    client.force_login(world.citizen)
    later = client.get(page(dossier)).content.decode()
    assert "Đã thanh toán" in later and f"/thanh-toan/bien-lai/{payment.reference}/" in later
    assert "Thanh toán 50.000 đ" not in later
    assert Dossier.objects.get(pk=dossier.pk).fee_outstanding == 0


def test_the_return_shows_the_state_the_notification_set_not_what_the_browser_claims(client, world, dossier, vnpay):
    client.force_login(world.citizen)
    client.post(page(dossier))
    payment = Payment.objects.get(dossier=dossier)
    response = client.get("/thanh-toan/ket-qua/vnpay/", bank_answer(payment), follow=True)
    assert "Đang chờ ngân hàng xác nhận" in response.content.decode()
    payment.refresh_from_db()
    assert payment.state == Payment.State.PENDING
    assert Dossier.objects.get(pk=dossier.pk).fee_paid == 0


def test_a_forged_return_is_refused(client, world, dossier, vnpay):
    client.force_login(world.citizen)
    client.post(page(dossier))
    payment = Payment.objects.get(dossier=dossier)
    assert client.get("/thanh-toan/ket-qua/vnpay/", bank_answer(payment, secret=SECRET + "x")).status_code == 400


def test_officials_look_payments_up_read_only_in_the_administration(client, world, dossier):
    payment = Payment.objects.create(dossier=dossier, payer=world.citizen, amount=50_000, gateway="sandbox")
    other = Payment.objects.create(dossier=world.receive(), payer=world.citizen, amount=50_000, gateway="sandbox")
    Dossier.objects.filter(pk=other.dossier_id).update(receiving_agency=world.other_commune, current_agency=world.other_commune)
    Dossier.objects.get(pk=other.dossier_id).involved_agencies.set([world.other_commune])
    client.force_login(world.staff[Role.AGENCY_ADMIN])
    listing = client.get("/quan-tri/payments/payment/").content.decode()
    assert payment.reference in listing and other.reference not in listing
    assert client.post(f"/quan-tri/payments/payment/{payment.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Payment.objects.filter(pk=payment.pk).exists()


def test_no_payment_starts_while_the_chosen_gateway_is_not_configured(client, world, dossier, settings):
    settings.PAYMENT_GATEWAY = "vnpay"
    settings.VNPAY_TMN_CODE = ""
    client.force_login(world.citizen)
    response = client.post(page(dossier), follow=True)
    assert "chưa sẵn sàng" in response.content.decode()
    assert not Payment.objects.exists()
