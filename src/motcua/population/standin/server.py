"""The stand-in population database server (see the package's docstring).

It holds to the protocol as the real database is documented to: TLS 1.2+ with a client
certificate from the trusted CA (refused in the handshake otherwise), a detached JWS over
the body by a known key id, a fresh `requested_at`, and a stated purpose. People come from
a JSON list; each record is answered as stored, so a test can store a malformed one."""

import json
import re
import ssl
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jwt

from motcua.population.standin.pki import KEY_ID, Credentials

PATH = "/v1/persons/lookup"
MAX_BODY = 64 * 1024
MAX_SKEW = timedelta(minutes=5)


class StandInServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, credentials: Credentials, people: list[dict], host: str = "127.0.0.1", port: int = 0, delay: float = 0):
        super().__init__((host, port), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(credentials.server_cert, credentials.server_key)
        context.load_verify_locations(credentials.ca)
        context.verify_mode = ssl.CERT_REQUIRED
        # The handshake happens in the request's thread (Handler.setup): a slow or refused
        # client does not hold up the others.
        self.socket = context.wrap_socket(self.socket, server_side=True, do_handshake_on_connect=False)
        self.people = {person["national_id"]: person for person in people}
        self.signing_keys = {KEY_ID: credentials.signing_public.read_bytes()}
        self.delay = delay
        self.requests: list[dict] = []  # what was asked, for the tests to read

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"https://{host}:{port}{PATH}"

    def start(self) -> "StandInServer":
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def handle_error(self, request, client_address):
        """A refused handshake (no certificate, an untrusted one) is the expected answer, not an error to print."""

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class Handler(BaseHTTPRequestHandler):
    server: StandInServer

    def setup(self):
        self.request.do_handshake()
        super().setup()

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass

    def do_POST(self):
        if self.path != PATH:
            return self._answer(404, {"error": "not_found"})
        length = int(self.headers.get("Content-Length") or 0)
        if not 0 < length <= MAX_BODY:
            return self._answer(400, {"error": "body_size"})
        body = self.rfile.read(length)
        try:
            header = jwt.get_unverified_header(self.headers.get("X-Signature", ""))
            key = self.server.signing_keys[header.get("kid")]
            jwt.api_jws.decode_complete(self.headers["X-Signature"], key, algorithms=["ES256"], detached_payload=body)
        except (jwt.InvalidTokenError, KeyError):
            return self._answer(401, {"error": "bad_signature"})
        try:
            asked = json.loads(body)
            requested_at = datetime.fromisoformat(asked["requested_at"])
            national_id, purpose = asked["national_id"], asked["purpose"]
        except (ValueError, KeyError, TypeError):
            return self._answer(400, {"error": "bad_request"})
        if abs(datetime.now(UTC) - requested_at) > MAX_SKEW:
            return self._answer(401, {"error": "stale_request"})
        if not (isinstance(national_id, str) and re.fullmatch(r"[0-9]{12}", national_id)) or not purpose:
            return self._answer(400, {"error": "bad_request"})
        self.server.requests.append(asked)
        if self.server.delay:
            time.sleep(self.server.delay)
        person = self.server.people.get(national_id)
        if person is None:
            return self._answer(200, {"request_id": asked.get("request_id"), "found": False})
        return self._answer(200, {"request_id": asked.get("request_id"), "found": True, "person": person})

    def _answer(self, status: int, payload: dict) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def load_people(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


DEMO_PEOPLE = Path(__file__).with_name("demo_people.json")
