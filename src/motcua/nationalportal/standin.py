"""A stand-in for the national public-service portal's adapter, speaking PROTOCOL.md over real
HTTP on loopback: the tests start it in their own process, `make run` starts it for the demo
(`python -m motcua.nationalportal.standin --port 8012`).

It checks what a provincial system sends as the portal does (credentials, session, the
destination header, the agency, required fields, the time format, the status codes, that a
dossier is known before an update or a progress line) and keeps the portal's view: each
dossier as last sent, the statuses in the order they arrived, its progress lines. A record
sent again is taken as the same one (a dossier by its code, a progress line by its content).
A test can make it refuse, go down, answer slowly or hold an answer.
"""

import argparse
import json
import re
import secrets
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

USERNAME, PASSWORD, AGENCY_CODE, DESTINATION = "motcua-demo", "mat-khau-thu-nghiem", "000.00.00.H56", "DVCQG"
# The national procedure database it answers from: the demo province's procedures.
CATALOG = Path(__file__).resolve().parents[1] / "demo" / "data" / "catalog.json"

ACCEPTED = "00"
SESSION_EXPIRED = "-1"
INVALID = "01"
UNKNOWN_DOSSIER = "02"
UNKNOWN_PROCEDURE = "03"
UNKNOWN_SERVICE = "04"
WRONG_CREDENTIALS = "05"

PORTAL_TIME = re.compile(r"\d{14}")
DOSSIER_REQUIRED = ("MaHoSo", "MaTTHC", "TenTTHC", "ChuHoSo", "LoaiDoiTuong", "NgayTiepNhan", "TrangThaiHoSo", "DonViXuLy")
DOSSIER_TIMES = ("NgayTiepNhan", "NgayHenTra", "NgayTra", "NgayKetThucXuLy")
PROGRESS_REQUIRED = ("MaHoSo", "NguoiXuLy", "ThoiDiemXuLy", "NoiDungXuLy", "TrangThai")
PROGRESS_TIMES = ("ThoiDiemXuLy", "NgayBatDau", "NgayKetThucTheoQuyDinh")
STATUSES = {str(code) for code in range(1, 11)}


class Refusal(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class Portal:
    def __init__(self, catalog: list[dict] | None = None, session_lifetime: float = 1800):
        self.catalog = {entry["MATTHC"]: entry for entry in (catalog if catalog is not None else _load_catalog())}
        self.session_lifetime = session_lifetime
        self.sessions: dict[str, float] = {}
        self.dossiers: dict[str, dict] = {}
        self.statuses: dict[str, list[str]] = {}  # each dossier's TrangThaiHoSo in the order received
        self.progress: dict[str, list[dict]] = {}
        self.received: list[dict] = []  # every call that reached a service, as sent
        # Dossiers citizens filed on the portal for the province, by code, and their files by name.
        self.filed: dict[str, dict] = {}
        self.files: dict[str, bytes] = {}
        self.logins = 0
        # What a test can ask for.
        self.refuse_next: list[tuple[str, str]] = []
        self.down = False
        self.delay = 0.0
        self.hold_after: int | None = None  # take this many service calls, then hold the next answer
        self.holding = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()

    # --- the protocol ---------------------------------------------------------------------

    def handle(self, path: str, headers, body: dict) -> tuple[int, dict]:
        if self.down:
            return 503, {"error_code": "503", "message": "Hệ thống đang bảo trì"}
        if self.delay:
            time.sleep(self.delay)
        try:
            if path.rstrip("/").endswith("/auth"):
                return 200, self._login(body)
            if headers.get("dstcode") != DESTINATION:
                raise Refusal(INVALID, "Thiếu hoặc sai mã đích (dstcode)")
            return 200, self._service(body)
        except Refusal as refusal:
            return 200, {"error_code": refusal.code, "message": refusal.message}

    def _login(self, body: dict) -> dict:
        if body.get("username") != USERNAME or body.get("password") != PASSWORD:
            raise Refusal(WRONG_CREDENTIALS, "Sai tên đăng nhập hoặc mật khẩu")
        session = secrets.token_urlsafe(24)
        with self._lock:
            self.sessions[session] = time.monotonic() + self.session_lifetime
            self.logins += 1
        return {"error_code": ACCEPTED, "message": "Thành công", "session": session}

    def expire_sessions(self) -> None:
        with self._lock:
            self.sessions.clear()

    def _service(self, body: dict) -> dict:
        with self._lock:
            expires = self.sessions.get(body.get("session") or "")
        if expires is None or expires < time.monotonic():
            raise Refusal(SESSION_EXPIRED, "Phiên làm việc không hợp lệ hoặc đã hết hạn")
        if body.get("madonvi") != AGENCY_CODE:
            raise Refusal(INVALID, "Mã đơn vị (madonvi) không được phép gửi")
        service = body.get("service")
        handler = {
            "DongBoHoSoMC": self._dossiers,
            "CapNhatTienDoHoSoMC": self._progress,
            "TraCuuHoSo": self._look_up,
            "LayDanhSachTTHC": self._procedures,
            "LayThuTuc": self._procedure,
            "LayDanhSachHoSoMoi": self._filed,
        }.get(service)
        if handler is None:
            raise Refusal(UNKNOWN_SERVICE, f"Dịch vụ không tồn tại: {service}")
        with self._lock:
            count = len(self.received)
            self.received.append(body)
            if self.refuse_next:
                code, message = self.refuse_next.pop(0)
                raise Refusal(code, message)
        if self.hold_after is not None and count == self.hold_after:
            self.holding.set()
            self.release.wait(120)
        with self._lock:
            return {"error_code": ACCEPTED, "message": "Thành công", **(handler(body) or {})}

    def _records(self, body: dict) -> list[dict]:
        data = body.get("data")
        if not isinstance(data, list) or not data or not all(isinstance(record, dict) for record in data):
            raise Refusal(INVALID, "Trường data phải là danh sách bản ghi")
        return data

    @staticmethod
    def _check(record: dict, required, times) -> None:
        missing = [name for name in required if not str(record.get(name) or "").strip()]
        if missing:
            raise Refusal(INVALID, f"Thiếu trường bắt buộc: {', '.join(missing)}")
        for name in times:
            if record.get(name) and not PORTAL_TIME.fullmatch(str(record[name])):
                raise Refusal(INVALID, f"Trường {name} không đúng định dạng yyyyMMddHHmmss")

    def _dossiers(self, body: dict) -> None:
        records = self._records(body)
        for record in records:
            self._check(record, DOSSIER_REQUIRED, DOSSIER_TIMES)
            if str(record["TrangThaiHoSo"]) not in STATUSES:
                raise Refusal(INVALID, f"Trạng thái hồ sơ không hợp lệ: {record['TrangThaiHoSo']}")
            # The answer to a dossier filed here is taken whatever it names (a refusal may be for that).
            if record["MaTTHC"] not in self.catalog and record["MaHoSo"] not in self.filed:
                raise Refusal(UNKNOWN_PROCEDURE, f"Mã thủ tục {record['MaTTHC']} không có trong CSDL quốc gia về TTHC")
            if body.get("isUpdating") and record["MaHoSo"] not in self.dossiers:
                raise Refusal(UNKNOWN_DOSSIER, f"Hồ sơ {record['MaHoSo']} chưa được đồng bộ")
        for record in records:
            code = record["MaHoSo"]
            history = self.statuses.setdefault(code, [])
            # A create sent again (its answer was lost) changes nothing.
            if self.dossiers.get(code) != record:
                history.append(str(record["TrangThaiHoSo"]))
            self.dossiers[code] = record

    def _progress(self, body: dict) -> None:
        records = self._records(body)
        for record in records:
            self._check(record, PROGRESS_REQUIRED, PROGRESS_TIMES)
            if str(record["TrangThai"]) not in STATUSES:
                raise Refusal(INVALID, f"Trạng thái không hợp lệ: {record['TrangThai']}")
            if record["MaHoSo"] not in self.dossiers:
                raise Refusal(UNKNOWN_DOSSIER, f"Hồ sơ {record['MaHoSo']} chưa được đồng bộ")
        for record in records:
            lines = self.progress.setdefault(record["MaHoSo"], [])
            if record not in lines:
                lines.append(record)

    def _filed(self, body: dict) -> dict:
        """Dossiers filed here that the province has not answered yet (by a dossier record)."""
        return {"result": [record for code, record in self.filed.items() if code not in self.dossiers]}

    def file(self, code: str, record: dict, files: dict[str, bytes]) -> dict:
        """A citizen files a dossier on the portal: `record` in the inbound format, its papers
        named by `files` (name → content), each given an address on this server."""
        papers = []
        for name, content in files.items():
            key = f"{code}-{len(self.files) + 1}"
            self.files[key] = content
            papers.append({"TenGiayTo": name, "TenTepDinhKem": f"{key}.pdf", "DuongDanTaiTepTin": f"{self.url}tep/{key}"})
        self.filed[code] = {"MaHoSo": code, **record, "TaiLieuNop": papers}
        return self.filed[code]

    def download(self, path: str, headers) -> tuple[int, bytes]:
        with self._lock:
            expires = self.sessions.get(headers.get("session") or "")
        if expires is None or expires < time.monotonic():
            return 401, b""
        content = self.files.get(path.rstrip("/").rsplit("/", 1)[-1])
        return (200, content) if content is not None else (404, b"")

    def _look_up(self, body: dict) -> dict:
        code = str(body.get("MaHoSo") or "")
        if code not in self.dossiers:
            raise Refusal(UNKNOWN_DOSSIER, f"Không tìm thấy hồ sơ {code}")
        return {"result": [self.dossiers[code]]}

    def _procedures(self, body: dict) -> dict:
        return {"result": [{"MATTHC": code, "TENTTHC": entry["TENTTHC"]} for code, entry in sorted(self.catalog.items())]}

    def _procedure(self, body: dict) -> dict:
        code = str(body.get("maTTHC") or "")
        if code not in self.catalog:
            raise Refusal(UNKNOWN_PROCEDURE, f"Không tìm thấy thủ tục {code}")
        return {"result": [self.catalog[code]]}


# How the national database writes levels, channels and time units.
LEVEL_NAMES = {"province": "Cấp Tỉnh", "district": "Cấp Huyện", "commune": "Cấp Xã"}
CHANNELS = {"counter": "1", "online": "2", "post": "3"}
TIME_UNITS = {"working_days": "Ngày làm việc", "calendar_days": "Ngày"}


def national_record(procedure: dict, field_name: str, agency_names: dict[str, str] | None = None) -> dict:
    """A procedure of MotCua's interchange format as the national database publishes it."""
    names = agency_names or {}
    fees = [
        {"MAPHILEPHI": f"{procedure['code']}-{number}", "TENPHILEPHI": fee["name"], "SOTIEN": str(fee["amount"]), "MOTA": fee.get("note", "")}
        for number, fee in enumerate(procedure.get("fees", []), start=1)
    ]
    time = [{"THOIGIANGIAIQUYET": str(procedure["legal_time"]), "DONVITINH": TIME_UNITS[procedure.get("time_unit", "working_days")], "PHILEPHI": fees}]
    return {
        "MATTHC": procedure["code"],
        "TENTTHC": procedure["name"],
        "LINHVUCTHUCHIEN": [{"MALINHVUC": procedure["field"], "TENLINHVUC": field_name}],
        "CAPTHUCHIEN": [LEVEL_NAMES[level] for level in procedure.get("levels", [])],
        "CACHTHUCTHUCHIEN": [{"KENH": CHANNELS[channel], "THOIGIAN": time} for channel in procedure.get("deliveries", [])],
        "THANHPHANHOSO": [
            {
                "TRUONGHOP": "",
                "GIAYTO": [
                    {
                        "TENGIAYTO": document["name"],
                        "SOBANCHINH": str(document.get("originals", 0)),
                        "SOBANSAO": str(document.get("copies", 0)),
                        "BATBUOC": "1" if document.get("mandatory", True) else "0",
                    }
                    for document in procedure.get("documents", [])
                ],
            }
        ],
        "TRINHTUTHUCHIEN": [{"TRUONGHOP": "", "TRINHTU": [{"TENTRINHTU": step["name"]} for step in procedure.get("steps", [])]}],
        "COQUANTHUCHIEN": [{"MACOQUAN": code, "TENCOQUAN": names.get(code, "")} for code in procedure.get("agencies", [])],
        "CANCUPHAPLY": [{"SOVANBAN": "", "TENVANBAN": line} for line in procedure.get("legal_basis", "").splitlines() if line.strip()],
        "YEUCAU": procedure.get("requirements", ""),
        "KETQUATHUCHIEN": [{"TENKETQUA": procedure.get("result_description", "")}],
    }


def _load_catalog() -> list[dict]:
    """The demo catalog (MotCua's interchange format) as the national database publishes it."""
    source = json.loads(CATALOG.read_text(encoding="utf-8"))
    fields = {field["code"]: field["name"] for field in source["fields"]}
    return [national_record(procedure, fields[procedure["field"]]) for procedure in source["procedures"]]


class _Handler(BaseHTTPRequestHandler):
    portal: Portal

    def do_POST(self):  # noqa: N802 (the standard library's name)
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
            if not isinstance(body, dict):
                raise ValueError
        except ValueError:
            status, answer = 400, {"error_code": INVALID, "message": "Nội dung không phải JSON"}
        else:
            status, answer = self.portal.handle(self.path, self.headers, body)
        data = json.dumps(answer, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):  # noqa: N802
        status, content = self.portal.download(self.path, self.headers)
        self.send_response(status)
        self.send_header("Content-Type", "application/pdf" if status == 200 else "text/plain")
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, format, *args):
        pass


@contextmanager
def serving(portal: Portal | None = None, port: int = 0):
    """Serve a Portal on 127.0.0.1 (a free port unless given) for the length of the block;
    yields the Portal, its adapter address in `portal.url` and its sign-in address in
    `portal.auth_url`."""
    portal = portal or Portal()
    handler = type("Handler", (_Handler,), {"portal": portal})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    portal.url = f"http://127.0.0.1:{server.server_port}/dvcqg/"
    portal.auth_url = f"http://127.0.0.1:{server.server_port}/dvcqg/auth"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield portal
    finally:
        portal.release.set()
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description="Cổng Dịch vụ công quốc gia – máy chủ thử nghiệm (không phải Cổng thật)")
    parser.add_argument("--port", type=int, default=8012)
    parser.add_argument("--catalog", type=Path, help="JSON list of procedures as LayThuTuc gives them; default: the demo's.")
    arguments = parser.parse_args()
    catalog = json.loads(arguments.catalog.read_text(encoding="utf-8")) if arguments.catalog else None
    with serving(Portal(catalog), port=arguments.port) as portal:
        print(f"Cổng DVCQG thử nghiệm: {portal.url} (phiên: {portal.auth_url})", flush=True)
        threading.Event().wait()


if __name__ == "__main__":
    main()
