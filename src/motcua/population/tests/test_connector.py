"""The signed HTTPS connector against the stand-in server: each answer, and each refusal."""

from datetime import date

import pytest

from motcua.population.checks import connector_is_known_and_complete
from motcua.population.connectors import base
from motcua.population.connectors.base import LookupRequest, Malformed, Refused, Unavailable
from motcua.population.standin.server import StandInServer


def ask(national_id: str = "074190012345"):
    return base.active().look_up(
        LookupRequest(national_id=national_id, purpose="counter_receipt", agency_code="000.01.01.H56", official="pc.reception", procedure_code="1.001193")
    )


def test_off_until_configured(settings):
    settings.POPULATION_CONNECTOR = ""
    assert base.active() is None
    settings.POPULATION_CONNECTOR, settings.POPULATION_URL = "signed_https", ""
    assert base.active() is None


def test_finds_a_person_and_says_who_asks_and_why(population):
    person = ask()
    assert person == base.Person(
        "074190012345", "Nguyễn Thị Thu Hà", date(1990, 4, 12), "female",
        "Số 15, đường Yersin, phường Phú Cường, thành phố Thủ Dầu Một, tỉnh Bình Dương",
    )
    assert person.sex_label == "Nữ"
    [asked] = population.requests
    assert asked["purpose"] == "counter_receipt" and asked["procedure_code"] == "1.001193"
    assert asked["requester"] == {"agency_code": "000.01.01.H56", "official": "pc.reception"}


def test_not_found_is_an_answer(population):
    assert ask("074000000001") is None


def test_time_out(population, settings, credentials):
    settings.POPULATION_TIMEOUT = 0.3
    population.delay = 2
    with pytest.raises(Unavailable) as failed:
        ask()
    assert "không trả lời trong 0.3 giây" in failed.value.message


def test_unreachable(settings, credentials):
    # A port that was free a moment ago: nothing listens there any more.
    server = StandInServer(credentials, [])
    url = server.url
    server.server_close()
    for name, value in credentials.settings(url).items():
        setattr(settings, name, value)
    with pytest.raises(Unavailable, match="Không kết nối được"):
        ask()


def test_a_certificate_from_an_untrusted_ca_is_refused_in_the_handshake(population, settings, credentials):
    settings.POPULATION_CLIENT_CERT, settings.POPULATION_CLIENT_KEY = str(credentials.stranger_cert), str(credentials.stranger_key)
    with pytest.raises(Refused, match="kết nối bảo mật"):
        ask()
    assert population.requests == []


def test_no_client_certificate_is_refused(population, settings):
    settings.POPULATION_CLIENT_CERT = settings.POPULATION_CLIENT_KEY = ""
    with pytest.raises(Refused, match="kết nối bảo mật"):
        ask()


def test_a_server_we_do_not_trust_is_not_asked(population, settings, credentials):
    settings.POPULATION_CA = str(credentials.stranger_cert)
    with pytest.raises(Refused, match="kết nối bảo mật"):
        ask()
    assert population.requests == []


def test_a_request_signed_with_another_key_is_refused_by_the_database(population, settings, credentials):
    settings.POPULATION_SIGNING_KEY = str(credentials.other_signing_key)
    with pytest.raises(Refused) as failed:
        ask()
    assert failed.value.detail == "HTTP 401"
    assert "chữ ký của yêu cầu không hợp lệ" in failed.value.message
    assert population.requests == []


def test_an_unknown_key_id_is_refused(population, settings):
    settings.POPULATION_SIGNING_KEY_ID = "someone-else"
    with pytest.raises(Refused, match="mã 401"):
        ask()


def test_missing_key_file_is_a_configuration_fault(population, settings, tmp_path):
    settings.POPULATION_SIGNING_KEY = str(tmp_path / "absent.pem")
    with pytest.raises(Refused, match="chưa được cấu hình đúng"):
        ask()


def test_a_malformed_answer_gives_nobody(population):
    with pytest.raises(Malformed, match="không đúng định dạng"):
        ask("074099000000")


def test_system_checks_name_what_is_wrong(settings, population, tmp_path):
    assert connector_is_known_and_complete(None) == []
    settings.POPULATION_SIGNING_KEY = str(tmp_path / "absent.pem")
    assert [error.id for error in connector_is_known_and_complete(None)] == ["population.E002"]
    settings.POPULATION_CONNECTOR = "carrier-pigeon"
    assert [error.id for error in connector_is_known_and_complete(None)] == ["population.E001"]
    settings.POPULATION_CONNECTOR = ""
    assert connector_is_known_and_complete(None) == []
