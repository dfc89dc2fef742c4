"""What every payment gateway offers, and the registry that finds one by name.

A gateway takes the applicant away to pay (`start` returns the address to redirect to)
and later tells us, twice, what happened: once through the applicant's browser coming
back (`verify_return`) and once server to server (`verify_notification`). Only the
server-to-server notification changes anything (payments.services.handle_notification):
the browser may never come back, and what it brings is shown, not trusted.
"""

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from django.conf import settings
from django.http import HttpResponse


class BadSignature(Exception):
    """The parameters were not signed by the gateway (tampered with, or forged)."""


@dataclass(frozen=True)
class Result:
    """A gateway's verified account of one payment attempt."""

    reference: str
    amount: int  # đồng
    succeeded: bool
    cancelled: bool = False
    transaction_id: str = ""
    response_code: str = ""
    params: dict = field(default_factory=dict)


class Outcome(Enum):
    """What became of a server-to-server notification; each gateway words its own answer."""

    CONFIRMED = "confirmed"
    ALREADY_CONFIRMED = "already_confirmed"
    UNKNOWN_REFERENCE = "unknown_reference"
    WRONG_AMOUNT = "wrong_amount"
    BAD_SIGNATURE = "bad_signature"
    NOT_RECORDED = "not_recorded"


class Gateway(ABC):
    name: str = ""
    label: str = ""

    def is_enabled(self) -> bool:
        """Whether the gateway is configured to take payments on this installation."""
        return True

    @abstractmethod
    def start(self, payment, return_url: str) -> str:
        """The address to send the applicant's browser to, to pay `payment`."""

    def form_targets(self) -> list[str]:
        """The origins off the site that `start` sends the browser to, in answer to the payment
        form's POST: the site's Content-Security-Policy lets forms lead there (form-action)."""
        return []

    @abstractmethod
    def verify_return(self, params: Mapping[str, str]) -> Result:
        """Check the parameters the browser brings back; raise BadSignature if forged."""

    @abstractmethod
    def verify_notification(self, params: Mapping[str, str]) -> Result:
        """Check a server-to-server confirmation; raise BadSignature if forged."""

    @abstractmethod
    def acknowledge(self, outcome: Outcome) -> HttpResponse:
        """The answer to a server-to-server notification, in the gateway's own words."""

    def can_query(self) -> bool:
        """Whether the gateway can be asked what became of a payment (reconciliation)."""
        return False

    def query(self, payment) -> Result | None:
        """Ask the gateway about `payment`: a verified Result once it is decided, None while
        it is not; raise BadSignature for a forged answer, QueryFailed when unreachable."""
        raise NotImplementedError


class QueryFailed(Exception):
    """The gateway could not be asked (network, HTTP error, not JSON)."""


class Registry:
    def __init__(self):
        self._gateways: dict[str, Gateway] = {}

    def register(self, cls: type[Gateway]) -> type[Gateway]:
        if cls.name in self._gateways:
            raise ValueError(f"Payment gateway {cls.name!r} is registered twice.")
        self._gateways[cls.name] = cls()
        return cls

    def __getitem__(self, name: str) -> Gateway:
        return self._gateways[name]

    def __iter__(self):
        return iter(self._gateways.values())

    def enabled(self, name: str) -> Gateway | None:
        """The gateway called `name` if it may take or confirm payments here, else None."""
        gateway = self._gateways.get(name)
        return gateway if gateway is not None and gateway.is_enabled() else None


registry = Registry()


def active() -> Gateway:
    """The gateway new payments go through (the PAYMENT_GATEWAY setting)."""
    return registry[settings.PAYMENT_GATEWAY]
