import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # The production hasher is deliberately slow; tests create hundreds of accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploaded files of a test go to its own folder, never into the checkout.
    settings.MEDIA_ROOT = str(tmp_path / "media")

