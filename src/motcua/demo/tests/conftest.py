import pytest
from django.db import transaction
from django.test import override_settings

from motcua.demo.loader import load_demo
from motcua.dossiers import outbox

# Enough stories for every ending to come up once, few enough to load in seconds.
TEST_DOSSIERS = 40


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo province, loaded once for a test module and rolled back after it.

    Each test still runs in its own savepoint (the `db` fixture), so a test that loads the
    demo again leaves the module's copy as it was.
    """
    fast = override_settings(
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
        # The demo password is checked many times; the production hasher is slow on purpose.
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    # A subscriber is listening, as notifications will be: the loaded history must not reach it.
    outbox.subscribe("demo-test-listener", lambda event_id: None)
    with django_db_blocker.unblock(), fast:
        outer = transaction.atomic()
        outer.__enter__()
        try:
            report = load_demo(dossiers=TEST_DOSSIERS)
            outbox.unsubscribe("demo-test-listener")
            yield report
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
