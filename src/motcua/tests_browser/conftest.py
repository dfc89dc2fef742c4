"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server."""

import os
from pathlib import Path

import pytest
from django.db import connections

# Playwright's sync API runs an event loop in the test thread; Django would otherwise
# refuse the database calls the tests make to set up their data.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
MISSING = "Chromium không có tại /usr/bin/chromium: bỏ qua kiểm thử trình duyệt"


@pytest.fixture
def browser_page():
    """A page in a fresh Chromium context with a Vietnamese browser locale.

    Without Chromium the test is skipped, except where MOTCUA_REQUIRE_BROWSER=1 (CI): there a
    missing browser must fail the run rather than let the journeys pass unseen.
    """
    if not CHROMIUM.exists():
        if os.environ.get("MOTCUA_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{MISSING} (MOTCUA_REQUIRE_BROWSER=1: kiểm thử trình duyệt là bắt buộc)", pytrace=False)
        pytest.skip(MISSING)
    from playwright.sync_api import expect, sync_playwright

    # Assertions wait as long as actions do: on a loaded two-core machine the live server's
    # answer to a POST that writes a dossier, its messages and its sealed event can take
    # longer than Playwright's default five seconds.
    expect.set_options(timeout=15_000)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(locale="vi-VN")
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()
        # While Playwright's loop runs, Django keeps this thread's queries on connections of
        # their own; close them here, or they outlive the run and PostgreSQL cannot drop the
        # test database.
        connections.close_all()


@pytest.fixture
def main_pages_world(transactional_db, settings, tmp_path):
    """The world the main pages are visited in (the Content-Security-Policy and conformance
    checks): a birth-registration procedure, a returned dossier and one received and unpaid,
    both the citizen's, whose number is verified."""
    from motcua.accounts.tests.factories import verified
    from motcua.catalog.tests.factories import ProcedureVersionFactory
    from motcua.dossiers.tests.conftest import World
    from motcua.portal.tests.conftest import returned

    settings.MEDIA_ROOT = tmp_path
    world = World()
    world.version = ProcedureVersionFactory(procedure__code="1.001193", name="Đăng ký khai sinh", agencies=[world.commune])
    world.returned = returned(world)
    world.unpaid = world.receive()
    verified(world.citizen, world.unpaid.applicant_id_number)
    return world
