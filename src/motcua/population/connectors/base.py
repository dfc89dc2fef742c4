"""What every population database connector offers, and the registry that finds one by name.

A connector answers one question: who is the person with this national ID, as the
population database knows them. It either returns a Person (found or not) or raises
LookupFailed with what went wrong in words the officer or citizen can act on; it never
writes anything (the services record the look-up).
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class LookupRequest:
    """What the population database is told about a look-up: whom, and on whose behalf and why."""

    national_id: str
    purpose: str
    agency_code: str = ""
    official: str = ""
    procedure_code: str = ""


@dataclass(frozen=True)
class Person:
    national_id: str
    full_name: str
    date_of_birth: date
    sex: str  # "male" or "female"
    permanent_address: str

    SEX_LABELS = {"male": _("Nam"), "female": _("Nữ")}

    @property
    def sex_label(self) -> str:
        return str(self.SEX_LABELS[self.sex])


class LookupFailed(Exception):
    """The population database could not be asked, or its answer cannot be used. `message`
    says so in Vietnamese; `reason` is one word for the access log."""

    reason = "failed"

    def __init__(self, message: str, detail: str = ""):
        super().__init__(message)
        self.message = message
        self.detail = detail


class Unavailable(LookupFailed):
    """Not answered in time, or not reachable: asking again later may work."""

    reason = "unavailable"


class Refused(LookupFailed):
    """The database refused us (client certificate, signature, authorisation, the request)."""

    reason = "refused"


class Malformed(LookupFailed):
    """The database answered something that is not the documented answer."""

    reason = "malformed"


class Connector(ABC):
    name: str = ""
    label: str = ""

    def is_enabled(self) -> bool:
        """Whether the connector has what it needs to ask on this installation."""
        return True

    @abstractmethod
    def look_up(self, request: LookupRequest) -> Person | None:
        """The person with `request.national_id`, None when the database does not know them;
        LookupFailed when it cannot tell."""


class Registry:
    def __init__(self):
        self._connectors: dict[str, Connector] = {}

    def register(self, cls: type[Connector]) -> type[Connector]:
        if cls.name in self._connectors:
            raise ValueError(f"Population connector {cls.name!r} is registered twice.")
        self._connectors[cls.name] = cls()
        return cls

    def __getitem__(self, name: str) -> Connector:
        return self._connectors[name]

    def get(self, name: str) -> Connector | None:
        return self._connectors.get(name)

    def __iter__(self):
        return iter(self._connectors.values())


registry = Registry()


def active() -> Connector | None:
    """The connector of POPULATION_CONNECTOR when it is configured, else None: the feature is off."""
    connector = registry.get(settings.POPULATION_CONNECTOR)
    return connector if connector is not None and connector.is_enabled() else None
