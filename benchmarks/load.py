"""Load at province scale: the production web server under a load tool on loopback, with the
framework's and the database's ceilings measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench_reports \\
        python benchmarks/load.py [--workers 4] [--connections 4] [--duration 20] [--only lookup,search]

Needs `wrk` (Debian package) and gunicorn (`pip install '.[production]'`). The database is
the data set of benchmarks/reports.py (made on the first run, about 6 minutes for a million
dossiers). On top of it this script makes, once: a department with 50,000 open dossiers
(most of them waiting at a processing step), an official handling there, a leader of the
province, eight citizens and two required papers on the procedures they file. On every run
it makes fresh drafts, vacuums and flushes what it wrote, starts `gunicorn` with the
production settings (DEBUG off, PostgreSQL, Redis cache), signs in over HTTP, and drives
each scenario with wrk, for --duration seconds with --connections connections and again
with one, after a short warm-up; after a scenario that writes, the database is vacuumed and
flushed before the next begins. Every answer is checked (status, and where it leads or what it shows); wrong ones
are counted and reported. The task worker and the notification sender are not started: on
two cores they would take the web tier's CPU (at scale they run on machines of their own),
and what the requests write for them (tasks, messages) is written all the same.

Scenarios: the portal's home page; public look-up by code and second factor; catalog
search; online submission with two 500 KB attachments (its two heavy requests: the upload
of both papers, and the submission of the finished draft, which makes the dossier); an
official's work list in the department with 50,000 open dossiers; the province-wide
monthly report. With --national-portal, the stand-in national portal runs beside the server
and one sync worker (`manage.py sync_national_portal`) sends, while the scenarios run, what
their events write for the portal; at the end the script waits for the queue to empty and
reports the lag of each record (written → taken by the portal) and the worker's rate.
Baselines: a bare Django view reading one row (benchmarks/loadsite.py),
the same row written into the portal's page ("page": what any page costs before its own
work), and each scenario's own SQL replayed through psycopg without Django. From them it
estimates each scenario's ceiling: the page plus the scenario's SQL beyond the bare view's
one row, the most a page that does nothing but issue that SQL could reach. It reports; it
never fails on a time.
"""

import argparse
import http.cookiejar
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VAR = ROOT / "var" / "bench"
os.environ.setdefault("MOTCUA_VAR_DIR", str(VAR))

import reports  # noqa: E402  (sets Django up on DATABASE_URL)
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils.timezone import now as django_now  # noqa: E402

BUSY_AGENCY = "000.01.00.H56"
OPEN_AT_BUSY = 50_000
PASSWORD = "Bench-mat-khau-2026"
APPLICANTS = 8
FILING_VERSIONS = 64
ATTACHMENT_BYTES = 500 * 1024
UNIQUE = b"@@UNIQUE@@@@@@@@"  # 16 bytes; load.lua puts a different number there each time
REPORT_MONTH = "2026-10"
SCENARIOS = ["bare", "page", "home", "lookup", "search", "upload", "submit", "worklist", "report"]
READ_ONLY = {"bare", "page", "home", "search", "worklist", "report"}
# The page reads the bare view's row: its SQL replayed would be the bare view's replay again.
NOT_REPLAYED = {"page"}


# ---------------------------------------------------------------------------------------
# The data the scenarios need, made once on top of the reports data set.


def _busy_agency(rng: random.Random):
    """A department with OPEN_AT_BUSY open dossiers, most at a processing step."""
    from motcua.agencies.models import Agency
    from motcua.catalog.models import ProcedureVersion, ProcessStep
    from motcua.dossiers.lifecycle import FINAL_STATES
    from motcua.dossiers.models import Dossier, DossierEvent

    agency = Agency.objects.get(code=BUSY_AGENCY)
    versions = list(ProcedureVersion.objects.filter(agencies=agency, status="published").order_by("pk"))
    plan = [("reception", "Tiếp nhận", "reception", 0.5), ("processing", "Thụ lý", "handler", 3),
            ("approval", "Ký duyệt", "leader", 1), ("return", "Trả kết quả", "reception", 0.5)]
    ProcessStep.objects.bulk_create([
        ProcessStep(version=v, order=order, kind=kind, name=name, role=role, quota=quota)
        for v in versions if not v.steps.exists()
        for order, (kind, name, role, quota) in enumerate(plan, start=1)
    ])
    processing = dict(ProcessStep.objects.filter(version__in=versions, kind="processing").values_list("version_id", "pk"))
    missing = OPEN_AT_BUSY - Dossier.objects.filter(current_agency=agency).exclude(state__in=FINAL_STATES).count()
    if missing <= 0:
        return agency
    first = (Dossier.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    columns = [
        "id", "code", "procedure_version_id", "state", "channel", "delivery", "applicant_name", "applicant_search_name",
        "applicant_id_number", "applicant_address", "applicant_phone", "applicant_email", "representative", "form_data",
        "sets", "receiving_agency_id", "current_agency_id", "current_step_id", "step_kind", "step_role", "step_division_code",
        "submitted_at", "received_at",
        "clock_started_at", "promised_at", "original_promised_at", "step_started_at", "step_due_at", "paused_at",
        "paused_remaining", "state_before_pause", "timing", "fee_due", "fee_paid",
    ]
    event_columns = ["dossier_id", "sequence", "action", "at", "from_state", "to_state", "timing", "note", "data", "to_agency_id", "from_agency_id"]
    dossiers, events = [], []
    for pk in range(first, first + missing):
        version = rng.choice(versions)
        received = reports.NOW - timedelta(days=rng.uniform(0.2, 45))
        promised = received + timedelta(days=float(version.legal_time) * 1.4)
        state = rng.choices(["in_progress", "received", "supplement_requested"], [80, 10, 10])[0]
        step = processing[version.pk] if state != "received" else None
        step_due = received + timedelta(days=rng.uniform(1, 6)) if step else None
        paused = received + timedelta(days=1) if state == "supplement_requested" else None
        dossiers.append((
            pk, f"{agency.pk:03d}-{received:%y%m%d}-{pk:07d}", version.pk, state, "online", "online", f"Trần Thị B {pk}",
            f"tran thi b {pk}", f"{pk:012d}", "", "", "", "", "{}", 1, agency.pk, agency.pk, step,
            "processing" if step else "", "handler" if step else "", "", received.isoformat(),
            received.isoformat(), received.isoformat(), promised.isoformat(), promised.isoformat(),
            step and received.isoformat(), step_due and step_due.isoformat(), paused and paused.isoformat(),
            paused and 86_400, "in_progress" if paused else "", "", 0, 0,
        ))
        events.append((pk, 1, "receive", received.isoformat(), "submitted", "received", "", "", "{}", agency.pk, None))
        if state != "received":
            events.append((pk, 2, "hand_over", received.isoformat(), "received", "in_progress", "on_time", "", "{}", agency.pk, agency.pk))
    reports._copy(Dossier, columns, dossiers)
    reports._copy(DossierEvent, event_columns, events)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Dossier.involved_agencies.through._meta.db_table} (dossier_id, agency_id) "
            "SELECT id, current_agency_id FROM dossiers_dossier WHERE id >= %s",
            [first],
        )
        cursor.execute("SELECT setval(pg_get_serial_sequence('dossiers_dossier', 'id'), %s)", [first + missing])
        cursor.execute("ANALYZE")
    print(f"  {missing:,} open dossiers added at {agency.name}")
    return agency


def _account(username: str, kind: str, **fields):
    from motcua.accounts.models import User

    user, created = User.objects.get_or_create(username=username, defaults={"kind": kind, **fields})
    if created:
        user.set_password(PASSWORD)
        user.save()
    return user


def _pdf(size: int, seed: int) -> bytes:
    """A PDF of about `size` bytes whose one stream is noise; UNIQUE marks where each
    sending differs."""
    noise = random.Random(seed).randbytes(size).replace(b"endstream", b"endstreaM")
    return b"%PDF-1.4\n%" + UNIQUE + b"\n1 0 obj\n<< /Length " + str(len(noise)).encode() + b" >>\nstream\n" + noise + b"\nendstream\nendobj\n%%EOF\n"


def _filing_versions():
    """Commune procedures filed online, each asking for two papers."""
    from motcua.catalog.models import ProcedureVersion, RequiredDocument

    versions = list(
        ProcedureVersion.objects.filter(status="published", levels__contains=["commune"])
        .exclude(online_mode="counter").order_by("pk")[:FILING_VERSIONS]
    )
    papers = [("Tờ khai", 1), ("Bản sao giấy tờ tùy thân", 0)]
    RequiredDocument.objects.bulk_create([
        RequiredDocument(version=v, order=order, name=name, originals=originals, copies=1 - originals)
        for v in versions
        for order, (name, originals) in enumerate(papers, start=1)
        if not v.documents.filter(order=order).exists()
    ])
    return versions


def prepare(rng: random.Random, *, submissions: int, connections: int) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from motcua.accounts.models import Role, RoleAssignment
    from motcua.agencies.models import Agency
    from motcua.filing import store, wizard
    from motcua.filing.models import Draft
    from motcua.notifications.models import Message

    call_command("collectstatic", interactive=False, verbosity=0)
    busy = _busy_agency(rng)
    province = Agency.objects.get(parent__isnull=True)
    handler = _account("bench-handler", "official", full_name="Chuyên viên thụ lý")
    RoleAssignment.objects.get_or_create(user=handler, agency=busy, role=Role.HANDLER)
    leader = _account("bench-leader", "official", full_name="Lãnh đạo tỉnh")
    RoleAssignment.objects.get_or_create(user=leader, agency=province, role=Role.LEADER)
    applicants = [
        _account(f"bench-applicant-{i}", "citizen", full_name=f"Lê Văn C {i}", national_id=f"0740{i:08d}",
                 phone=f"09{i:08d}", email=f"cong-dan-{i}@example.vn", address="Thủ Dầu Một")
        for i in range(APPLICANTS)
    ]
    versions = _filing_versions()
    Draft.objects.filter(applicant__in=applicants).delete()
    # Each run starts with empty inboxes: a previous run's notices would be counted in every header.
    Message.objects.filter(user__in=[handler, leader, *applicants]).delete()
    stored = {}
    for i, user in enumerate(applicants):
        stored[user.pk] = [
            store.store_upload(owner=user, name=name, upload=store.checked_upload(
                SimpleUploadedFile(f"{name}.pdf", _pdf(ATTACHMENT_BYTES, seed=i * 2 + n).replace(UNIQUE, b"0" * 16),
                                   content_type="application/pdf"), name))
            for n, name in enumerate(["Tờ khai", "Bản sao giấy tờ tùy thân"])
        ]
    performers = {v.pk: list(v.agencies.order_by("pk").values_list("pk", flat=True)) for v in versions}

    def draft(n: int, step: int, with_papers: bool) -> Draft:
        user = applicants[n % APPLICANTS]
        version = versions[n % len(versions)]
        papers = dict(zip([str(r.pk) for r in version.documents.order_by("order")], [s.pk for s in stored[user.pk]], strict=True))
        return Draft(
            applicant=user, procedure_version=version, agency_id=performers[version.pk][n % len(performers[version.pk])],
            step=step, data={"applicant": wizard.applicant_from_profile(user), "form": {},
                             "documents": papers if with_papers else {}, "delivery": "online"},
        )

    to_submit = Draft.objects.bulk_create([draft(n, 6, True) for n in range(submissions)])
    to_upload = Draft.objects.bulk_create([draft(n, 4, False) for n in range(connections * 2)])
    return {"busy": busy, "handler": handler, "leader": leader, "applicants": applicants,
            "to_submit": to_submit, "to_upload": to_upload}


# ---------------------------------------------------------------------------------------
# Requests: recorded once in-process for the psycopg baseline, then built raw for wrk.


def _lookups(rng: random.Random, count: int) -> list[tuple[str, str]]:
    from motcua.dossiers.models import Dossier

    top = Dossier.objects.order_by("-pk").values_list("pk", flat=True).first()
    ids = rng.sample(range(1, top + 1), count * 2)
    rows = Dossier.objects.filter(pk__in=ids).values_list("code", "applicant_id_number")[:count]
    return [(code, number[-4:]) for code, number in rows]


def _searches(rng: random.Random, count: int) -> list[str]:
    """What people type: a procedure's code, its whole name, or the paper it is about, often
    without accents."""
    from motcua.catalog.models import ProcedureVersion
    from motcua.text import fold

    rows = list(ProcedureVersion.objects.filter(status="published").values_list("procedure__code", "name"))
    queries = []
    for code, name in rng.sample(rows, count):
        subject = rng.choice(reports.SUBJECTS)
        queries.append(rng.choice([code, name, subject, fold(subject)]))
    return queries


def _multipart(fields: dict[str, tuple[str, bytes]]) -> tuple[str, bytes]:
    boundary = secrets.token_hex(16)
    parts = []
    for name, (filename, content) in fields.items():
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        kind = "Content-Type: application/pdf\r\n" if filename else ""
        parts.append(f"--{boundary}\r\nContent-Disposition: {disposition}\r\n{kind}\r\n".encode() + content + b"\r\n")
    return f"multipart/form-data; boundary={boundary}", b"".join(parts) + f"--{boundary}--\r\n".encode()


def upload_fields(draft, token: str) -> dict[str, tuple[str, bytes]]:
    papers = list(draft.procedure_version.documents.order_by("order"))
    fields = {"csrfmiddlewaretoken": ("", token.encode())}
    for n, paper in enumerate(papers):
        fields[f"doc_{paper.pk}"] = (f"giay-to-{n}.pdf", _pdf(ATTACHMENT_BYTES, seed=draft.pk * 2 + n))
    return fields


def record_queries(data: dict, lookups, searches, only: list[str]) -> dict[str, list[str]]:
    """The SQL of one request of each scenario, as Django sent it, for the psycopg replay.
    Requests that write run in a transaction rolled back afterwards."""
    import loadsite  # noqa: F401  (serves the bare view here too)

    recorded = {}

    def capture(name: str, user, send) -> None:
        client = Client(SERVER_NAME="127.0.0.1")
        if user is not None:
            client.force_login(user)
        if name in READ_ONLY:
            send(client)  # what a busy server has cached (the home page's count, the search menus) stays out
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            response = send(client)
            transaction.set_rollback(True)
        assert response.status_code in (200, 302), f"{name}: {response.status_code}"
        recorded[name] = [q["sql"] for q in queries.captured_queries]

    code, factor = lookups[0]
    upload, submit = data["to_upload"][-1], (data["to_submit"] or [None])[-1]
    sends = {
        "bare": (None, lambda c: c.get("/bench/mot-dong/")),
        "page": (None, lambda c: c.get("/bench/trang/")),
        "home": (None, lambda c: c.get("/")),
        "lookup": (None, lambda c: c.post("/tra-cuu/", {"code": code, "factor": factor})),
        "search": (None, lambda c: c.get("/thu-tuc/", {"q": searches[0]})),
        "upload": (upload.applicant, lambda c: c.post(f"/nop-ho-so/ban-nhap/{upload.pk}/buoc/4/", {
            name: _attached(filename, value) if filename else value for name, (filename, value) in upload_fields(upload, "x").items()
        })),
        "submit": (submit and submit.applicant, lambda c: c.post(f"/nop-ho-so/ban-nhap/{submit.pk}/buoc/6/", {"cam_doan": "1"})),
        "worklist": (data["handler"], lambda c: c.get("/mot-cua/viec/thu-ly/")),
        "report": (data["leader"], lambda c: c.get("/bao-cao/", {"ky": REPORT_MONTH})),
    }
    for name in only:
        capture(name, *sends[name])
    return recorded


def _attached(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content.replace(UNIQUE, b"1" * 16), content_type="application/pdf")


class Browser:
    """One signed-in (or anonymous) visitor over real HTTP: its cookies and a CSRF token."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def token(self, path: str) -> str:
        page = self.opener.open(self.base + path, timeout=60).read().decode()
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def sign_in(self, username: str) -> "Browser":
        token = self.token("/dang-nhap/")
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}).encode()
        self.opener.open(urllib.request.Request(self.base + "/dang-nhap/", data=form, headers={"Referer": self.base}), timeout=60)
        if not self.cookie("sessionid"):
            sys.exit(f"{username} could not sign in.")
        return self

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "")

    def cookies(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def raw(method: str, path: str, browser: Browser | None, body: bytes = b"", content_type: str = "") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    if browser is not None and browser.cookies():
        lines.append(f"Cookie: {browser.cookies()}")
    if body or method == "POST":
        lines += [f"Content-Type: {content_type}", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def write_requests(path: Path, requests: list[bytes]) -> Path:
    with path.open("wb") as out:
        for request in requests:
            out.write(f"{len(request)}\n".encode() + request)
    return path


# ---------------------------------------------------------------------------------------
# The server and the load tool.


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(**variables: str) -> dict[str, str]:
    # As deployed: not the demo this script's own Django runs as (reports.py), so its own key and the real gateway.
    return {
        **os.environ, "PYTHONPATH": str(ROOT / "src"), "DJANGO_SETTINGS_MODULE": "motcua.conf.settings", "DEBUG": "false",
        "MOTCUA_DEMO": "false", "PAYMENT_GATEWAY": "vnpay",
        "ALLOWED_HOSTS": "127.0.0.1", "SECRET_KEY": secrets.token_urlsafe(50), "DATABASE_CONN_MAX_AGE": "600",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"), "LOG_LEVEL": "WARNING", **variables,
    }


def start_portal() -> tuple[dict[str, str], list[subprocess.Popen]]:
    """The stand-in national portal, knowing every procedure of the data set, and one sync
    worker sending to it; the variables that point the server at it."""
    from motcua.catalog.models import Procedure
    from motcua.nationalportal import standin

    port = _free_port()
    catalog = VAR / "national-catalog.json"
    catalog.write_text(json.dumps([{"MATTHC": code, "TENTTHC": code} for code in Procedure.objects.values_list("code", flat=True)]))
    variables = {
        "NATIONAL_PORTAL_URL": f"http://127.0.0.1:{port}/dvcqg/", "NATIONAL_PORTAL_AUTH_URL": f"http://127.0.0.1:{port}/dvcqg/auth",
        "NATIONAL_PORTAL_USERNAME": standin.USERNAME, "NATIONAL_PORTAL_PASSWORD": standin.PASSWORD,
        "NATIONAL_PORTAL_AGENCY_CODE": standin.AGENCY_CODE,
    }
    log = (VAR / "portal.log").open("ab")
    portal = subprocess.Popen([sys.executable, "-m", "motcua.nationalportal.standin", "--port", str(port), "--catalog", str(catalog)],
                              stdout=log, stderr=log, start_new_session=True)
    worker = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "sync_national_portal", "--no-fetch", "--interval", "0.2"],
                              env=production_env(**variables), stdout=log, stderr=log, start_new_session=True)
    return variables, [portal, worker]


def portal_lag(started) -> None:
    """Wait for the sync queue to empty, then the lag of every record written since `started`."""
    from django.db.models import F

    from motcua.nationalportal.models import State, Sync

    written = Sync.objects.filter(created_at__gte=started)
    for _ in range(600):
        if not written.filter(state__in=(State.PENDING, State.SENDING)).exists():
            break
        time.sleep(1)
    sent = written.filter(state=State.SENT).annotate(lag=F("sent_at") - F("created_at"))
    lags = sorted(lag.total_seconds() for lag in sent.values_list("lag", flat=True))
    refused = written.exclude(state=State.SENT).count()
    if not lags:
        print("\nnational portal: nothing was written for it")
        return
    first, last = written.order_by("created_at").first().created_at, written.order_by("-sent_at").first().sent_at
    pick = lambda share: lags[min(len(lags) - 1, int(share * len(lags)))]  # noqa: E731
    print(f"\nnational portal: {len(lags)} records taken, {refused} not; lag p50 {pick(0.5):.2f} s, p95 {pick(0.95):.2f} s, "
          f"max {lags[-1]:.2f} s; {len(lags) / (last - first).total_seconds():.0f} records/s from the first written to the last taken")


def start_server(workers: int, queries: Path, portal: dict[str, str] | None = None) -> tuple[str, subprocess.Popen]:
    port = _free_port()
    env = production_env(BENCH_QUERIES=str(queries), **(portal or {}))
    log = (VAR / "server.log").open("ab")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "loadsite:application", "--chdir", str(HERE), "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--backlog", "2048", "--timeout", "120"],
        env=env, stdout=log, stderr=log, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/bench/mot-dong/", timeout=5).read()
            return base, server
        except OSError:
            time.sleep(0.2)
    stop(server)
    sys.exit(f"The server did not start; see {VAR / 'server.log'}.")


def stop(server: subprocess.Popen) -> None:
    """gunicorn and its workers (a process group of their own)."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def wrk(*, base: str, file: Path, seconds: float, connections: int, status: int, text: str, once: bool = False) -> dict:
    command = ["wrk", "-t", str(connections), "-c", str(connections), "-d", f"{max(1, round(seconds))}s", "--timeout", "30s",
               "-s", str(HERE / "load.lua"), base, "--", str(file), str(status), text or "-", "once" if once else "cycle", str(connections)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    result = json.loads(output.strip().splitlines()[-1])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def settle() -> None:
    """Vacuum, analyse and flush what preparing or a scenario wrote (thousands of drafts made,
    the last run's deleted, the dossiers submitted) before the next is measured: otherwise
    autovacuum and the checkpointer do it during the next scenarios, on the same two cores,
    and their tails show it."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("CHECKPOINT")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--connections", type=int, default=4, help="concurrent connections of the load tool")
    parser.add_argument("--duration", type=float, default=20, help="seconds each scenario is measured")
    parser.add_argument("--warm-up", type=float, default=3, help="seconds each scenario runs before it is measured")
    parser.add_argument("--only", default=",".join(SCENARIOS[1:]), help="comma-separated scenarios (the bare view always runs)")
    parser.add_argument("--dossiers", type=int, default=1_000_000, help="size of the data set, when it has to be made")
    parser.add_argument("--national-portal", action="store_true", help="sync to the stand-in national portal meanwhile")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk")
    reports._check_database()
    reports.generate(args.dossiers, regenerate=False)
    VAR.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2026)
    only = ["bare", *[s for s in args.only.split(",") if s and s != "bare"]]
    # Enough finished drafts for the fastest submission rate seen here, five times over.
    submissions = int(150 * (2 * args.duration + args.warm_up) * 5) if "submit" in only else 0
    began = time.perf_counter()
    data = prepare(rng, submissions=submissions, connections=args.connections)
    lookups, searches = _lookups(rng, 2000), _searches(rng, 500)
    queries = VAR / "queries.json"
    queries.write_text(json.dumps(record_queries(data, lookups, searches, only)))
    settle()
    print(f"Prepared in {time.perf_counter() - began:.0f} s: {len(data['to_submit']):,} drafts to submit.")
    connection.close()

    portal, helpers = start_portal() if args.national_portal else ({}, [])
    started = django_now()
    base, server = start_server(args.workers, queries, portal)
    results = {}
    try:
        folder = Path(tempfile.mkdtemp(dir=VAR))
        anonymous = Browser(base)
        lookup_token = anonymous.token("/tra-cuu/")
        handlers = [Browser(base).sign_in("bench-handler") for _ in range(args.connections)]
        leaders = [Browser(base).sign_in("bench-leader")]
        # Citizens sign in with their national ID, as people do; their user names are internal.
        citizens = {u.pk: Browser(base).sign_in(u.national_id) for u in data["applicants"]}
        citizen_tokens = {pk: browser.token("/nop-ho-so/ban-nhap/") for pk, browser in citizens.items()}
        c = args.connections
        plans = {
            "bare": ([raw("GET", "/bench/mot-dong/", None)], 200, "", c),
            "page": ([raw("GET", "/bench/trang/", None)], 200, "UBND", c),
            "home": ([raw("GET", "/", None)], 200, "/thu-tuc/", c),
            "lookup": ([raw("POST", "/tra-cuu/", anonymous, urllib.parse.urlencode(
                {"csrfmiddlewaretoken": lookup_token, "code": code, "factor": factor}).encode(), "application/x-www-form-urlencoded")
                for code, factor in lookups], 200, "Tra cứu hồ sơ khác", c),
            "search": ([raw("GET", "/thu-tuc/?" + urllib.parse.urlencode({"q": q}), None) for q in searches], 200, "", c),
            "upload": ([raw("POST", f"/nop-ho-so/ban-nhap/{d.pk}/buoc/4/", citizens[d.applicant_id],
                            *reversed(_multipart(upload_fields(d, citizen_tokens[d.applicant_id]))))
                        for d in data["to_upload"]], 302, "/buoc/5/", c),
            "submit": ([raw("POST", f"/nop-ho-so/ban-nhap/{d.pk}/buoc/6/", citizens[d.applicant_id], urllib.parse.urlencode(
                {"csrfmiddlewaretoken": citizen_tokens[d.applicant_id], "cam_doan": "1"}).encode(), "application/x-www-form-urlencoded")
                for d in data["to_submit"]], 302, "/nop-ho-so/da-nop/", c),
            "worklist": ([raw("GET", f"/mot-cua/viec/thu-ly/{query}", browser)
                          for browser in handlers for query in ("", "?trang=2", "?due=overdue", "?trang=40")], 200,
                         f"{data['busy'].pk:03d}-", c),
            "report": ([raw("GET", f"/bao-cao/?ky={REPORT_MONTH}", browser) for browser in leaders], 200, "", 1),
        }
        for name in only:
            requests, status, text, connections = plans[name]
            once = name == "submit"
            if once:  # each draft is submitted once: warm-up, loaded run and single run get drafts of their own
                warm, loaded = len(requests) // 10, len(requests) * 7 // 10
                files = [write_requests(folder / f"{name}-{part}", chunk) for part, chunk in
                         (("warm", requests[:warm]), ("loaded", requests[warm:loaded]), ("alone", requests[loaded:]))]
            else:
                files = [write_requests(folder / name, requests)] * 3
            measure = {"base": base, "status": status, "text": text, "once": once}
            wrk(file=files[0], seconds=args.warm_up, connections=connections, **measure)
            results[name] = wrk(file=files[1], seconds=args.duration, connections=connections, **measure)
            results[name]["connections"] = connections
            results[name]["alone"] = wrk(file=files[2], seconds=args.duration, connections=1, **measure)
            if name not in NOT_REPLAYED:
                replay = {"base": base, "file": write_requests(folder / f"{name}-psycopg", [raw("GET", f"/bench/psycopg/{name}/", None)]),
                          "connections": connections, "status": 200, "text": ""}
                wrk(seconds=args.warm_up, **replay)
                results[name]["psycopg"] = wrk(seconds=args.duration, **replay)
            print(f"  {name}: {results[name]['rps']:.0f} requests/s", flush=True)
            if name not in READ_ONLY:
                settle()
        shutil.rmtree(folder)
    finally:
        stop(server)
    report(results, args)
    if helpers:
        try:
            portal_lag(started)
        finally:
            for helper in helpers:
                stop(helper)


def ceiling(results: dict, name: str) -> float | None:
    """Requests/s of the page plus `name`'s SQL beyond the bare view's one row, the costs
    (seconds per request on the loaded server) added: what `name` could reach if its Django
    work beyond the empty page cost nothing; None where it cannot be told (a baseline, or a
    scenario loaded with other connections than the page)."""
    page, bare_sql, own_sql = results.get("page"), results["bare"].get("psycopg"), results[name].get("psycopg")
    if name in ("bare", "page") or not (page and bare_sql and own_sql):
        return None
    if page["connections"] != results[name]["connections"]:
        return None
    return 1 / (1 / page["rps"] + 1 / own_sql["rps"] - 1 / bare_sql["rps"])


def report(results: dict, args) -> None:
    bare = results["bare"]["rps"]
    print(f"\ngunicorn --workers {args.workers}; wrk with {args.connections} connections (1 for the report), then with 1; "
          f"{args.duration:.0f} s each\n")
    print("| scenario | requests/s | p50 | p95 | p99 | ÷ bare view | ÷ psycopg | psycopg: requests/s, p99 | ceiling ÷ bare view "
          "| alone: p50, p99 | wrong |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, result in results.items():
        ms = {k: result[f"{k}_us"] / 1000 for k in ("p50", "p95", "p99")}
        alone, psycopg = result["alone"], result.get("psycopg")
        against_psycopg = f"{result['rps'] / psycopg['rps']:.0%}" if psycopg and psycopg["rps"] else "–"
        psycopg_figures = f"{psycopg['rps']:.1f}, {psycopg['p99_us'] / 1000:.1f} ms" if psycopg else "–"
        best = ceiling(results, name)
        wrong = sum(r["wrong"] + r["socket_errors"] + r["exhausted"] for r in (result, alone))
        print(
            f"| {name} | {result['rps']:.1f} | {ms['p50']:.1f} ms | {ms['p95']:.1f} ms | {ms['p99']:.1f} ms "
            f"| {result['rps'] / bare:.0%} | {against_psycopg} | {psycopg_figures} | {f'{best / bare:.0%}' if best else '–'} "
            f"| {alone['p50_us'] / 1000:.1f} ms, {alone['p99_us'] / 1000:.1f} ms | {wrong} |"
        )


if __name__ == "__main__":
    main()
