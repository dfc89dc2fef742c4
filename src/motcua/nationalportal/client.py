"""The national portal's adapter, as PROTOCOL.md describes it: a session token obtained with
the province's credentials, then JSON POSTs naming the service, the sending agency and the
destination. Nothing secret (password, session) is ever logged or kept in an error."""

import logging
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings

from motcua.httpjson import HttpFailure, post_json

logger = logging.getLogger(__name__)

ACCEPTED = "00"


class PortalUnavailable(Exception):
    """The portal could not be reached or did not answer sensibly: try again later."""


@dataclass
class PortalRefused(Exception):
    """The portal answered and refused the call: sending it again as it is will not help."""

    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class PortalClient:
    def __init__(
        self,
        *,
        url: str,
        auth_url: str,
        username: str,
        password: str,
        agency_code: str,
        destination: str,
        timeout: float,
        session_expired_codes: frozenset[str],
    ):
        self.url = url
        self.auth_url = auth_url
        self.username = username
        self.password = password
        self.agency_code = agency_code
        self.destination = destination
        self.timeout = timeout
        self.session_expired_codes = session_expired_codes
        self._session = ""
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls) -> "PortalClient":
        return cls(
            url=settings.NATIONAL_PORTAL_URL,
            auth_url=settings.NATIONAL_PORTAL_AUTH_URL,
            username=settings.NATIONAL_PORTAL_USERNAME,
            password=settings.NATIONAL_PORTAL_PASSWORD,
            agency_code=settings.NATIONAL_PORTAL_AGENCY_CODE,
            destination=settings.NATIONAL_PORTAL_DESTINATION,
            timeout=settings.NATIONAL_PORTAL_TIMEOUT,
            session_expired_codes=frozenset(settings.NATIONAL_PORTAL_SESSION_EXPIRED_CODES),
        )

    def _post(self, url: str, payload: dict) -> dict:
        try:
            return post_json(url, payload, headers={"dstcode": self.destination}, timeout=self.timeout)
        except HttpFailure as failure:
            # post_json names the address and the HTTP status, never the body it sent.
            raise PortalUnavailable(str(failure)) from None

    def _open_session(self) -> str:
        answer = self._post(self.auth_url, {"username": self.username, "password": self.password})
        session = answer.get("session")
        if _code(answer) != ACCEPTED or not isinstance(session, str) or not session:
            # The province's credentials, not the record, are wrong: every record waits and is
            # tried again once they are put right, none is marked refused for it.
            message = str(answer.get("message") or "Cổng không cấp phiên làm việc.")
            raise PortalUnavailable(f"Cổng từ chối đăng nhập ({_code(answer) or '?'}): {message}")
        logger.info("Opened a session with the national portal")
        return session

    def session(self, *, renew: bool = False) -> str:
        with self._lock:
            if renew or not self._session:
                self._session = self._open_session()
            return self._session

    def call(self, service: str, **fields) -> dict:
        """Call `service` and return the portal's answer once accepted; PortalRefused with its
        code and message otherwise. An expired session is renewed once, then the call repeated."""
        answer = self._call(service, self.session(), fields)
        if _code(answer) in self.session_expired_codes:
            answer = self._call(service, self.session(renew=True), fields)
        if _code(answer) != ACCEPTED:
            raise PortalRefused(_code(answer) or "?", str(answer.get("message") or ""))
        return answer

    def _call(self, service: str, session: str, fields: dict) -> dict:
        return self._post(self.url, {"session": session, "madonvi": self.agency_code, "service": service, **fields})


    def download(self, url: str, limit: int) -> bytes:
        """A file the portal holds (a paper of a dossier filed there), at most `limit` bytes.
        Only the portal's own address is ever fetched, whatever the record names."""
        portal, asked = urllib.parse.urlsplit(self.url), urllib.parse.urlsplit(url)
        if (asked.scheme, asked.netloc) != (portal.scheme, portal.netloc):
            raise PortalRefused("tep", f"Tệp không nằm trên Cổng Dịch vụ công quốc gia: {asked.netloc or url[:80]}")
        request = urllib.request.Request(url, headers={"session": self.session(), "dstcode": self.destination})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (the portal's own address)
                content = response.read(limit + 1)
        except urllib.error.HTTPError as error:
            raise PortalUnavailable(f"HTTP {error.code} from {asked.netloc}{asked.path}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise PortalUnavailable(f"{asked.netloc}{asked.path}: {error}") from None
        if len(content) > limit:
            raise PortalRefused("tep", f"Tệp lớn quá {limit // (1024 * 1024)} MB.")
        return content


def _code(answer: dict) -> str:
    return str(answer.get("error_code", ""))
