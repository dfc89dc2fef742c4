import pytest

from motcua.citizens.tests.smtp import smtp_server
from motcua.dossiers.tests.conftest import world  # noqa: F401  (fixture)
from motcua.notifications.tests.conftest import providers  # noqa: F401  (fixture)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def smtp_inbox(settings):
    with smtp_server(settings) as inbox:
        yield inbox
