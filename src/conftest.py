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
