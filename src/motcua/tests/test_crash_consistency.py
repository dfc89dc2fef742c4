"""The web server and the workers killed with SIGKILL under load: afterwards no dossier
acknowledged to a client is missing, none is half-written, no dossier code is duplicated,
and no event or message is lost or sent twice.

Everything runs as in production, each in a process of its own against a database of the
test's own (a SQLite file, or a fresh PostgreSQL database when DATABASE_URL points at
PostgreSQL): gunicorn with two workers, `manage.py db_worker` (the transactional outbox's
task queue) and `manage.py send_messages`, which writes every email and SMS to a folder
(NOTIFY_FILE_DIR) instead of handing it to a provider.

Citizens file dossiers online through the wizard (with a scan of their own each time), an
officer receives paper dossiers at the counter, and another receives the online dossiers;
both hand what they received over to the division. Each client is a thread speaking HTTP
with its own cookies, signed in through /dang-nhap/ like a browser, and notes every answer
the server acknowledged: the redirect to the filed dossier, to the dossier received, to the
dossier page after a transition. Meanwhile, each time while such a write is in flight,
gunicorn's whole process group, then the two workers, then all three at once are killed
and started again; a request cut off by a kill is answered by nothing, so its client tries
again, and a transition tried again after its first try was done is refused.

Once the clients stop and the sender has drained the queue, the database and the folder
must show: every acknowledged dossier, with the very scan its client sent, readable from
storage, and the event of every acknowledged transition; every dossier's history numbered
1..n with its last event leading to the dossier's state and its hash chain intact
(`manage.py verify_audit`); no code issued twice and no counter behind a code it issued; no
draft left behind by a filed dossier; exactly the messages each event causes, all
delivered, each written to the folder exactly once; no task left unfinished.
"""

import email
import email.policy
import hashlib
import http.client
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from motcua.tests.processes import MANAGE, ROOT, database_url, free_port, manage, production_environ, shell_json

PASSWORD = "matkhau-thu-nghiem"
CITIZENS = 3
# Acknowledged requests after which the next kill comes (while a write is in flight); the
# load stops at the last.
KILL_WEB, KILL_WORKERS, KILL_ALL, ENOUGH = 8, 18, 28, 38
WAIT = 90  # seconds: a generous bound on any one thing the test waits for, never a measure

SETUP = """
import json
from motcua.accounts.models import Role
from motcua.accounts.tests.factories import CitizenFactory, official_with_role
from motcua.agencies.models import Agency
from motcua.agencies.tests.factories import AgencyFactory, DivisionFactory
from motcua.catalog.tests.factories import ProcedureVersionFactory

commune = AgencyFactory(code="000.01.01.H56", name="UBND phường Phú Cường", short_name="PC", level=Agency.Level.COMMUNE)
DivisionFactory(agency=commune, code="chuyen-mon", name="Bộ phận chuyên môn")
official_with_role(commune, Role.RECEPTION, username="tiepnhan", full_name="Lê Thị Tiếp", password="{password}")
version = ProcedureVersionFactory(procedure__owner=commune, agencies=[commune])
for n in range({citizens}):
    # The first citizen gives no email: their messages go by SMS, the others' by email.
    CitizenFactory(username="congdan{{}}".format(n), full_name="Công Dân {{}}".format(n), password="{password}",
        national_id="07419000{{:04d}}".format(n), phone="09120000{{:02d}}".format(n), address="12 Yersin",
        email="congdan{{}}@example.vn".format(n) if n else "")
required = version.documents.get(mandatory=True)
print(json.dumps({{"procedure": version.procedure.code, "version": version.pk, "agency": commune.pk, "document": required.pk}}))
"""

DRAINED = """
import json, time
from django_tasks_db.models import DBTaskResult
from motcua.notifications.models import Message, State
deadline = time.monotonic() + {timeout}
while True:
    waiting = {{
        "messages": Message.objects.filter(state__in=[State.PENDING, State.SENDING]).count(),
        "tasks": DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count(),
    }}
    if not any(waiting.values()) or time.monotonic() > deadline:
        break
    time.sleep(0.5)
print(json.dumps(waiting))
"""

REPORT = """
import hashlib, json
from collections import Counter
from django_tasks_db.models import DBTaskResult
from motcua.dossiers.models import CodeSequence, Dossier, DossierDocument
from motcua.filing.models import Draft, StoredDocument
from motcua.notifications.models import Message

def digest(file):
    try:
        with file.open("rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return None

dossiers = {
    dossier.code: {
        "state": dossier.state,
        "applicant": dossier.applicant.username if dossier.applicant else None,
        "events": [[event.pk, event.sequence, event.action, event.to_state] for event in dossier.events.all()],
        "documents": [[document.required_document_id, digest(document.file) if document.file else None]
                      for document in dossier.documents.all()],
    }
    for dossier in Dossier.objects.select_related("applicant").prefetch_related("events", "documents")
}
drafted = set()
for draft in Draft.objects.all():
    drafted |= set(draft.data.get("documents", {}).values())
print(json.dumps({
    "dossiers": dossiers,
    "messages": [[m.pk, m.key, m.channel, m.state, m.event_id] for m in Message.objects.order_by("pk")],
    "counters": {"{}-{:%y%m%d}".format(c.agency.code, c.day): c.last_number for c in CodeSequence.objects.select_related("agency")},
    "draft_files": sorted(StoredDocument.objects.filter(pk__in=drafted).values_list("file", flat=True)),
    "filed_files": sorted(DossierDocument.objects.values_list("file", flat=True)),
    "tasks": Counter(DBTaskResult.objects.values_list("status", flat=True)),
}))
"""

NOTIFYING_ACTIONS = {"submit", "receive"}  # of those done here, the ones the applicant hears about


def _pdf(text: str) -> bytes:
    """A small PDF of its own: each scan is told apart by its content."""
    return f"%PDF-1.4\n% {text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".encode()


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@dataclass(frozen=True)
class Ack:
    """What the server acknowledged: `action` done on dossier `code` (with the scan whose
    digest is `scan`, for a dossier filed or received)."""

    action: str
    code: str
    user: str
    scan: str = ""


class NotAcknowledged(Exception):
    """The request was cut off, failed or answered otherwise than by its success."""


@dataclass(frozen=True)
class Answer:
    status: int
    location: str
    body: str


class Browser:
    """One person's browser: cookies of its own, redirects seen rather than followed."""

    class _SeeRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str, server_errors: list[str]):
        self.base = base
        self.server_errors = server_errors
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), self._SeeRedirects())
        self.token = ""

    def _open(self, request: urllib.request.Request) -> Answer:
        try:
            try:
                with self.opener.open(request, timeout=WAIT) as response:
                    status, headers, body = response.status, response.headers, response.read()
            except urllib.error.HTTPError as error:
                status, headers, body = error.code, error.headers, error.read()
        except (OSError, http.client.HTTPException) as error:  # refused, reset, cut off by a kill
            raise NotAcknowledged(repr(error)) from error
        if status >= 500:
            self.server_errors.append(f"{request.full_url}: {status}")
            raise NotAcknowledged(f"{request.full_url}: {status}")
        page = body.decode(errors="replace")
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if found:
            self.token = found.group(1)
        return Answer(status, urllib.parse.urlsplit(headers.get("Location", "")).path, page)

    def get(self, path: str) -> Answer:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, fields: dict, files: dict | None = None) -> Answer:
        fields = {"csrfmiddlewaretoken": self.token, **fields}
        if files:
            boundary = uuid.uuid4().hex
            parts = [
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
                for name, value in fields.items()
            ]
            parts += [
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="scan.pdf"\r\n'
                f"Content-Type: application/pdf\r\n\r\n".encode()
                + content
                + b"\r\n"
                for name, content in files.items()
            ]
            body, kind = b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"
        else:
            body, kind = urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded"
        return self._open(urllib.request.Request(self.base + path, data=body, headers={"Content-Type": kind}))

    def sign_in(self, username: str) -> None:
        self.get("/dang-nhap/")
        answer = self.post("/dang-nhap/", {"username": username, "password": PASSWORD})
        if answer.location != "/dang-nhap/tiep-tuc/":
            raise NotAcknowledged(f"{username} not signed in: {answer.status}")
        while answer.status == 302:  # to the person's start page, with the token that signing in changed
            answer = self.get(answer.location)


def _expect(answer: Answer, pattern: str) -> re.Match:
    found = re.fullmatch(pattern, answer.location) if answer.status == 302 else None
    if found is None:
        raise NotAcknowledged(f"{answer.status} → {answer.location or answer.body[:300]}")
    return found


class Load:
    """The clients, each in a thread, and what the server acknowledged to them."""

    def __init__(self, base: str, fixture: dict):
        self.base = base
        self.fixture = fixture
        self.acks: list[Ack] = []
        # Actions the server refused when tried again: their first try did them, its answer was cut off.
        self.refusals: list[tuple[str, str]] = []
        self.errors: list[Exception] = []
        self.server_errors: list[str] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()  # finish the dossier in hand, then stop
        self.halted = threading.Event()  # stop at once: the test has failed
        self.to_receive: queue.Queue[str] = queue.Queue()
        self.writes = 0  # requests in flight that file a dossier or fire a transition
        clients = [(self._file_dossiers, n) for n in range(CITIZENS)] + [(self._receive_at_counter,), (self._receive_online,)]
        self.threads = [threading.Thread(target=self._client, args=client, daemon=True) for client in clients]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(WAIT)
        assert not any(thread.is_alive() for thread in self.threads), "a client hung"
        assert not self.errors, self.errors

    def halt(self) -> None:
        self.stopping.set()
        self.halted.set()

    def count(self) -> int:
        with self.lock:
            return len(self.acks)

    def writing(self) -> bool:
        with self.lock:
            return self.writes > 0

    @contextmanager
    def _write(self):
        with self.lock:
            self.writes += 1
        try:
            yield
        finally:
            with self.lock:
                self.writes -= 1

    def _client(self, work, *args) -> None:
        try:
            work(*args)
        except Exception as error:  # a mistake in the test itself, reported by stop()
            self.errors.append(error)

    def _note(self, ack: Ack) -> None:
        with self.lock:
            self.acks.append(ack)

    def _pause(self) -> None:
        time.sleep(0.2)

    def _signed_in(self, username: str) -> Browser:
        browser = Browser(self.base, self.server_errors)
        while not self.halted.is_set():
            try:
                browser.sign_in(username)
                break
            except NotAcknowledged:
                self._pause()
        return browser

    # --- citizens ---------------------------------------------------------------------

    def _file_dossiers(self, n: int) -> None:
        username = f"congdan{n}"
        browser = self._signed_in(f"07419000{n:04d}")  # citizens sign in with their national ID
        attempt = 0
        while not self.stopping.is_set():
            attempt += 1
            scan = _pdf(f"{username} {attempt}")
            try:
                code = self._file_online(browser, n, scan)
            except NotAcknowledged:
                self._pause()
                continue
            self._note(Ack("submit", code, username, _sha256(scan)))
            self.to_receive.put(code)

    def _file_online(self, browser: Browser, n: int, scan: bytes) -> str:
        """The wizard from step 1 to filing; a draft left by a cut-off attempt is carried on."""
        start = f"/nop-ho-so/{self.fixture['procedure']}/"
        page = browser.get(start)
        if page.status == 302:
            browser.get(page.location)
        draft = _expect(browser.post(start, {"agency": self.fixture["agency"]}), r"/nop-ho-so/ban-nhap/(\d+)/buoc/\d/").group(1)
        step = f"/nop-ho-so/ban-nhap/{draft}/buoc/{{}}/"
        applicant = {
            "applicant_name": f"Công Dân {n}",
            "applicant_id_number": f"07419000{n:04d}",
            "applicant_address": "12 Yersin",
            "applicant_phone": f"09120000{n:02d}",
            "applicant_email": f"congdan{n}@example.vn" if n else "",
            "representative": "",
        }
        _expect(browser.post(step.format(2), applicant), step.format(3))
        _expect(browser.post(step.format(3), {"noi_dung": "Cấp bản sao trích lục"}), step.format(4))
        _expect(browser.post(step.format(4), {}, {f"doc_{self.fixture['document']}": scan}), step.format(5))
        _expect(browser.post(step.format(5), {"delivery": "counter"}), step.format(6))
        with self._write():
            return _expect(browser.post(step.format(6), {"cam_doan": "1"}), r"/nop-ho-so/da-nop/([^/]+)/").group(1)

    # --- the reception desk -----------------------------------------------------------

    def _receive_at_counter(self) -> None:
        browser = self._signed_in("tiepnhan")
        attempt = 0
        while not self.stopping.is_set():
            attempt += 1
            scan = _pdf(f"quay {attempt}")
            fields = {
                "thu_tuc": self.fixture["version"],
                "applicant_id_number": f"07919000{attempt:04d}",
                "applicant_name": f"Người Nộp {attempt}",
                "applicant_address": "3 Bạch Đằng",
                "applicant_phone": f"0913{attempt:06d}",
                "applicant_email": f"nguoinop{attempt}@example.vn" if attempt % 2 else "",
                "representative": "",
                "f_noi_dung": "Cấp bản sao",
                "delivery": "counter",
                f"doc-{self.fixture['document']}-received": "on",
            }
            try:
                with self._write():
                    answer = browser.post("/mot-cua/tiep-nhan/moi/", fields, {f"doc-{self.fixture['document']}-scan": scan})
                code = _expect(answer, r"/mot-cua/ho-so/([^/]+)/").group(1)
            except NotAcknowledged:
                self._pause()
                continue
            self._note(Ack("receive", code, "tiepnhan", _sha256(scan)))
            self._transition(browser, code, "hand_over")

    def _receive_online(self) -> None:
        browser = self._signed_in("tiepnhan")
        while not (self.stopping.is_set() and self.to_receive.empty()) and not self.halted.is_set():
            try:
                code = self.to_receive.get(timeout=0.2)
            except queue.Empty:
                continue
            self._transition(browser, code, "receive")
            self._transition(browser, code, "hand_over")

    def _transition(self, browser: Browser, code: str, action: str) -> None:
        """Until the server acknowledges the action or refuses it (as it does when the answer
        to an earlier try was cut off after the action was done)."""
        while not self.halted.is_set():
            try:
                with self._write():
                    answer = browser.post(f"/mot-cua/ho-so/{code}/thao-tac/{action}/", {f"{action}-note": ""})
            except NotAcknowledged:
                self._pause()
                continue
            if answer.status == 302 and answer.location == f"/mot-cua/ho-so/{code}/":
                self._note(Ack(action, code, "tiepnhan"))
            elif answer.status == 403:
                with self.lock:
                    self.refusals.append((action, code))
            else:
                raise AssertionError(f"{action} {code}: {answer.status}")
            return


class Production:
    """gunicorn, the task worker and the message sender, each startable and killable."""

    def __init__(self, env: dict, port: int, logs: Path):
        self.env = env
        self.port = port
        self.logs = logs
        self.commands = {
            "web": [sys.executable, "-m", "gunicorn", "motcua.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
            "worker": [sys.executable, MANAGE, "db_worker", "--queue-name", "*", "--interval", "0.2"],
            "sender": [sys.executable, MANAGE, "send_messages", "--no-reminders", "--lease", "2", "--interval", "0.2"],
        }
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, *names: str) -> None:
        for name in names:
            with open(self.logs / f"{name}.log", "ab") as log:
                # A session of its own: SIGKILL to its process group reaches gunicorn's workers too.
                self.running[name] = subprocess.Popen(
                    self.commands[name], env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
                )
        if "web" in names:
            self._wait_until_serving()

    def kill(self, *names: str) -> None:
        for name in names:
            process = self.running.pop(name)
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:  # the whole group is gone already
                pass
            process.wait(WAIT)

    def stop(self) -> None:
        for name in list(self.running):
            self.kill(name)

    def _wait_until_serving(self) -> None:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            assert self.running["web"].poll() is None, (self.logs / "web.log").read_text()[-3000:]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/dang-nhap/", timeout=WAIT) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("gunicorn did not start serving")


def _wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_nothing_acknowledged_is_lost_half_written_or_repeated_when_processes_are_killed(tmp_path):
    url, drop = database_url(tmp_path)
    outbox = tmp_path / "outbox"
    port = free_port()
    env = production_environ(
        PYTHONPATH=str(ROOT / "src"),
        DJANGO_SETTINGS_MODULE="motcua.conf.settings",
        DATABASE_URL=url,
        MOTCUA_VAR_DIR=str(tmp_path / "var"),
        NOTIFY_FILE_DIR=str(outbox),
        NOTIFY_CHANNELS="email,sms",
        ALLOWED_HOSTS="127.0.0.1",
        PUBLIC_URL=f"http://127.0.0.1:{port}",
        LOG_LEVEL="WARNING",
        OFFICE_NETWORKS="127.0.0.0/8",  # the reception officer works from the office: no second factor owed
    )
    production = Production(env, port, tmp_path)
    load = None
    try:
        manage(env, "migrate", "--no-input", "-v0")
        fixture = shell_json(env, SETUP.format(password=PASSWORD, citizens=CITIZENS))
        production.start("web", "worker", "sender")
        load = Load(f"http://127.0.0.1:{port}", fixture)
        load.start()
        _wait_for(lambda: load.count() >= KILL_WEB and load.writing(), "the first acknowledgements")
        production.kill("web")
        production.start("web")
        _wait_for(lambda: load.count() >= KILL_WORKERS and load.writing(), "acknowledgements after gunicorn was killed")
        production.kill("worker", "sender")
        production.start("worker", "sender")
        _wait_for(lambda: load.count() >= KILL_ALL and load.writing(), "acknowledgements after the workers were killed")
        production.kill("web", "worker", "sender")
        production.start("web", "worker", "sender")
        _wait_for(lambda: load.count() >= ENOUGH, "acknowledgements after everything was killed")
        load.stop()
        waiting = shell_json(env, DRAINED.format(timeout=WAIT), timeout=2 * WAIT)
        production.stop()
        audit = manage(env, "verify_audit", check=False)
        report = shell_json(env, REPORT)
    finally:
        if load is not None:
            load.halt()
        production.stop()
        drop()

    assert waiting == {"messages": 0, "tasks": 0}, "the workers left work undone"
    assert audit.returncode == 0, audit.stderr  # every dossier's hash chain is whole
    assert load.server_errors == []  # a kill cuts answers off; the server itself never fails
    dossiers, acks = report["dossiers"], load.acks
    assert {"submit", "receive", "hand_over"} <= {ack.action for ack in acks}

    # Every dossier acknowledged exists, with its client's very scan, readable from storage.
    filed = [ack for ack in acks if ack.scan]
    assert len({ack.code for ack in filed}) == len(filed), "one code acknowledged for two dossiers"
    for ack in filed:
        dossier = dossiers[ack.code]
        assert dossier["documents"] == [[fixture["document"], ack.scan]], ack
        if ack.action == "submit":
            assert dossier["applicant"] == ack.user, ack
    # Every transition acknowledged is in the dossier's history, once; so is every one
    # refused when tried again (its first try was done, its answer cut off).
    for action, code in [(ack.action, ack.code) for ack in acks] + load.refusals:
        assert [event[2] for event in dossiers[code]["events"]].count(action) == 1, (action, code)

    # No dossier half-written, acknowledged or not: its history numbered 1..n and leading to
    # its state, each of its papers with a file in storage.
    for code, dossier in dossiers.items():
        assert [event[1] for event in dossier["events"]] == list(range(1, len(dossier["events"]) + 1)), code
        assert dossier["events"][-1][3] == dossier["state"], code
        assert dossier["documents"] and all(digest for _document, digest in dossier["documents"]), code
    # No code issued twice: codes are unique in the table, and no day's counter fell behind
    # a number it issued (it would hand that number out again).
    for code in dossiers:
        day, number = code.rsplit("-", 1)
        assert int(number) <= report["counters"][day], code
    # No draft outlives the dossier filed from it (both are written in one transaction).
    assert not set(report["draft_files"]) & set(report["filed_files"])

    # Exactly the messages each event causes, all delivered: the applicant's in-app notice
    # (for an account) and one message on the first channel that reaches them.
    code_of_event = {event[0]: code for code, dossier in dossiers.items() for event in dossier["events"]}
    channels_of_event = {}
    for _pk, key, channel, state, event in report["messages"]:
        assert state == "delivered" and key == f"event:{event}:{channel}", (key, state)
        channels_of_event.setdefault(event, []).append(channel)
    for code, dossier in dossiers.items():
        for event, _sequence, action, _state in dossier["events"]:
            channels = sorted(channels_of_event.pop(event, []))
            if action not in NOTIFYING_ACTIONS:
                assert channels == [], (code, action, channels)
            elif dossier["applicant"] is None:
                assert channels in (["email"], ["sms"]), (code, action, channels)
            else:
                assert channels in (["email", "inapp"], ["inapp", "sms"]), (code, action, channels)
    assert channels_of_event == {}, "messages of no event"
    # Each outward message written out exactly once, whole.
    outward = {pk: (channel, event) for pk, _key, channel, _state, event in report["messages"] if channel != "inapp"}
    written = Counter()
    for path in outbox.iterdir():
        found = re.fullmatch(r"\d{8}-\d{6}-(\d+)-(email|sms)\.(eml|json)", path.name)
        assert found, path.name
        pk, channel, kind = int(found.group(1)), found.group(2), found.group(3)
        assert outward.get(pk, ("",))[0] == channel, path.name
        written[pk] += 1
        if kind == "json":
            text = json.dumps(json.loads(path.read_text()))
        else:
            text = str(email.message_from_bytes(path.read_bytes(), policy=email.policy.default)["Subject"])
        assert code_of_event[outward[pk][1]] in text, path.name
    assert written == Counter(outward.keys()), "a message written out twice, or not at all"
    # No outbox subscriber is registered yet, so no task is queued here; a task a killed
    # db_worker leaves RUNNING is queued again by release_stalled_tasks (test_outbox.py).
    assert set(report["tasks"]) <= {"SUCCESSFUL"}, report["tasks"]
