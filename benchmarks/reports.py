"""Figures for reports at province scale: the monthly report and the quality index over a
million dossiers in PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench_reports \\
        python benchmarks/reports.py [--dossiers 1000000] [--regenerate] [--month 2026-10]

The database named in DATABASE_URL is the data set: its name must contain "bench". The
first run migrates it and fills it (about 120 agencies, 2,000 procedures and the given
number of dossiers over three years, with states, timings, pauses, papers, results,
payments and ratings in realistic shares), bulk-loaded with COPY; later runs reuse it, so
other benchmarks can too (`--regenerate` wipes and refills it). Then the province-wide
monthly report (every figure, by agency with units rolled up) and the quality index of
every agency are timed. It reports; it never fails on a time.

Dossiers are written directly, not through the lifecycle (which would take days for a
million), with the fields the lifecycle would leave; each gets a compressed history: its
receipt or refusal, one handover with its timing, and the event that ended it.
"""

import argparse
import io
import json
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.settings")
# Made and measured with the demo's settings (the published key, the sandbox gateway): it serves no one.
os.environ.setdefault("MOTCUA_DEMO", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from motcua.text import fold  # noqa: E402

VN = ZoneInfo("Asia/Ho_Chi_Minh")
START = datetime(2024, 1, 1, tzinfo=VN)
NOW = datetime(2026, 11, 30, 17, 0, tzinfo=VN)
LEGAL_DAYS = (1, 3, 5, 7, 10, 15, 20)
FIELDS = 40
# Procedure names as the national database words them: an action on a paper, for someone.
ACTIONS = ["Cấp", "Cấp lại", "Cấp đổi", "Điều chỉnh", "Gia hạn", "Đăng ký", "Xác nhận", "Thẩm định", "Công nhận", "Thu hồi"]
SUBJECTS = [
    "giấy phép xây dựng nhà ở riêng lẻ", "giấy chứng nhận quyền sử dụng đất", "giấy chứng nhận đăng ký hộ kinh doanh",
    "giấy phép kinh doanh vận tải bằng xe ô tô", "giấy phép lái xe", "giấy chứng nhận đủ điều kiện an toàn thực phẩm",
    "giấy phép bán lẻ rượu", "giấy phép hoạt động khám bệnh, chữa bệnh", "chứng chỉ hành nghề dược",
    "giấy phép thành lập trường mầm non tư thục", "giấy xác nhận tình trạng hôn nhân", "trích lục khai sinh",
    "thẻ bảo hiểm y tế", "giấy phép khai thác nước dưới đất", "giấy phép môi trường",
    "giấy chứng nhận đăng ký doanh nghiệp", "giấy phép lao động cho người nước ngoài", "giấy phép quảng cáo",
    "giấy phép tổ chức lễ hội", "chứng chỉ hành nghề xây dựng", "giấy phép sử dụng vật liệu nổ công nghiệp",
    "giấy chứng nhận cơ sở đủ điều kiện chăn nuôi", "giấy phép vận chuyển hàng nguy hiểm", "giấy phép đào đường",
    "giấy phép kinh doanh karaoke", "giấy chứng nhận đăng ký hợp tác xã", "giấy phép hoạt động điện lực",
    "giấy phép thành lập hội", "giấy phép xả nước thải vào nguồn nước", "giấy chứng nhận thẩm duyệt phòng cháy chữa cháy",
    "giấy phép kinh doanh dịch vụ lữ hành nội địa", "giấy phép thành lập cơ sở trợ giúp xã hội",
    "giấy chứng nhận nhà ở xã hội", "giấy phép di dời công trình", "giấy phép sử dụng tần số vô tuyến điện",
    "giấy chứng nhận quyền sở hữu nhà ở", "giấy phép kinh doanh xăng dầu", "giấy phép thành lập văn phòng công chứng",
    "giấy chứng nhận đăng ký thuế", "giấy phép hoạt động thư viện",
]
FOR_WHOM = ["", " cho cá nhân", " cho tổ chức", " cho doanh nghiệp có vốn đầu tư nước ngoài", " trường hợp bị mất, hỏng"]


def procedure_name(i: int) -> str:
    """The i-th of 2,000 different names."""
    return f"{ACTIONS[i % 10]} {SUBJECTS[i // 10 % 40]}{FOR_WHOM[i // 400 % 5]}"


def _check_database() -> None:
    if connection.vendor != "postgresql" or "bench" not in connection.settings_dict["NAME"]:
        sys.exit("Set DATABASE_URL to a PostgreSQL database whose name contains “bench” (it is filled with test data).")


def _defaults(model, columns: list[str]) -> tuple[list[str], tuple]:
    """Columns the generator does not set but the table requires, with the model's defaults:
    the data set keeps loading when a later change adds such a field. A text field without a
    default is written empty, as Django writes it."""
    extra = [
        f for f in model._meta.concrete_fields
        if f.column not in columns and not f.primary_key and not f.null and (f.has_default() or f.empty_strings_allowed)
    ]
    values = tuple(json.dumps(d) if isinstance(d := f.get_default(), dict | list) else d for f in extra)
    return [f.column for f in extra], values


def _copy(model, columns: list[str], rows) -> int:
    extra_columns, extra_values = _defaults(model, columns)
    buffer = io.StringIO()
    count = 0
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in (*row, *extra_values)))
        buffer.write("\n")
        count += 1
    buffer.seek(0)
    with connection.cursor() as cursor, cursor.cursor.copy(
        f"COPY {model._meta.db_table} ({', '.join([*columns, *extra_columns])}) FROM STDIN"
    ) as copy:
        while chunk := buffer.read(1 << 20):
            copy.write(chunk)
    return count


def _catalog(rng: random.Random):
    from motcua.agencies.models import Agency
    from motcua.catalog.models import Field, Procedure, ProcedureVersion, RequiredDocument

    province = Agency.objects.create(code="000.00.00.H56", name="UBND tỉnh Bình Dương", short_name="Tỉnh", level="province")
    departments = [
        Agency.objects.create(code=f"000.{i:02d}.00.H56", name=f"Sở {i}", short_name=f"S{i}", level="department", parent=province)
        for i in range(1, 21)
    ]
    districts, communes = [], []
    for d in range(1, 10):
        district = Agency.objects.create(
            code=f"000.{20 + d:02d}.00.H56", name=f"UBND huyện {d}", short_name=f"H{d}", level="district", parent=province
        )
        districts.append(district)
        for c in range(1, 11):
            communes.append(Agency.objects.create(
                code=f"000.{20 + d:02d}.{c:02d}.H56", name=f"UBND xã {d}.{c}", short_name=f"X{d}.{c}", level="commune", parent=district
            ))
    fields = Field.objects.bulk_create([Field(code=f"linh-vuc-{i}", name=f"Lĩnh vực {i}") for i in range(FIELDS)])
    procedures = Procedure.objects.bulk_create([
        Procedure(code=f"1.{i:06d}", owner=departments[i % len(departments)]) for i in range(2000)
    ])
    versions = ProcedureVersion.objects.bulk_create([
        ProcedureVersion(
            procedure=p, number=1, status="published", name=procedure_name(i), search_name=fold(procedure_name(i)), field=fields[i % FIELDS],
            levels=["province" if i < 1000 else "district" if i < 1600 else "commune"], legal_time=rng.choice(LEGAL_DAYS),
            legal_basis="Luật" if rng.random() < 0.95 else "", deliveries=["counter", "post", "online"],
            online_mode=rng.choices(["full", "partial", "counter"], [50, 35, 15])[0], published_at=START,
        )
        for i, p in enumerate(procedures)
    ])
    RequiredDocument.objects.bulk_create([
        RequiredDocument(version=v, order=1, name="Tờ khai", originals=1) for v in versions if rng.random() < 0.97
    ])
    # Province-level procedures at departments; district ones at every district; commune ones at every commune.
    performers: dict[int, list[int]] = {}
    links = []
    for i, version in enumerate(versions):
        if i < 1000:
            at = [departments[i % len(departments)].pk]
        elif i < 1600:
            at = [a.pk for a in districts]
        else:
            at = [a.pk for a in communes]
        performers[version.pk] = at
        links += [ProcedureVersion.agencies.through(procedureversion_id=version.pk, agency_id=a) for a in at]
    ProcedureVersion.agencies.through.objects.bulk_create(links, batch_size=10_000)
    return versions, performers


def _dossiers(rng: random.Random, versions, performers, count: int) -> None:
    from motcua.accounts.models import User
    from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent
    from motcua.payments.models import Payment
    from motcua.portal.models import Rating

    citizen = User.objects.create(username="bench-citizen", kind="citizen")
    legal = {v.pk: float(v.legal_time) for v in versions}
    fee = {v.pk: rng.choice((0, 0, 20_000, 50_000, 100_000)) for v in versions}
    # Commune and district procedures are filed far more often than province ones.
    weights = [1 if i < 1000 else 6 if i < 1600 else 12 for i in range(len(versions))]
    span = (NOW - START).total_seconds()
    dossier_columns = [
        "id", "code", "procedure_version_id", "state", "channel", "delivery", "applicant_name", "applicant_search_name",
        "applicant_id_number", "applicant_address", "applicant_phone", "applicant_email", "representative", "form_data",
        "sets", "receiving_agency_id", "current_agency_id", "submitted_at", "received_at", "clock_started_at",
        "promised_at", "original_promised_at", "paused_at", "paused_remaining", "state_before_pause", "finished_at",
        "returned_at", "timing", "fee_due", "fee_paid",
    ]
    event_columns = ["dossier_id", "sequence", "action", "at", "from_state", "to_state", "timing", "note", "data", "to_agency_id", "from_agency_id"]
    document_columns = ["dossier_id", "name", "originals", "copies", "file", "kind", "added_at"]
    payment_columns = ["dossier_id", "payer_id", "amount", "gateway", "reference", "state", "transaction_id", "confirmation", "paid_at", "created_at", "updated_at"]
    rating_columns = ["dossier_id", "level", "comment", "at"]
    batch = 100_000
    for first in range(1, count + 1, batch):
        dossiers, events, documents, payments, ratings = [], [], [], [], []
        for pk in range(first, min(first + batch, count + 1)):
            version = rng.choices(versions, weights)[0]
            agency = rng.choice(performers[version.pk])
            submitted = START + timedelta(seconds=rng.random() * span)
            channel = rng.choices(["online", "counter", "post"], [45, 50, 5])[0]
            days = legal[version.pk]
            received = submitted + timedelta(hours=rng.uniform(0.2, 30)) if channel == "online" else submitted
            promised = received + timedelta(days=days * 1.4 + 0.3)
            state, finished, returned, timing, ended = "returned", None, None, "", None
            paused_at = paused_remaining = None
            outcome = rng.random()
            if outcome < 0.02:
                state, received, promised, ended = "refused", None, None, submitted + timedelta(hours=rng.uniform(1, 20))
            elif outcome < 0.04:
                state, ended = "withdrawn", received + timedelta(days=rng.uniform(0.5, days))
            elif outcome < 0.045:
                state, ended = "stopped", received + timedelta(days=rng.uniform(0.5, days))
            else:
                finished = received + timedelta(days=days * 1.4 * rng.lognormvariate(-0.6, 0.5))
                if finished > NOW:
                    finished = None
                    state = "in_progress" if rng.random() < 0.9 else "supplement_requested"
                    if state == "supplement_requested":
                        paused_at = received + timedelta(days=rng.uniform(0, days))
                        paused_remaining = int((promised - paused_at).total_seconds() * 0.3)
                else:
                    timing = "late" if finished > promised else "early" if finished.date() < promised.date() else "on_time"
                    returned = finished + timedelta(days=rng.uniform(0.1, 3))
                    if returned > NOW:
                        state, returned = "ready", None
            if ended and ended > NOW:
                state, ended, finished = "in_progress", None, None
            code = f"{agency:03d}-{submitted:%y%m%d}-{pk:07d}"
            due = fee[version.pk]
            dossiers.append((
                pk, code, version.pk, state, channel, "counter", "Nguyễn Văn A", "nguyen van a", f"{pk:012d}", "", "", "", "", "{}",
                1, agency, agency, submitted.isoformat(), received and received.isoformat(), received and received.isoformat(),
                promised and promised.isoformat(), promised and promised.isoformat(), paused_at and paused_at.isoformat(),
                paused_remaining, "in_progress" if paused_at else "", finished and finished.isoformat(),
                returned and returned.isoformat(), timing, due, due if finished else 0,
            ))
            sequence = 1
            if received:
                events.append((pk, 1, "receive", received.isoformat(), "submitted", "received", "", "", "{}", agency, None))
                sequence = 2
            if finished:
                handover = "late" if finished > promised else "early"
                events.append((pk, sequence, "approve", finished.isoformat(), "in_progress", "ready", handover, "", "{}", agency, agency))
                sequence += 1
            if ended:
                events.append((pk, sequence, {"refused": "refuse", "withdrawn": "withdraw", "stopped": "stop"}[state],
                               ended.isoformat(), "submitted" if state == "refused" else "in_progress", state, "", "", "{}", agency, agency))
            if received and rng.random() < (0.9 if channel == "online" else 0.4):
                documents.append((pk, "Tờ khai", 1, 0, f"dossiers/{pk}.pdf", "applicant", received.isoformat()))
            if finished and rng.random() < 0.7:
                documents.append((pk, "Kết quả", 0, 0, f"dossiers/{pk}-kq.pdf", "final_result", finished.isoformat()))
            if due and finished and channel == "online" and rng.random() < 0.5:
                paid = finished.isoformat()
                payments.append((pk, citizen.pk, due, "sandbox", f"{pk:032x}", "succeeded", str(pk), "{}", paid, paid, paid))
            if returned and rng.random() < 0.3:
                level = rng.choices(["satisfied", "acceptable", "unsatisfied"], [85, 12, 3])[0]
                ratings.append((pk, level, "", (returned + timedelta(hours=2)).isoformat()))
        _copy(Dossier, dossier_columns, dossiers)
        _copy(DossierEvent, event_columns, events)
        _copy(DossierDocument, document_columns, documents)
        _copy(Payment, payment_columns, payments)
        _copy(Rating, rating_columns, ratings)
        print(f"  {min(first + batch - 1, count):>9} dossiers written", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('dossiers_dossier', 'id'), %s)", [count])
        cursor.execute("ANALYZE")


def _involve_agencies() -> None:
    """Each dossier involves the agency that received it (officials see a dossier through
    its involved agencies); data sets made before this was written get it here."""
    from motcua.dossiers.models import Dossier

    through = Dossier.involved_agencies.through
    if through.objects.exists():
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {through._meta.db_table} (dossier_id, agency_id) SELECT id, receiving_agency_id FROM dossiers_dossier"
        )
        cursor.execute("ANALYZE")


def generate(count: int, regenerate: bool) -> None:
    from motcua.dossiers.models import Dossier

    call_command("migrate", verbosity=0)
    present = Dossier.objects.count()
    if present and not regenerate:
        print(f"Reusing the data set: {present:,} dossiers.")
        _involve_agencies()
        return
    if present or regenerate:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        call_command("migrate", verbosity=0)
    rng = random.Random(766)
    began = time.perf_counter()
    # The history triggers refuse changes, not inserts: the bulk load goes through them.
    versions, performers = _catalog(rng)
    _dossiers(rng, versions, performers, count)
    _involve_agencies()
    print(f"Generated {count:,} dossiers in {time.perf_counter() - began:.0f} s.")


def timed(label: str, run, repeat: int = 5):
    run()  # warm the caches once, as a busy server has them
    durations = []
    for _ in range(repeat):
        began = time.perf_counter()
        result = run()
        durations.append(time.perf_counter() - began)
    print(f"{label:<62} median {statistics.median(durations):6.3f} s  best {min(durations):6.3f} s  ({repeat} runs)")
    return result


def measure(month_key: str) -> None:
    from motcua.accounts.models import User
    from motcua.agencies.models import Agency
    from motcua.dossiers.models import Dossier
    from motcua.reports import dashboards, figures, periods, quality, selectors

    month = periods.parse(month_key)
    admin = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser("bench-admin", password=None)
    total = Dossier.objects.count()
    print(f"{total:,} dossiers, {Agency.objects.count()} agencies; month {month.label}")

    def report():
        built = selectors.report_for(admin, {"ky": month.key}, now=NOW)
        return selectors.count_rows(built)

    built = timed("monthly report, province-wide, by agency (rolled up)", report)
    print("  figures:", {k: built.total[k] for k in ("carried_over", "received", "resolved", "resolved_late", "in_progress_overdue", "refused")})
    timed("monthly report, province-wide, by field", lambda: figures.count(Dossier.objects.all(), month, by="field", as_of=NOW))
    ids = set(Agency.objects.values_list("pk", flat=True))
    ranked, overall = timed("quality index, every agency, one month", lambda: quality.scores(ids, month, Dossier.objects.all()))
    print(f"  {len(ranked)} agencies scored; province {overall.total}/100")
    timed("dashboard: twelve months of trends, province-wide", lambda: dashboards.trends(Dossier.objects.all(), month))
    timed("drill-down: first page of the province's late dossiers", lambda: list(
        figures.dossiers_behind(Dossier.objects.all(), month, "resolved_late", as_of=NOW).order_by("received_at", "pk")[:100]
    ))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--month", default="2026-10")
    args = parser.parse_args()
    _check_database()
    generate(args.dossiers, args.regenerate)
    measure(args.month)


if __name__ == "__main__":
    main()
