"""Every response carries an enforced Content-Security-Policy, and no page needs it loosened:
no template holds an inline script, style, style attribute or event handler. The browser test
(tests_browser/test_content_security_policy.py) watches the pages run under it."""

import re
from pathlib import Path

import pytest

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import verified
from motcua.dossiers.tests.conftest import World

SOURCE = Path(__file__).resolve().parents[1]
# Written into emails, never served: mail clients read only inline styles.
NOT_SERVED = {SOURCE / "notifications/templates/notifications/email.html"}
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>"),
    "style element": re.compile(r"<style\b"),
    "style attribute": re.compile(r"\sstyle="),
    "event handler": re.compile(r"\s(on[a-z]+|(?:data-)?hx-on[:\w-]*)="),
    "javascript: address": re.compile(r"javascript:", re.IGNORECASE),
}


@pytest.fixture
def world(db) -> World:
    return World()


def policy(answer) -> dict[str, str]:
    header = answer["Content-Security-Policy"]
    return {name: value.strip() for name, _, value in (part.strip().partition(" ") for part in header.split(";"))}


def test_no_template_needs_inline_script_or_style():
    found = [
        f"{path.relative_to(SOURCE)}: {what}"
        for path in sorted(SOURCE.rglob("templates/**/*.html"))
        if path not in NOT_SERVED
        for what, pattern in INLINE.items()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


@pytest.mark.parametrize("address", ["/", "/dang-nhap/", "/thu-tuc/", "/khong-co-trang-nay/", "/quan-tri/login/", "/api/openapi.yaml"])
def test_every_answer_carries_the_enforced_policy(client, db, address):
    answer = client.get(address)
    assert "Content-Security-Policy-Report-Only" not in answer
    assert policy(answer) == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "frame-ancestors": "'none'",
        "form-action": "'self'",
    }


def test_forms_may_lead_to_the_payment_gateway_s_page_and_nowhere_else(client, world, settings):
    dossier = world.receive()
    verified(world.citizen, dossier.applicant_id_number)
    client.force_login(world.citizen)
    # The sandbox bank is a page of the site.
    assert policy(client.get(f"/thanh-toan/{dossier.code}/"))["form-action"] == "'self'"
    settings.PAYMENT_GATEWAY = "vnpay"
    settings.VNPAY_TMN_CODE, settings.VNPAY_HASH_SECRET = "TESTTMN1", "SECRETKEYFORTESTS"
    settings.VNPAY_PAYMENT_URL = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
    page = client.get(f"/thanh-toan/{dossier.code}/")
    assert policy(page)["form-action"] == "'self' https://sandbox.vnpayment.vn"
    assert client.post(f"/thanh-toan/{dossier.code}/")["Location"].startswith("https://sandbox.vnpayment.vn/")


def test_officials_pages_carry_it_too(client, world):
    client.force_login(world.staff[Role.RECEPTION])
    assert policy(client.get("/mot-cua/"))["script-src"] == "'self'"
