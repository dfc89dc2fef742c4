"""Starting the stand-in national e-ID (eid/standin, a real OpenID Provider on Node) for a
test, and playing the person's browser at its pages."""

import json
import os
import re
import shutil
import subprocess
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests

STANDIN = Path(__file__).resolve().parents[1] / "standin"
CLIENT_ID = "motcua-test"
CLIENT_SECRET = "motcua-test-secret"
MISSING = "Node hoặc gói oidc-provider (make install-test) không có: bỏ qua máy chủ VNeID thử nghiệm"


@dataclass
class Standin:
    issuer: str

    def forge_next_token(self, **how) -> None:
        """Test mode only: the next token response carries an ID token altered `how`
        (iss, aud, expired, foreign_key)."""
        requests.post(f"{self.issuer}/test/forge", data={"forge": json.dumps(how)}, timeout=10).raise_for_status()


@contextmanager
def running(rp_base_url: str, *, test_mode: bool = False):
    """The stand-in on a free port, with MotCua at `rp_base_url` registered as its client."""
    node = shutil.which("node")
    if node is None or not (STANDIN / "node_modules" / "oidc-provider").exists():
        if os.environ.get("MOTCUA_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{MISSING} (MOTCUA_REQUIRE_BROWSER=1)", pytrace=False)
        pytest.skip(MISSING)
    environment = {
        **os.environ, "RP_BASE_URL": rp_base_url, "CLIENT_ID": CLIENT_ID, "CLIENT_SECRET": CLIENT_SECRET, "VNEID_PORT": "0",
        "VNEID_STANDIN_TEST_MODE": "1" if test_mode else "0",
    }
    process = subprocess.Popen(
        [node, "server.mjs"], cwd=STANDIN, env=environment, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        # Its first line names the issuer once it listens; a stand-in that never starts fails the test.
        timer = threading.Timer(30, process.kill)
        timer.start()
        line = process.stdout.readline()
        timer.cancel()
        if not line:
            pytest.fail("Máy chủ VNeID thử nghiệm không khởi động được", pytrace=False)
        yield Standin(issuer=json.loads(line)["issuer"])
    finally:
        process.terminate()
        process.wait(timeout=10)


class Person:
    """Someone at the stand-in's pages, with the provider's cookies of their own."""

    def __init__(self, standin: Standin):
        self.standin = standin
        self.browser = requests.Session()

    def _follow_to_rp(self, response) -> str:
        """Follow the provider's redirects; return the first address outside it (MotCua's)."""
        while response.is_redirect:
            location = urljoin(response.url, response.headers["Location"])
            if not location.startswith(self.standin.issuer):
                return location
            response = self.browser.get(location, allow_redirects=False, timeout=10)
        raise AssertionError(f"the provider did not send the person back: {response.status_code} {response.text[:300]}")

    def sign_in(self, authorize_url: str, identity: str = "cd-an", *, cancel: bool = False) -> str:
        """Go through the provider's sign-in page; return the callback address it sends back to."""
        page = self.browser.get(authorize_url, timeout=10)
        assert "Máy chủ thử nghiệm – không phải VNeID thật" in page.text
        uid = re.search(r'action="/interaction/([^/"]+)/login"', page.text).group(1)
        if cancel:
            answer = self.browser.post(f"{self.standin.issuer}/interaction/{uid}/abort", allow_redirects=False, timeout=10)
        else:
            answer = self.browser.post(
                f"{self.standin.issuer}/interaction/{uid}/login", data={"identity": identity}, allow_redirects=False, timeout=10
            )
        return self._follow_to_rp(answer)

    def sign_out(self, end_session_url: str) -> requests.Response:
        """Confirm the provider's sign-out page; the answer is where it ends up."""
        page = self.browser.get(end_session_url, timeout=10)
        action = re.search(r'<form[^>]*id="op.logoutForm"[^>]*action="([^"]+)"', page.text) or re.search(
            r'<form[^>]*action="([^"]+)"[^>]*id="op.logoutForm"', page.text
        )
        xsrf = re.search(r'name="xsrf" value="([^"]+)"', page.text).group(1)
        return self.browser.post(
            urljoin(page.url, action.group(1)), data={"xsrf": xsrf, "logout": "yes"}, allow_redirects=False, timeout=10
        )


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
