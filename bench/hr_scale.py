"""City-scale HR export: 1,000,000 completions on PostgreSQL to CSV and XLSX (issue #17 item 4).

``python -m bench.hr_scale`` (``--quick``: 100,000). On a throwaway PostgreSQL server
(:mod:`bench.pg`, stopped however the bench ends): 250 people per 1,000 completions in 600
units, four courses each, one final attempt per completion, generated in SQL. Then, each in a
fresh child process so its peak RSS (``VmHWM``) is its own:

- ``ethics-trainer report completions --status completed -o FILE`` to CSV and to XLSX, the
  streamed path (server-side cursor, one unit's rows and one chunk at a time);
- baselines over the same completions: PostgreSQL ``COPY (join) TO STDOUT CSV`` through
  psycopg, and ``csv.writer`` over a psycopg server-side cursor of the same join.

Times include the query. The machine is shared (2 cores, other agents), so one run each.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quang", "Thu", "Xuân"]
GIVEN = [
    "An", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng",
    "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Ngọc", "Phong", "Phúc",
    "Quân", "Quỳnh", "Sơn", "Tâm", "Thảo", "Thắng", "Trang", "Trung", "Tú", "Tuấn", "Vân",
    "Việt", "Yến",
]  # fmt: skip
PASSWORD = "bench-hr-scale"
COURSES = ["dao-duc-cong-vu-ha-noi", "van-hoa-cong-so", "phong-chong-tham-nhung", "tiep-dan"]
JOIN = (
    "SELECT l.full_name, l.employee_code, l.unit, l.position, c.course_id, c.completed_at,"
    " c.score, 1, a.score, a.started_at, c.certificate_no, left(c.content_hash, 12)"
    " FROM completion c JOIN learner l ON l.id = c.learner_id"
    " JOIN attempt a ON a.id = c.attempt_id ORDER BY l.unit, l.full_name, l.id, c.course_id"
)


def _units() -> list[str]:
    kinds = ["Phường", "Xã", "UBND phường", "Phòng Nội vụ quận", "Sở"]
    places = [
        "Ba Đình", "Hoàn Kiếm", "Tây Hồ", "Long Biên", "Cầu Giấy", "Đống Đa", "Hai Bà Trưng",
        "Hoàng Mai", "Thanh Xuân", "Sóc Sơn", "Đông Anh", "Gia Lâm", "Nam Từ Liêm", "Thanh Trì",
        "Bắc Từ Liêm", "Mê Linh", "Hà Đông", "Sơn Tây", "Ba Vì", "Phúc Thọ", "Đan Phượng",
        "Hoài Đức", "Quốc Oai", "Thạch Thất",
    ]  # fmt: skip
    return [f"{k} {p} {n}" for k in kinds for p in places for n in range(1, 6)]  # 600


def generate(url: str, completions: int) -> float:
    """Learners, attempts and completions in SQL; returns the seconds it took."""
    import psycopg

    from ethics_trainer.exams import passwords
    from ethics_trainer.storage.db import open_database

    db = open_database(url)  # the application's schema (migrations)
    passwords.set_password(db, "admin", PASSWORD)  # the report asks for the HR role
    db.dispose()
    people = completions // len(COURSES)
    start = time.perf_counter()
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as conn:
        conn.execute(
            "INSERT INTO learner (full_name, employee_code, unit, position, created_at,"
            " archived, demo) SELECT (%(f)s::text[])[1 + i %% 11] || ' ' ||"
            " (%(m)s::text[])[1 + (i / 11) %% 10] || ' ' || (%(g)s::text[])[1 + (i / 110) %% 36],"
            " 'HN' || lpad(i::text, 7, '0'), (%(u)s::text[])[1 + (i * 7919) %% 600],"
            " 'Chuyên viên', now(), false, false FROM generate_series(1, %(n)s) AS i",
            {"f": FAMILY, "m": MIDDLE, "g": GIVEN, "u": _units(), "n": people},
        )
        conn.execute(
            "INSERT INTO attempt (learner_id, course_id, lesson_id, kind, seed, questions_json,"
            " started_at, deadline, submitted_at, submit_reason, score, correct_count,"
            " question_count, pass_percent, passed, content_hash, extra_seconds)"
            " SELECT l.id, c, '', 'final', 1, '[]',"
            " timestamptz '2026-01-05 01:00+00' + (l.id * 3607 %% 28000000) * interval '1 second',"
            " NULL, timestamptz '2026-01-05 01:20+00' + (l.id * 3607 %% 28000000) * interval"
            " '1 second', 'user', 80 + (l.id %% 21), 16 + l.id %% 5, 20, 80, true, 'h', 0"
            " FROM learner l CROSS JOIN unnest(%(c)s::text[]) AS c",
            {"c": COURSES},
        )
        conn.execute(
            "INSERT INTO completion (learner_id, course_id, attempt_id, completed_at, score,"
            " content_hash, certificate_no) SELECT learner_id, course_id, id, submitted_at,"
            " score, repeat('ab12cd34', 8), 'HN-2026-' || lpad(id::text, 7, '0') FROM attempt"
        )
        conn.execute("ANALYZE")
    return time.perf_counter() - start


def _peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(kind: str, url: str, out: str, data: str) -> None:
    """One measured job in this (fresh) process; prints {"seconds", "rss_mb"} as JSON. The
    time starts after the imports (interpreter and module start-up are not the export)."""
    import psycopg

    from ethics_trainer.cli.main import main

    start = time.perf_counter()
    if kind in ("csv", "xlsx", "grid"):
        # grid: every status, the people x courses report (streamed unit by unit)
        status = [] if kind == "grid" else ["--status", "completed"]
        fmt = "csv" if kind == "grid" else kind
        with contextlib.redirect_stdout(io.StringIO()):
            options = ["--data-dir", data, "--database", url, "report", "completions"]
            code = main([*options, *status, "--format", fmt, "-o", out, "-q"])
        if code:
            raise SystemExit(f"report exited {code}")
    else:
        with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as conn:
            if kind == "copy":
                with (
                    open(out, "wb") as handle,
                    conn.cursor().copy(f"COPY ({JOIN}) TO STDOUT WITH CSV") as copy,
                ):
                    for block in copy:
                        handle.write(block)
            else:  # csv.writer over a server-side cursor
                with (
                    open(out, "w", newline="", encoding="utf-8-sig") as handle,
                    conn.cursor(name="bench") as cursor,
                ):
                    cursor.itersize = 5000
                    cursor.execute(JOIN)
                    writer = csv.writer(handle)
                    for row in cursor:
                        writer.writerow(row)
    print(json.dumps({"seconds": time.perf_counter() - start, "rss_mb": _peak_rss_mb()}))


def _measure(kind: str, url: str, out: Path, data: Path) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ETHICS_TRAINER_PASSWORD": PASSWORD}
    done = subprocess.run(
        [sys.executable, "-m", "bench.hr_scale", "--child", kind, url, str(out), str(data)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"{kind}: {done.stderr.strip()[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["bytes"] = out.stat().st_size
    if out.suffix == ".csv":
        with out.open("rb") as handle:
            result["rows"] = sum(1 for _ in handle) - (kind in ("csv", "grid"))  # a header
    return result


def run(completions: int) -> dict[str, object]:
    from bench.pg import throwaway_server

    with throwaway_server() as (server, why), tempfile.TemporaryDirectory() as tmp:
        if server is None:
            raise SystemExit(f"no PostgreSQL server: {why}")
        url = server.url()
        folder = Path(tmp)
        figures: dict[str, object] = {
            "completions": completions,
            "generate_s": generate(url, completions),
        }
        for kind, name in (
            ("copy", "b.csv"),
            ("csvwriter", "w.csv"),
            ("csv", "r.csv"),
            ("xlsx", "r.xlsx"),
            ("grid", "g.csv"),
        ):
            figures[kind] = _measure(kind, url, folder / name, folder / "data")
            print(kind, figures[kind], file=sys.stderr, flush=True)
            (folder / name).unlink()
        return figures


def report(figures: dict) -> str:  # type: ignore[type-arg]
    n = figures["completions"]
    lines = [
        f"{n:,} completions (generated in {figures['generate_s']:.0f} s)",
        "| job | time | peak RSS | file | ÷ COPY | ÷ csv.writer |",
        "|---|---|---|---|---|---|",
    ]
    copy, writer = figures["copy"]["seconds"], figures["csvwriter"]["seconds"]
    for kind, label in (
        ("csv", "report → CSV (streamed)"),
        ("xlsx", "report → XLSX (streamed)"),
        ("grid", "every status (people × courses) → CSV (streamed)"),
        ("copy", "baseline: psycopg COPY … TO STDOUT CSV"),
        ("csvwriter", "baseline: csv.writer over a server-side cursor"),
    ):
        f = figures[kind]
        lines.append(
            f"| {label} | {f['seconds']:.1f} s | {f['rss_mb']:.0f} MB | {f['bytes'] / 1e6:.0f} MB"
            + (f" ({f['rows']:,} rows)" if "rows" in f else "")
            + f" | {f['seconds'] / copy:.2f}× | {f['seconds'] / writer:.2f}× |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100,000 completions")
    parser.add_argument("--completions", type=int, default=0)
    parser.add_argument("--child", nargs=4, metavar=("KIND", "URL", "OUT", "DATA"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    n = args.completions or (100_000 if args.quick else 1_000_000)
    figures = run(n)
    print(json.dumps(figures))
    print(report(figures))


if __name__ == "__main__":
    main()
