"""How the report queries run on PostgreSQL.

A report query aggregates tens of thousands of rows with a dozen filtered counts; its cost
estimate crosses PostgreSQL's JIT thresholds, and compiling it takes longer (over a second
at province scale, measured in benchmarks/reports.py) than running it. So the reports turn
JIT off for their own transaction, leaving the server's setting alone for everything else.
"""

from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def report_queries():
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield
