import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # The production hasher is deliberately slow; tests create hundreds of accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploaded files of a test go to its own folder, never into the checkout.
    settings.MEDIA_ROOT = str(tmp_path / "media")



@pytest.fixture(autouse=True)
def _reset_language():
    # A test that switches the language (the test client's set_language, override) must not
    # leave the next test speaking English.
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    # What one test's pages cached (the home page's featured procedures) names rows of its own
    # database; the next test starts with an empty cache.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def wsgi_site():
    """The site as a WSGI application, for a client other than Django's (schemathesis calls
    it so). Like Django's test client, it keeps the database connection open when a request
    starts and ends: closing it would end the test's transaction (on PostgreSQL)."""
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)
