"""Public look-up by dossier code and a second factor; the limit that stops enumeration
without letting strangers lock the owner out."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from motcua.dossiers.models import DossierNote
from motcua.portal.models import LookupAttempt
from motcua.portal.tests.conftest import ID_LAST4, PHONE_LAST4

NOT_FOUND = "Không tìm thấy hồ sơ với mã và số kiểm tra đã nhập"
TOO_MANY = "Bạn đã tra cứu sai quá nhiều lần"
RECEIVED = "Cơ quan đã tiếp nhận hồ sơ"
OWNER_ADDRESS = "198.51.100.20"


@pytest.fixture
def dossier(world):
    return world.receive()


def look_up(client, code, factor, **extra):
    return client.post("/tra-cuu/", {"code": code, "factor": factor}, **extra)


@pytest.mark.parametrize("factor", [ID_LAST4, PHONE_LAST4])
def test_right_code_and_factor_show_the_status_in_plain_words(client, dossier, factor):
    response = look_up(client, dossier.code, factor)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cơ quan đã tiếp nhận hồ sơ" in html
    assert dossier.procedure_version.name in html
    assert "Hẹn trả kết quả" in html and timezone.localtime(dossier.promised_at).strftime("%H:%M %d/%m/%Y") in html
    assert "Đã tiếp nhận hồ sơ — tiếp theo: bộ phận một cửa chuyển hồ sơ đến cơ quan chuyên môn" in html
    assert "UBND phường Phú Cường" in html


def test_code_is_read_whatever_the_case_and_spaces(client, dossier):
    assert look_up(client, f"  {dossier.code.lower()} ", ID_LAST4).context["dossier"] == dossier


def test_timeline_names_agencies_and_steps_never_officials_or_notes(client, world, dossier):
    DossierNote.objects.create(dossier=dossier, author=world.staff["reception"], at=dossier.received_at, text="Ghi chú nội bộ bí mật")
    html = look_up(client, dossier.code, ID_LAST4).content.decode()
    assert "Ghi chú nội bộ bí mật" not in html
    for official in world.staff.values():
        assert official.username not in html
        if official.get_full_name():
            assert official.get_full_name() not in html
    assert world.applicant().id_number not in html  # the full ID number is never shown


@pytest.mark.parametrize(("code", "factor"), [("right", "9999"), ("000.01.01.H56-260302-9999", ID_LAST4), ("right", "")])
def test_wrong_code_and_wrong_factor_get_the_same_answer(client, dossier, code, factor):
    response = look_up(client, dossier.code if code == "right" else code, factor)
    assert response.status_code == 200
    assert "dossier" not in response.context
    assert (NOT_FOUND in response.content.decode()) == bool(factor)


def test_enumeration_is_refused_after_the_limit_without_saying_more(client, dossier, settings):
    settings.PORTAL_LOOKUP_MAX_FAILURES_PER_CLIENT = 3
    for n in range(3):
        assert look_up(client, f"000.01.01.H56-260302-{n:04d}", "1234").status_code == 200
    refused = look_up(client, dossier.code, ID_LAST4)  # even the right answer, from this address
    assert refused.status_code == 429
    assert TOO_MANY in refused.content.decode()
    assert dossier.procedure_version.name not in refused.content.decode()


def test_guessing_factors_on_one_code_is_refused_from_any_address_the_dossier_does_not_know(client, dossier, settings):
    settings.PORTAL_LOOKUP_MAX_FAILURES_PER_CODE = 3
    for n in range(3):
        look_up(client, dossier.code, f"{n:04d}", REMOTE_ADDR=f"10.0.0.{n}")
    assert look_up(client, dossier.code, ID_LAST4, REMOTE_ADDR="10.0.0.99").status_code == 429
    other_code = "000.01.01.H56-260302-0777"  # another code from that new address is still answered
    assert look_up(client, other_code, "1234", REMOTE_ADDR="10.0.0.99").status_code == 200


@pytest.mark.parametrize("page", ["/tra-cuu/", "/kiosk/"])
def test_strangers_failing_on_a_code_are_refused_on_it_and_the_owner_is_not(client, dossier, page):
    stranger = Client()
    for _ in range(5):
        assert stranger.post(page, {"code": dossier.code, "factor": "9999"}, REMOTE_ADDR="203.0.113.7").status_code == 200
    # Even with the right factor, nothing more from where the guessing came from...
    assert stranger.post(page, {"code": dossier.code, "factor": ID_LAST4}, REMOTE_ADDR="203.0.113.7").status_code == 429
    # ...while the owner, from their own address, gets the status.
    answer = client.post(page, {"code": dossier.code, "factor": ID_LAST4}, REMOTE_ADDR=OWNER_ADDRESS)
    assert answer.status_code == 200 and RECEIVED in answer.content.decode()


def test_guessing_spread_over_many_addresses_is_stopped_except_in_the_owners_browser(client, dossier):
    assert look_up(client, dossier.code, ID_LAST4, REMOTE_ADDR=OWNER_ADDRESS).status_code == 200
    stranger = Client()
    for n in range(10):
        assert look_up(stranger, dossier.code, f"{9000 + n}", REMOTE_ADDR=f"203.0.113.{n}").status_code == 200
    # A browser that has not looked the dossier up is refused now, from any address, and so is the kiosk...
    for page in ("/tra-cuu/", "/kiosk/"):
        assert stranger.post(page, {"code": dossier.code, "factor": ID_LAST4}, REMOTE_ADDR="203.0.113.99").status_code == 429
    assert look_up(Client(), dossier.code, ID_LAST4, REMOTE_ADDR=OWNER_ADDRESS).status_code == 429
    # ...but not the browser the owner looked it up in, wherever it is taken.
    answer = look_up(client, dossier.code, ID_LAST4, REMOTE_ADDR="192.0.2.50")
    assert answer.status_code == 200 and RECEIVED in answer.content.decode()


def test_the_owners_browser_is_held_to_its_own_failures_wherever_it_is_sent_from(client, dossier):
    look_up(client, dossier.code, ID_LAST4, REMOTE_ADDR=OWNER_ADDRESS)
    # Someone with a copy of its cookie, moving from address to address, is still one source.
    for n in range(5):
        assert look_up(client, dossier.code, "9999", REMOTE_ADDR=f"203.0.113.{n}").status_code == 200
    assert look_up(client, dossier.code, ID_LAST4, REMOTE_ADDR="203.0.113.50").status_code == 429


def test_looking_one_dossier_up_makes_the_browser_no_owner_of_another(client, world, dossier):
    other = world.receive()
    look_up(client, other.code, ID_LAST4)
    for n in range(10):
        look_up(Client(), dossier.code, f"{9000 + n}", REMOTE_ADDR=f"203.0.113.{n}")
    assert look_up(client, dossier.code, ID_LAST4).status_code == 429


def test_failures_expire_with_the_window(client, dossier, settings):
    settings.PORTAL_LOOKUP_MAX_FAILURES = 1
    look_up(client, dossier.code, "0000")
    assert look_up(client, dossier.code, ID_LAST4).status_code == 429
    settings.PORTAL_LOOKUP_WINDOW = 0
    assert look_up(client, dossier.code, ID_LAST4).status_code == 200


def test_successful_look_up_counts_nothing(client, dossier):
    look_up(client, dossier.code, ID_LAST4)
    assert not LookupAttempt.objects.exists()


def test_qr_link_prefills_the_code(client, dossier):
    html = client.get("/tra-cuu/", {"ma": dossier.code}).content.decode()
    assert f'value="{dossier.code}"' in html


@pytest.mark.parametrize("factor", ["١٢٣٤", "１２３４", "߁߂߃߄"])
def test_digits_of_other_scripts_are_asked_again_not_a_server_error(client, dossier, factor):
    # They are digits to Python's \d but never the last four of an ID or phone number.
    response = look_up(client, dossier.code, factor)
    assert response.status_code == 200 and "dossier" not in response.context
    assert "Nhập đúng 4 chữ số." in response.content.decode()
    assert client.post("/kiosk/", {"code": dossier.code, "factor": factor}).status_code == 200


@pytest.mark.parametrize(
    "data",
    [
        {"code": "x" * 5000, "factor": "1234"},
        {"code": "'; DROP TABLE dossiers_dossier; --", "factor": "12 4"},
        {"code": "\u202e\u0000", "factor": "1234"},
        {"code": ["a", "b"], "factor": ["1", "2"]},
        {},
    ],
)
def test_odd_input_never_breaks_the_page(client, dossier, data):
    assert client.post("/tra-cuu/", data).status_code in (200, 400)
    assert client.post("/kiosk/", data).status_code in (200, 400)
    assert client.get("/tra-cuu/", {"ma": data.get("code", "")}).status_code in (200, 400)


class TestKiosk:
    def test_start_screen_has_a_focused_code_box_and_resets_itself(self, client, db):  # the header reads the province's name
        html = client.get("/kiosk/").content.decode()
        assert 'name="ma"' in html and "autofocus" in html
        # The timer is a static script (the Content-Security-Policy allows no inline one), told where and when by its element.
        assert 'src="/static/portal/kiosk.js" data-start="/kiosk/" data-seconds="60"' in html

    def test_scanned_code_asks_for_the_second_factor(self, client, dossier):
        html = client.get("/kiosk/", {"ma": dossier.code}).content.decode()
        assert f'value="{dossier.code}"' in html and 'name="factor"' in html and 'inputmode="numeric"' in html

    def test_result_shows_the_status_and_goes_back_to_the_start(self, client, dossier):
        response = client.post("/kiosk/", {"code": dossier.code, "factor": ID_LAST4})
        html = response.content.decode()
        assert "Cơ quan đã tiếp nhận hồ sơ" in html
        assert '<meta http-equiv="refresh" content="60;url=/kiosk/">' in html

    def test_kiosk_shares_the_limit(self, client, dossier, settings):
        settings.PORTAL_LOOKUP_MAX_FAILURES = 1
        client.post("/kiosk/", {"code": dossier.code, "factor": "0000"})
        assert client.post("/kiosk/", {"code": dossier.code, "factor": ID_LAST4}).status_code == 429

    def test_kiosk_remembers_nobody(self, client, dossier):
        response = client.post("/kiosk/", {"code": dossier.code, "factor": ID_LAST4})
        assert set(response.cookies) == {"csrftoken"} and not Session.objects.exists()
