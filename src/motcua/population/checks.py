from pathlib import Path

from django.conf import settings
from django.core import checks

from motcua.population.connectors.base import registry


@checks.register()
def connector_is_known_and_complete(app_configs, **kwargs):
    """A misspelt connector or a missing key file would otherwise show only at the first look-up."""
    name = settings.POPULATION_CONNECTOR
    if not name:
        return []
    if registry.get(name) is None:
        names = ", ".join(sorted(connector.name for connector in registry))
        return [checks.Error(f"POPULATION_CONNECTOR={name!r} is not a population database connector ({names}).", id="population.E001")]
    if not settings.POPULATION_URL:
        return [checks.Warning("POPULATION_URL is empty: the population database look-up is off.", id="population.W001")]
    files = {
        "POPULATION_CLIENT_CERT": settings.POPULATION_CLIENT_CERT, "POPULATION_SIGNING_KEY": settings.POPULATION_SIGNING_KEY,
    }
    return [
        checks.Error(f"{variable} must name a readable PEM file for the population database, not {path!r}.", id="population.E002")
        for variable, path in files.items()
        if not path or not Path(path).is_file()
    ]
