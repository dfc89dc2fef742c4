"""Digits of other scripts ("²", "٣", "１") are digits to Python's \\d and str.isdigit() but
never a number any form of ours asks for: they are refused as malformed, never taken for a
number, and never reach int() or hmac.compare_digest (which raise on them)."""

import pytest
from django.core.exceptions import ValidationError

from motcua.accounts.models import Role, validate_national_id
from motcua.backoffice.forms import _count
from motcua.dossiers.tests.conftest import world  # noqa: F401  (the staffed district)
from motcua.notifications.channels.sms import phone_number
from motcua.text import is_number, same_secret

ODD_DIGITS = ["²", "٣", "１２", "߁߂߃߄"]


@pytest.mark.parametrize("text", ODD_DIGITS)
def test_they_are_not_numbers(text):
    assert not is_number(text)
    assert is_number("0123") and not is_number("") and not is_number("-1")


def test_secrets_holding_them_are_different_not_an_error():
    assert not same_secret("١٢٣٤", "1234") and not same_secret("mac=é", "mac=e")
    assert same_secret("1234", "1234")


def test_a_phone_number_in_them_is_no_phone_number():
    assert phone_number("0٩١٢٣٤٥٦٧٨") == ""
    assert phone_number("+84 912 345 678") == "0912345678"


@pytest.mark.parametrize("number", ["١٢٣٤٥٦٧٨٩٠١٢", "07400000000²"])
def test_an_id_number_in_them_is_refused(number):
    with pytest.raises(ValidationError, match="12 chữ số"):
        validate_national_id(number)


def test_a_count_of_papers_in_them_is_a_mistake_to_show():
    assert _count("²", 1) == (None, "²")


@pytest.mark.django_db
@pytest.mark.parametrize("value", ODD_DIGITS)
def test_the_reception_desk_answers_them_without_a_server_error(client, world, value):  # noqa: F811
    client.force_login(world.staff[Role.RECEPTION])
    assert client.get("/mot-cua/tiep-nhan/moi/", {"co_quan": value}).status_code == 404
    assert client.get("/mot-cua/tiep-nhan/hen-tra/", {"thu_tuc": value}).status_code == 404
