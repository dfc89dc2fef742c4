"""The stand-in population database, started on a free port with fresh test credentials,
and the settings that point the connector at it."""

import json
from pathlib import Path

import pytest

from motcua.population.standin import pki
from motcua.population.standin.server import StandInServer

PEOPLE = [
    {"national_id": "074190012345", "full_name": "Nguyễn Thị Thu Hà", "date_of_birth": "1990-04-12", "sex": "female",
     "permanent_address": "Số 15, đường Yersin, phường Phú Cường, thành phố Thủ Dầu Một, tỉnh Bình Dương"},
    {"national_id": "074085006789", "full_name": "Trần Văn Minh", "date_of_birth": "1985-09-03", "sex": "male",
     "permanent_address": "Số 48/3, đường Nguyễn Trãi, phường Lái Thiêu, thành phố Thuận An, tỉnh Bình Dương"},
    # Stored without a date of birth: the answer is not the documented one.
    {"national_id": "074099000000", "full_name": "Hồ sơ hỏng", "sex": "male", "permanent_address": ""},
]


@pytest.fixture(scope="session")
def credentials(tmp_path_factory) -> pki.Credentials:
    return pki.generate(tmp_path_factory.mktemp("population-pki"))


@pytest.fixture
def standin(credentials):
    server = StandInServer(credentials, PEOPLE).start()
    yield server
    server.stop()


@pytest.fixture
def population(settings, standin, credentials):
    """The connector pointed at the running stand-in."""
    for name, value in credentials.settings(standin.url).items():
        setattr(settings, name, value)
    settings.POPULATION_TIMEOUT = 5
    return standin


def people_file(folder: Path) -> Path:
    path = folder / "people.json"
    path.write_text(json.dumps(PEOPLE, ensure_ascii=False), encoding="utf-8")
    return path
