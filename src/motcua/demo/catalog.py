"""The demo catalog: about twenty common procedures (data/catalog.json, in the catalog
interchange format), imported through the one import path every catalog file takes."""

from django.core.exceptions import ImproperlyConfigured

from motcua.catalog.interchange import ImportReport, import_catalog
from motcua.demo.data import read


def load_catalog() -> ImportReport:
    """Import and publish the demo procedures; unchanged ones are left alone."""
    report = import_catalog(read("catalog"))
    if not report.ok:
        # The file ships with the code: a problem in it is a bug, not a user's mistake.
        raise ImproperlyConfigured("data/catalog.json does not import:\n" + report.summary())
    return report
