import pytest

from motcua.dossiers.tests.conftest import World
from motcua.nationalportal import standin


@pytest.fixture
def world(db) -> World:
    return World()


@pytest.fixture
def portal(settings, world):
    """The stand-in portal on loopback, knowing the world's procedures, and MotCua pointed at it."""
    with standin.serving() as portal:
        for version in (world.version, world.transfer_version):
            portal.catalog[version.procedure.code] = {"MATTHC": version.procedure.code, "TENTTHC": version.name}
        settings.NATIONAL_PORTAL_URL = portal.url
        settings.NATIONAL_PORTAL_AUTH_URL = portal.auth_url
        settings.NATIONAL_PORTAL_USERNAME = standin.USERNAME
        settings.NATIONAL_PORTAL_PASSWORD = standin.PASSWORD
        settings.NATIONAL_PORTAL_AGENCY_CODE = standin.AGENCY_CODE
        settings.NATIONAL_PORTAL_DESTINATION = standin.DESTINATION
        settings.NATIONAL_PORTAL_TIMEOUT = 5
        yield portal
