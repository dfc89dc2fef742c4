"""Local stand-ins for the SMS gateway and Zalo, speaking the providers' documented formats
over real HTTP on 127.0.0.1, so the channels are tested the way they meet production:

- eSMS (SendMultipleMessage_V4_post_json): JSON with ApiKey, SecretKey, Phone, Content,
  Brandname, SmsType, IsUnicode, RequestId, CallbackUrl; answers CodeResult "100" and an
  SMSID. A RequestId seen before is not sent again (the gateway's duplicate guard).
- Zalo ZNS (/message/template): access_token header; phone 84…, template_id,
  template_data, tracking_id; answers {"error": 0, "data": {"msg_id": …}}, or -118 for a
  phone with no Zalo account.
- Zalo OA customer-service message (/v3.0/oa/message/cs): recipient.user_id, message.text.
"""

import json
import threading
from collections import Counter
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

API_KEY, SECRET_KEY, ACCESS_TOKEN = "esms-key", "esms-secret", "zalo-token"


class Providers:
    def __init__(self):
        self.sms: list[dict] = []  # every SMS actually sent (duplicates refused)
        self.sms_requests: list[dict] = []  # every request received
        self.zns: list[dict] = []
        self.oa: list[dict] = []
        self.no_zalo: set[str] = set()
        self.sms_failures = 0  # answer this many SMS requests with an error first
        self.hold_sms_after: int | None = None  # take this many SMS, then hold the next one's answer
        self.holding = threading.Event()
        self.release = threading.Event()
        self._seen: dict[str, str] = {}
        self._lock = threading.Lock()
        self.url = ""

    def sent_request_ids(self) -> Counter:
        return Counter(request["RequestId"] for request in self.sms)

    def handle(self, path: str, headers, payload: dict) -> tuple[int, dict]:
        if path == "/esms/":
            return self._esms(payload)
        if headers.get("access_token") != ACCESS_TOKEN:
            return 200, {"error": -124, "message": "Access token is invalid"}
        if path == "/zns/":
            self.zns.append(payload)
            if payload.get("phone") in self.no_zalo:
                return 200, {"error": -118, "message": "Zalo account not existed"}
            return 200, {
                "error": 0,
                "message": "Success",
                "data": {"msg_id": f"zns-{len(self.zns)}", "sent_time": "1700000000000"},
            }
        if path == "/oa/":
            self.oa.append(payload)
            return 200, {
                "error": 0,
                "message": "Success",
                "data": {"message_id": f"oa-{len(self.oa)}", "user_id": payload["recipient"]["user_id"]},
            }
        return 404, {}

    def _esms(self, payload: dict) -> tuple[int, dict]:
        with self._lock:
            self.sms_requests.append(payload)
            if payload.get("ApiKey") != API_KEY or payload.get("SecretKey") != SECRET_KEY:
                return 200, {"CodeResult": "101", "ErrorMessage": "Authorize Failed"}
            if self.sms_failures:
                self.sms_failures -= 1
                return 200, {"CodeResult": "99", "ErrorMessage": "Unknown error"}
            request_id = payload["RequestId"]
            if request_id in self._seen:
                return 200, {"CodeResult": "100", "SMSID": self._seen[request_id]}
            self.sms.append(payload)
            smsid = f"sms-{len(self.sms)}"
            self._seen[request_id] = smsid
            hold = self.hold_sms_after is not None and len(self.sms) == self.hold_sms_after + 1
        if hold:
            # Taken, but the answer waits: a worker killed now never learns it was sent.
            self.holding.set()
            self.release.wait(30)
        return 200, {"CodeResult": "100", "CountRegenerate": 0, "SMSID": smsid}


@contextmanager
def provider_servers():
    providers = Providers()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            try:
                payload = json.loads(self.rfile.read(length))
            except ValueError:
                status, answer = 400, {"error": "bad json"}
            else:
                status, answer = providers.handle(self.path, self.headers, payload)
            body = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except OSError:
                pass  # the client is gone (killed)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    providers.url = f"http://127.0.0.1:{server.server_port}"
    try:
        yield providers
    finally:
        providers.release.set()
        server.shutdown()
        server.server_close()


def configure(settings, providers: Providers, channels: str = "zalo,sms,email") -> None:
    """Point the platform's settings at the local providers."""
    settings.NOTIFY_CHANNELS = channels.split(",")
    settings.NOTIFY_FILE_DIR = ""
    settings.SMS_GATEWAY_URL = providers.url + "/esms/"
    settings.SMS_API_KEY, settings.SMS_SECRET_KEY, settings.SMS_BRANDNAME = API_KEY, SECRET_KEY, "UBND-TINH"
    settings.ZALO_ACCESS_TOKEN = ACCESS_TOKEN
    settings.ZALO_ZNS_URL = providers.url + "/zns/"
    settings.ZALO_OA_MESSAGE_URL = providers.url + "/oa/"
    settings.ZALO_APP_ID, settings.ZALO_OA_SECRET_KEY = "2553928453557884079", "oa-secret"
    settings.SMS_INBOUND_SECRET = "inbound-secret"
