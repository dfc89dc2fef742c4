from urllib.parse import parse_qsl, urlsplit

import pytest

from motcua.accounts.tests.factories import verified
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import World
from motcua.payments.gateways.vnpay import protocol
from motcua.payments.models import Payment

SECRET = "SECRETKEYFORTESTS"
TERMINAL = "TESTTMN1"


@pytest.fixture
def world(db) -> World:
    return World()


@pytest.fixture
def dossier(world) -> Dossier:
    """Received at the commune's desk, filed by world.citizen, 50.000 đ of fees unpaid."""
    dossier = world.receive()
    verified(world.citizen, dossier.applicant_id_number)
    return Dossier.objects.get(pk=dossier.pk)


@pytest.fixture
def vnpay(settings):
    settings.PAYMENT_GATEWAY = "vnpay"
    settings.VNPAY_TMN_CODE = TERMINAL
    settings.VNPAY_HASH_SECRET = SECRET
    settings.VNPAY_PAYMENT_URL = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
    return settings


def bank_answer(payment: Payment, *, code: str = "00", amount: int | None = None, secret: str = SECRET, **extra) -> dict:
    """What VNPay sends, signed, after the customer acts on its page."""
    params = {
        "vnp_Amount": str((payment.amount if amount is None else amount) * 100),
        "vnp_BankCode": "NCB",
        "vnp_BankTranNo": "VNP14422574",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": f"Thanh toan phi ho so {payment.dossier.code}",
        "vnp_PayDate": "20261123160000",
        "vnp_ResponseCode": code,
        "vnp_TmnCode": TERMINAL,
        "vnp_TransactionNo": "14422574",
        "vnp_TransactionStatus": code if code == "00" else "02",
        "vnp_TxnRef": payment.reference,
        **extra,
    }
    return {**params, protocol.HASH: protocol.signature(params, secret)}


def query_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
