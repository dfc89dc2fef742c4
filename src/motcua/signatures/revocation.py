"""What checking a certificate may fetch, and from where.

Signing (certificates.check_before_signing) checks the certificate of an official or an
agency, registered by an administrator: it asks the CRL and OCSP servers that certificate
names, as pyHanko does, each request within SIGNING_FETCH_TIMEOUT seconds.

Public verification (verification.py) checks files anyone uploads, whose certificates may
name any address: a service inside the province's network, a cloud's metadata address, a
server that never answers. So, for one uploaded file:
- issuer certificates are never fetched (AIA caIssuers): the chain must be in the file, as
  signing software puts it, or among the trusted roots;
- the revocation information the file carries (its DSS, a signature's adobe-revinfo
  attribute) is used as it is, with no request;
- a CRL or OCSP server is asked only when its origin is one of SIGNING_REVOCATION_SOURCES,
  and every request is checked against that list where it is made, so a listed server's
  redirect to another address is refused, not followed;
- at most FETCHES_PER_FILE requests, each within SIGNING_FETCH_TIMEOUT seconds, and a
  source that failed to answer is not asked again;
- each certificate whose sources could not be asked is noted, with why, for the result to
  say so (verification.py).
"""

import asyncio
import enum
import logging
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import aiohttp
from asn1crypto import ocsp, x509
from django.conf import settings
from pyhanko_certvalidator.errors import CRLFetchError, OCSPFetchError
from pyhanko_certvalidator.fetchers import CertificateFetcher, CRLFetcher, Fetchers, OCSPFetcher, OwnedFetcherBackend
from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend
from pyhanko_certvalidator.fetchers.common_utils import enumerate_delivery_point_urls
from pyhanko_certvalidator.util import get_ocsp_urls, get_relevant_crl_dps

from motcua.signatures import sources

logger = logging.getLogger(__name__)

# A file the platform signed needs a handful: one CRL per issuing CA, one OCSP answer per
# signer, the time-stamping authority's. A file of hundreds of signatures from as many
# certificates gets its first twenty sources asked and the rest reported as unchecked.
FETCHES_PER_FILE = 20

# What an OCSP fetcher hands pyHanko for a responder it did not ask: a response without
# answers, after which pyHanko falls back on the OCSP answers the file carries.
NOT_ASKED = ocsp.OCSPResponse({"response_status": "unauthorized"})


def signing_fetchers() -> OwnedFetcherBackend:
    """pyHanko's own fetching, with our time-out, closed with the validation context."""
    return OwnedFetcherBackend(AIOHttpFetcherBackend(per_request_timeout=settings.SIGNING_FETCH_TIMEOUT))


class Unchecked(enum.Enum):
    """Why a certificate's revocation status could not be established."""

    SOURCE_NOT_TRUSTED = "source-not-trusted"
    NO_ANSWER = "no-answer"
    TOO_MANY_SOURCES = "too-many-sources"


class Refused(aiohttp.ClientError):
    """A request the public check may not make; to pyHanko, a fetch that failed."""


@dataclass
class Gate:
    """Every request the public check's HTTP session makes passes here (an aiohttp client
    middleware, called again for each redirect): a listed origin that has not failed to
    answer for this file, within the file's budget; the answer is read within the time-out."""

    origins: frozenset[sources.Origin]
    timeout: float
    budget: int = FETCHES_PER_FILE
    made: int = 0
    silent: set[sources.Origin] = field(default_factory=set)

    @property
    def exhausted(self) -> bool:
        return self.made >= self.budget

    async def __call__(self, request: aiohttp.ClientRequest, handler) -> aiohttp.ClientResponse:
        key = sources.origin(request.url)
        if key not in self.origins or request.auth is not None:
            raise Refused(f"{request.url.host} is not among SIGNING_REVOCATION_SOURCES")
        if key in self.silent:
            raise Refused(f"{request.url.host} did not answer earlier")
        if self.exhausted:
            raise Refused(f"{self.budget} requests made for this file already")
        self.made += 1
        try:
            # The body too: a server that answers slowly is then cut off here, and pyHanko
            # sees a failed fetch, not aiohttp's bare TimeoutError, which it lets through.
            async with asyncio.timeout(self.timeout):
                response = await handler(request)
                await response.read()
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            self.silent.add(key)
            raise Refused(f"{request.url.host} did not answer: {error!r}") from error
        return response


@dataclass
class Lookups:
    """What one file's public check could not establish, by certificate (its SHA-256)."""

    gate: Gate
    unchecked: dict[bytes, Unchecked] = field(default_factory=dict)

    def allows(self, url: str) -> bool:
        return sources.allows(self.gate.origins, url)

    def note(self, certificate: x509.Certificate, why: Unchecked) -> None:
        self.unchecked.setdefault(certificate.sha256, why)

    def note_failure(self, certificate: x509.Certificate) -> None:
        self.note(certificate, Unchecked.TOO_MANY_SOURCES if self.gate.exhausted else Unchecked.NO_ANSWER)

    def why_unchecked(self, certificates) -> Unchecked | None:
        """Why the first of `certificates` (a validation path's) that could not be checked was not."""
        return next((self.unchecked[c.sha256] for c in certificates if c.sha256 in self.unchecked), None)


class _NoIssuerFetching(CertificateFetcher):
    def fetch_cert_issuers(self, cert):
        return _nothing()

    def fetch_crl_issuers(self, certificate_list):
        return _nothing()

    def fetched_certs(self):
        return ()


async def _nothing():
    return
    yield


class _ListedCRLs(CRLFetcher):
    """CRLs from listed sources only; for any other certificate, none fetched, so that
    pyHanko decides from the CRLs the file carries."""

    def __init__(self, inner: CRLFetcher, lookups: Lookups):
        self.inner, self.lookups = inner, lookups

    async def fetch(self, cert, *, use_deltas=True):
        urls = [url for point in get_relevant_crl_dps(cert, use_deltas=use_deltas) for url in enumerate_delivery_point_urls(point)]
        if not any(self.lookups.allows(url) for url in urls):
            self.lookups.note(cert, Unchecked.SOURCE_NOT_TRUSTED)
            return []
        try:
            return await self.inner.fetch(cert, use_deltas=use_deltas)
        except (CRLFetchError, TimeoutError) as error:
            logger.info("CRL of %s not fetched: %s", cert.subject.human_friendly, error)
            self.lookups.note_failure(cert)
            return []

    def fetched_crls(self):
        return self.inner.fetched_crls()

    def fetched_crls_for_cert(self, cert):
        return self.inner.fetched_crls_for_cert(cert)


class _ListedOCSP(OCSPFetcher):
    """OCSP answers from listed responders only; for any other certificate, NOT_ASKED, so
    that pyHanko decides from the answers the file carries."""

    def __init__(self, inner: OCSPFetcher, lookups: Lookups):
        self.inner, self.lookups = inner, lookups

    async def fetch(self, cert, authority):
        if not any(self.lookups.allows(url) for url in get_ocsp_urls(cert)):
            self.lookups.note(cert, Unchecked.SOURCE_NOT_TRUSTED)
            return NOT_ASKED
        try:
            return await self.inner.fetch(cert, authority)
        except (OCSPFetchError, TimeoutError) as error:
            logger.info("OCSP answer for %s not fetched: %s", cert.subject.human_friendly, error)
            self.lookups.note_failure(cert)
            return NOT_ASKED

    def fetched_responses(self):
        return self.inner.fetched_responses()

    def fetched_responses_for_cert(self, cert):
        return self.inner.fetched_responses_for_cert(cert)


@asynccontextmanager
async def public_lookups():
    """(Lookups, Fetchers) for checking one uploaded file, on an HTTP session of their own."""
    timeout = settings.SIGNING_FETCH_TIMEOUT
    gate = Gate(origins=sources.parse(settings.SIGNING_REVOCATION_SOURCES), timeout=timeout)
    lookups = Lookups(gate)
    async with aiohttp.ClientSession(middlewares=(gate,)) as session:
        # The gate times each request; pyHanko's own time-out, for all of a request's
        # redirects together, is only a backstop and must not cut the gate short.
        inner = AIOHttpFetcherBackend(session, per_request_timeout=timeout * 2).get_fetchers()
        yield lookups, Fetchers(
            ocsp_fetcher=_ListedOCSP(inner.ocsp_fetcher, lookups),
            crl_fetcher=_ListedCRLs(inner.crl_fetcher, lookups),
            cert_fetcher=_NoIssuerFetching(),
        )
