"""Public look-up by dossier code and a second factor; the limit that stops enumeration."""

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from motcua.dossiers.models import DossierNote
from motcua.portal.models import LookupAttempt
from motcua.portal.tests.conftest import ID_LAST4, PHONE_LAST4
from motcua.portal.views import VERIFIED_COOKIE

NOT_FOUND = "Không tìm thấy hồ sơ với mã và số kiểm tra đã nhập"
TOO_MANY = "Bạn đã tra cứu sai quá nhiều lần"


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
    assert "Tiếp nhận hồ sơ" in html and "UBND phường Phú Cường" in html


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
    settings.PORTAL_LOOKUP_MAX_FAILURES = 3
    for n in range(3):
        assert look_up(client, f"000.01.01.H56-260302-{n:04d}", "1234").status_code == 200
    refused = look_up(client, dossier.code, ID_LAST4)  # even the right answer, from this address
    assert refused.status_code == 429
    assert TOO_MANY in refused.content.decode()
    assert dossier.procedure_version.name not in refused.content.decode()


def test_guessing_factors_on_one_code_is_refused_from_any_address(client, dossier, settings):
    settings.PORTAL_LOOKUP_MAX_FAILURES = 3
    for n in range(3):
        look_up(client, dossier.code, f"{n:04d}", REMOTE_ADDR=f"10.0.0.{n}")
    assert look_up(client, dossier.code, ID_LAST4, REMOTE_ADDR="10.0.0.99").status_code == 429
    other_code = "000.01.01.H56-260302-0777"  # another code from that new address is still answered
    assert look_up(client, other_code, "1234", REMOTE_ADDR="10.0.0.99").status_code == 200


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
    def test_start_screen_has_a_focused_code_box_and_resets_itself(self, client):
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
        assert VERIFIED_COOKIE not in response.cookies and not Session.objects.exists()
