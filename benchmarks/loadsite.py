"""The application the load benchmark serves: the platform as deployed, plus its two
baselines on the same server, in the same processes.

    gunicorn loadsite:application --chdir benchmarks --workers 4   (benchmarks/load.py starts it)

- everything the platform serves, unchanged;
- /bench/mot-dong/: a bare Django view that reads one row, through the platform's whole
  middleware stack: the framework's ceiling;
- /bench/trang/: the same row written into the portal's page (base.html and the portal's
  styles, as the look-up and search pages have them): the ceiling of any page;
- /bench/psycopg/<scenario>/: the SQL that one request of <scenario> issued (recorded by
  load.py in BENCH_QUERIES), replayed through psycopg on one connection per process, with
  no Django at all: the database's ceiling. The replay runs in a transaction that is rolled
  back, so that a scenario that writes can be replayed again and again.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

platform = get_wsgi_application()

from django.conf import settings  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.urls import include, path  # noqa: E402

from motcua.agencies.models import Agency  # noqa: E402


def _row() -> tuple[str, str]:
    return Agency.objects.filter(parent__isnull=True).values_list("code", "name").get()


def one_row(request):
    code, name = _row()
    return HttpResponse(f"{code} {name}", content_type="text/plain; charset=utf-8")


PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% block head %}{% include "portal/_styles.html" %}{% endblock %}'
    '{% block content %}<div class="portal"><p>{{ code }} {{ name }}</p></div>{% endblock %}'
)


def one_row_page(request):
    code, name = _row()
    return HttpResponse(PAGE.render({"code": code, "name": name}, request))


urlpatterns = [path("bench/mot-dong/", one_row), path("bench/trang/", one_row_page), path("", include("motcua.urls"))]
settings.ROOT_URLCONF = __name__

_recorded = json.loads(Path(os.environ["BENCH_QUERIES"]).read_text()) if os.environ.get("BENCH_QUERIES") else {}
_connection = None


def _replay(scenario: str) -> int:
    """Run the scenario's statements, reading every row, and roll back; the rows read."""
    global _connection
    import psycopg

    if _connection is None or _connection.closed:
        _connection = psycopg.connect(os.environ["DATABASE_URL"])
    rows = 0
    with _connection.transaction(force_rollback=True), _connection.cursor() as cursor:
        for statement in _recorded[scenario]:
            cursor.execute(statement.encode())
            if cursor.description is not None:
                rows += len(cursor.fetchall())
    return rows


def application(environ, start_response):
    route = environ.get("PATH_INFO", "")
    if not route.startswith("/bench/psycopg/"):
        return platform(environ, start_response)
    scenario = route.removeprefix("/bench/psycopg/").strip("/")
    if scenario not in _recorded:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"unknown scenario"]
    body = f"{_replay(scenario)} rows".encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
