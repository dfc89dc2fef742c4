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


@pytest.fixture(autouse=True)
def _second_factor_given(request):
    """Officials and the superuser give their second factor as they sign in, however they do
    (force_login, the sign-in form, a browser on the live server), so that every test about
    something else reaches the protected areas; a test marked `second_factor` signs in with the
    password alone, as about the second factor itself."""
    if request.node.get_closest_marker("second_factor"):
        yield
        return
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.connect(_give_second_factor, dispatch_uid="tests-give-second-factor")
    yield
    user_logged_in.disconnect(dispatch_uid="tests-give-second-factor")


def _give_second_factor(sender, request, user, **kwargs):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    from motcua.accounts.two_factor import policy

    if policy.concerns(user):
        device, _created = StaticDevice.objects.get_or_create(user=user, name="tests")
        request.session[DEVICE_ID_SESSION_KEY] = device.persistent_id
