"""The models and the migrations agree: a change to a model (a field, its choices, an index)
that was not written as a migration would reach no database."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_is_missing_its_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit:
        pytest.fail(f"makemigrations would write migrations (exit {exit.code}):\n{out.getvalue()}")
