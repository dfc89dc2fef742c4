"""The VNPay message format: a vector signed by hand, and every way a message can be forged."""

import pytest

from motcua.payments.gateways.base import BadSignature, registry
from motcua.payments.gateways.vnpay import protocol
from motcua.payments.models import Payment
from motcua.payments.tests.conftest import SECRET, TERMINAL, bank_answer, query_of

REQUEST = {
    "vnp_Version": "2.1.0",
    "vnp_TxnRef": "abc123",
    "vnp_TmnCode": "MOTCUA01",
    "vnp_ReturnUrl": "https://dichvucong.example.gov.vn/thanh-toan/ket-qua/vnpay/",
    "vnp_OrderType": "other",
    "vnp_OrderInfo": "Thanh toan phi ho so 000.01.01.H56-260302-0001",
    "vnp_Locale": "vn",
    "vnp_IpAddr": "127.0.0.1",
    "vnp_CurrCode": "VND",
    "vnp_CreateDate": "20260302080000",
    "vnp_Command": "pay",
    "vnp_Amount": "5000000",
}
# Sorted by name, values URL-encoded with spaces as "+", written out by hand.
CANONICAL = (
    "vnp_Amount=5000000&vnp_Command=pay&vnp_CreateDate=20260302080000&vnp_CurrCode=VND&vnp_IpAddr=127.0.0.1"
    "&vnp_Locale=vn&vnp_OrderInfo=Thanh+toan+phi+ho+so+000.01.01.H56-260302-0001&vnp_OrderType=other"
    "&vnp_ReturnUrl=https%3A%2F%2Fdichvucong.example.gov.vn%2Fthanh-toan%2Fket-qua%2Fvnpay%2F"
    "&vnp_TmnCode=MOTCUA01&vnp_TxnRef=abc123&vnp_Version=2.1.0"
)
# printf '%s' "$CANONICAL" | openssl dgst -sha512 -hmac SECRETKEYFORTESTS
EXPECTED = (
    "441f8c64b34daac135f8193538241214ef4ead8beb6c01ad0d4aff5b8dbfcf98"
    "602490187b27b729ec40d19c425fd39f8c739c1e2e3fab9ef48fe775815a7757"
)


def test_signed_text_is_the_sorted_url_encoded_parameters():
    assert protocol.canonical(REQUEST) == CANONICAL


def test_signature_is_hmac_sha512_of_that_text_in_hex():
    assert protocol.signature(REQUEST, SECRET) == EXPECTED


def test_the_hash_itself_is_left_out_of_what_is_signed():
    signed = {**REQUEST, "vnp_SecureHash": EXPECTED, "vnp_SecureHashType": "HmacSHA512"}
    assert protocol.canonical(signed) == CANONICAL
    assert protocol.verify(signed, SECRET) == signed


def test_a_hash_in_capitals_is_accepted():
    assert protocol.verify({**REQUEST, "vnp_SecureHash": EXPECTED.upper()}, SECRET)


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda p: {**p, "vnp_Amount": "100"}, id="amount changed"),
        pytest.param(lambda p: {**p, "vnp_TxnRef": "abc124"}, id="reference changed"),
        pytest.param(lambda p: {**p, "vnp_ExtraField": "x"}, id="parameter added"),
        pytest.param(lambda p: {k: v for k, v in p.items() if k != "vnp_Locale"}, id="parameter removed"),
        pytest.param(lambda p: {k: v for k, v in p.items() if k != "vnp_SecureHash"}, id="hash missing"),
        pytest.param(lambda p: {**p, "vnp_SecureHash": protocol.signature(p, "another secret")}, id="other secret"),
    ],
)
def test_tampered_messages_are_refused(forge):
    signed = {**REQUEST, "vnp_SecureHash": EXPECTED}
    with pytest.raises(BadSignature):
        protocol.verify(forge(signed), SECRET)


def test_no_secret_verifies_nothing():
    with pytest.raises(BadSignature):
        protocol.verify({**REQUEST, "vnp_SecureHash": protocol.signature(REQUEST, "")}, "")


class TestVNPayGateway:
    def test_disabled_until_configured(self, settings):
        settings.VNPAY_TMN_CODE = settings.VNPAY_HASH_SECRET = settings.VNPAY_PAYMENT_URL = ""
        assert registry.enabled("vnpay") is None

    def test_start_redirects_to_the_bank_with_a_signed_pay_request(self, vnpay, world, dossier):
        payment = Payment.objects.create(dossier=dossier, payer=world.citizen, amount=50_000, gateway="vnpay", client_ip="10.0.0.7")
        url = registry["vnpay"].start(payment, "https://dvc.example/thanh-toan/ket-qua/vnpay/")
        assert url.startswith("https://sandbox.vnpayment.vn/paymentv2/vpcpay.html?")
        params = protocol.verify(query_of(url), SECRET)
        assert params["vnp_Amount"] == "5000000"
        assert params["vnp_TxnRef"] == payment.reference
        assert params["vnp_TmnCode"] == TERMINAL
        assert params["vnp_IpAddr"] == "10.0.0.7"
        assert params["vnp_ReturnUrl"] == "https://dvc.example/thanh-toan/ket-qua/vnpay/"

    def test_answer_is_read_in_dong(self, vnpay, world, dossier):
        payment = Payment.objects.create(dossier=dossier, payer=world.citizen, amount=50_000, gateway="vnpay")
        result = registry["vnpay"].verify_notification(bank_answer(payment))
        assert (result.reference, result.amount, result.succeeded, result.transaction_id) == (
            payment.reference, 50_000, True, "14422574",
        )

    def test_answer_for_another_terminal_is_refused(self, vnpay, world, dossier):
        payment = Payment.objects.create(dossier=dossier, payer=world.citizen, amount=50_000, gateway="vnpay")
        with pytest.raises(BadSignature):
            registry["vnpay"].verify_notification(bank_answer(payment, vnp_TmnCode="OTHER001"))
