"""The demo's certificates: issued at demo load by a demo CA, enough for the demo leader,
reception officer and clerk (seal) to sign, and not issued twice."""

from datetime import UTC, datetime

import pytest

from motcua.accounts.models import Role
from motcua.demo.certificates import load_certificates
from motcua.signatures import pdf, verification
from motcua.signatures.models import SigningCredential
from motcua.signatures.tests.helpers import a_pdf

pytestmark = pytest.mark.django_db


def test_demo_certificates_are_issued_once_and_sign(world):
    # The test world's commune has the code of the demo's featured commune (Phú Cường).
    assert load_certificates() == 3
    assert load_certificates() == 0
    owners = {(c.user, c.title) for c in SigningCredential.objects.filter(agency=world.commune)}
    assert owners == {(world.staff[Role.LEADER], "Lãnh đạo cơ quan"), (world.staff[Role.RECEPTION], "Cán bộ tiếp nhận"), (None, "")}
    leader = SigningCredential.objects.get(user=world.staff[Role.LEADER])
    signed = pdf.sign(content=a_pdf(), credential=leader, verify_url="http://x/", position=leader.title, field_name="K", at=datetime.now(UTC))
    report = verification.verify(signed.content)
    assert report.intact and report.trusted
