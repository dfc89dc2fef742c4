"""The population database's JSON-over-HTTPS protocol (PROTOCOL.md beside this file): mutual
TLS with the province's client certificate, and each request body signed (detached JWS,
ES256) with the province's signing key, so the database knows who asks even past a proxy
that ends TLS."""

import json
import ssl
import urllib.error
import urllib.request
import uuid
from datetime import date

import jwt
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.population.connectors.base import Connector, LookupRequest, Malformed, Person, Refused, Unavailable, registry

SIGNATURE_HEADER = "X-Signature"
SEXES = {"male", "female"}


@registry.register
class SignedHttpsConnector(Connector):
    name = "signed_https"
    label = "JSON qua HTTPS, chứng thư máy khách và chữ ký JWS"

    def is_enabled(self) -> bool:
        return bool(settings.POPULATION_URL)

    def look_up(self, request: LookupRequest) -> Person | None:
        body = json.dumps(
            {
                "request_id": str(uuid.uuid4()),
                "requested_at": timezone.now().isoformat(timespec="seconds"),
                "national_id": request.national_id,
                "purpose": request.purpose,
                "requester": {"agency_code": request.agency_code, "official": request.official},
                "procedure_code": request.procedure_code,
            },
            ensure_ascii=False,
        ).encode()
        answer = self._post(body)
        return _person(answer, request.national_id)

    def _post(self, body: bytes) -> dict:
        http_request = urllib.request.Request(
            settings.POPULATION_URL,
            data=body,
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            method="POST",
        )
        timeout = settings.POPULATION_TIMEOUT
        try:
            context = tls_context()
            http_request.add_header(SIGNATURE_HEADER, sign(body))
        except (OSError, ValueError) as error:
            # Missing or unreadable certificate or key files: the installation, not the database.
            raise Refused(_("Kết nối tới CSDL quốc gia về dân cư chưa được cấu hình đúng (chứng thư số hoặc khóa ký)."), detail=str(error))
        try:
            with urllib.request.urlopen(http_request, timeout=timeout, context=context) as response:  # noqa: S310 (a configured https address)
                raw = response.read()
        except urllib.error.HTTPError as error:
            raise Refused(
                _("CSDL quốc gia về dân cư từ chối yêu cầu tra cứu (mã %(code)s): %(why)s") % {"code": error.code, "why": _refusal(error.code)},
                detail=f"HTTP {error.code}",
            )
        except TimeoutError:
            raise Unavailable(_("CSDL quốc gia về dân cư không trả lời trong %(seconds)s giây.") % {"seconds": f"{timeout:g}"}, detail="timeout")
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise Unavailable(_("CSDL quốc gia về dân cư không trả lời trong %(seconds)s giây.") % {"seconds": f"{timeout:g}"}, detail="timeout")
            if isinstance(error.reason, ssl.SSLError):
                raise Refused(_("CSDL quốc gia về dân cư không chấp nhận kết nối bảo mật (chứng thư số của hệ thống hoặc của máy chủ không hợp lệ)."), detail=str(error.reason))
            raise Unavailable(_("Không kết nối được tới CSDL quốc gia về dân cư."), detail=str(error.reason))
        except (ssl.SSLError, ConnectionError) as error:
            # TLS 1.3 tells of a refused client certificate only when the answer is read.
            raise Refused(_("CSDL quốc gia về dân cư không chấp nhận kết nối bảo mật (chứng thư số của hệ thống hoặc của máy chủ không hợp lệ)."), detail=str(error))
        try:
            answer = json.loads(raw)
        except ValueError:
            raise Malformed(_("CSDL quốc gia về dân cư trả lời không đúng định dạng."), detail="not JSON")
        if not isinstance(answer, dict):
            raise Malformed(_("CSDL quốc gia về dân cư trả lời không đúng định dạng."), detail="not an object")
        return answer


def _refusal(code: int) -> str:
    if code in (401, 403):
        return _("hệ thống chưa được cấp quyền tra cứu hoặc chữ ký của yêu cầu không hợp lệ")
    if code == 429:
        return _("đã vượt số lượt tra cứu cho phép, vui lòng thử lại sau")
    if code >= 500:
        return _("máy chủ đang gặp sự cố, vui lòng thử lại sau")
    return _("yêu cầu không hợp lệ")


def _person(answer: dict, national_id: str) -> Person | None:
    """The documented answer read strictly: anything else is Malformed, never half a person."""
    malformed = _("CSDL quốc gia về dân cư trả lời không đúng định dạng.")
    found = answer.get("found")
    if found is False:
        return None
    person = answer.get("person")
    if found is not True or not isinstance(person, dict):
        raise Malformed(malformed, detail="no found/person")
    try:
        text = {key: person[key] for key in ("national_id", "full_name", "date_of_birth", "sex", "permanent_address")}
        if not all(isinstance(value, str) for value in text.values()):
            raise ValueError("not text")
        born = date.fromisoformat(text["date_of_birth"])
    except (KeyError, ValueError) as error:
        raise Malformed(malformed, detail=str(error))
    if text["national_id"] != national_id:
        raise Malformed(malformed, detail="another person")
    if text["sex"] not in SEXES or not text["full_name"].strip():
        raise Malformed(malformed, detail="sex or name")
    return Person(national_id, text["full_name"].strip(), born, text["sex"], text["permanent_address"].strip())


def tls_context() -> ssl.SSLContext:
    """Trust only the database's CA (POPULATION_CA, else the system's) and present our certificate."""
    context = ssl.create_default_context(cafile=settings.POPULATION_CA or None)
    if settings.POPULATION_CLIENT_CERT:
        context.load_cert_chain(settings.POPULATION_CLIENT_CERT, settings.POPULATION_CLIENT_KEY or None)
    return context


def sign(body: bytes) -> str:
    """A detached JWS (RFC 7515 appendix F) over the exact body bytes, ES256, naming our key id."""
    with open(settings.POPULATION_SIGNING_KEY, "rb") as key_file:
        key = key_file.read()
    return jwt.api_jws.encode(
        body, key, algorithm="ES256", headers={"kid": settings.POPULATION_SIGNING_KEY_ID}, is_payload_detached=True
    )
