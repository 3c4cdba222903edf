"""HR: 100,000 completions to CSV and XLSX, and 1,000 PDF certificates, through the CLI code.

Each runs in-process (``ethics_trainer.cli.main.main``) on demo data in a temporary SQLite
database, so interpreter start-up is not counted. Baselines, in the same run, over the same
rows: for CSV, ``csv.writer`` writing the rows of the same SQL query straight from a raw
``sqlite3`` cursor (the query's cost is in both; the note adds the write-only floor,
``csv.writer`` over the file's own cells already in memory); for XLSX, openpyxl's write-only
workbook over the same cells in memory; 1,000 one-page PDFs with a plain fpdf2 page. Targets
are ratios to those baselines (issue #17): CSV ≤ 2× ``csv.writer``, XLSX ≤ 1× openpyxl
write-only, certificates ≤ 5× plain fpdf2. The fourth row is every status (the people ×
courses grid, one row per learner and course, streamed unit by unit), against ``csv.writer``
over its cells in memory; stated, no target. The machine is
shared, so each figure and its baseline are measured back to back, several times, and the
medians are compared.
"""

from __future__ import annotations

import contextlib
import csv
import importlib.util
import io
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import Figure, not_measured

BENCH_PASSWORD = "bench-admin-2026"  # throwaway databases only


def _set_admin_password(data: Path) -> None:
    """The CLI asks for the admin (demo-data) and HR (reports, certificates) roles; the admin
    password opens both, so the throwaway database gets one."""
    from ethics_trainer.exams import passwords
    from ethics_trainer.paths import resolve_paths
    from ethics_trainer.storage.db import open_database

    db = open_database(resolve_paths(data).ensure().database_url)
    try:
        passwords.set_password(db, passwords.ROLE_ADMIN, BENCH_PASSWORD)
    finally:
        db.dispose()


def _cli(data: Path, *argv: str) -> float:
    from ethics_trainer.cli.main import main

    env = {"ETHICS_TRAINER_DATA_DIR": str(data), "ETHICS_TRAINER_PASSWORD": BENCH_PASSWORD}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            code = main(list(argv))
        elapsed = time.perf_counter() - start
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    if code != 0:
        raise RuntimeError(f"ethics-trainer {' '.join(argv)} exited {code}")
    return elapsed


def _cells(path: Path) -> list[list[str]]:
    """A CSV file's cells, read back (outside any timing)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _baseline_cells_csv(path: Path, cells: list[list[str]]) -> float:
    """The write-only floor: ``csv.writer`` over cells already in memory."""
    start = time.perf_counter()
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle).writerows(cells)
    return time.perf_counter() - start


def _completed_sql(data: Path) -> tuple[str, str]:
    """(SQLite file, the SQL of ``report completions --status completed``, binds inlined)."""
    from sqlalchemy import case, select

    from ethics_trainer.hr import reports
    from ethics_trainer.hr.completed_report import completed_query
    from ethics_trainer.paths import resolve_paths
    from ethics_trainer.storage.db import open_database
    from ethics_trainer.storage.models import Learner

    db = open_database(resolve_paths(data).ensure().database_url)
    try:
        q, where = completed_query(reports.ReportFilter(status=reports.COMPLETED))
        with db.engine.connect() as conn:
            units = {u for (u,) in conn.execute(select(Learner.unit).distinct()).all()}
        ranks = reports._ranks({u for u in units if u is not None}, reports.text_key)
        full = q.where(*where).order_by(case(ranks, value=Learner.unit, else_=len(ranks)))
        sql = str(full.compile(db.engine, compile_kwargs={"literal_binds": True}))
        return str(db.engine.url.database), sql
    finally:
        db.dispose()


def _baseline_same_query(path: Path, database: str, sql: str) -> float:
    """``csv.writer`` over the rows of the export's own query, from a raw sqlite3 cursor."""
    import sqlite3

    start = time.perf_counter()
    conn = sqlite3.connect(database)
    try:
        with path.open("w", newline="", encoding="utf-8-sig") as handle:
            csv.writer(handle).writerows(conn.execute(sql))
    finally:
        conn.close()
    return time.perf_counter() - start


def _baseline_xlsx(path: Path, cells: list[list[str]]) -> float:
    from openpyxl import Workbook

    start = time.perf_counter()
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in cells:
        sheet.append(row)
    book.save(path)
    return time.perf_counter() - start


def _baseline_pdf(folder: Path, count: int) -> float:
    from fpdf import FPDF

    folder.mkdir(exist_ok=True)
    start = time.perf_counter()
    for i in range(count):
        pdf = FPDF(orientation="L")
        pdf.add_page()
        pdf.set_font("helvetica", size=24)
        pdf.cell(0, 20, f"Certificate {i}")
        pdf.output(str(folder / f"{i}.pdf"))
    return time.perf_counter() - start


def run(quick: bool) -> list[Figure]:
    needed = (
        "ethics_trainer.hr.demo_data",
        "ethics_trainer.hr.exports",
        "ethics_trainer.hr.certificates",
    )
    missing = [m for m in needed if importlib.util.find_spec(m) is None]
    labels = [
        ("100,000 completions → CSV", "≤ 2× csv.writer"),
        ("100,000 completions → XLSX", "≤ 1× openpyxl"),
        ("1,000 certificates (PDF)", "≤ 5× plain fpdf2"),
        ("every status (people × courses grid) → CSV", "stated"),
    ]
    if missing:
        return [not_measured("hr", lb, "s", t, f"{', '.join(missing)} absent") for lb, t in labels]
    from ethics_trainer.hr.certificate_files import default_workers

    completions = 20_000 if quick else 100_000
    certificates = 200 if quick else 1_000
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="bench-hr-") as tmp:
        folder = Path(tmp)
        big, small = folder / "big", folder / "small"
        try:
            _set_admin_password(big)
            _set_admin_password(small)
            # demo data: about 60 % of learners have completed
            _cli(big, "demo-data", "--learners", str(int(completions / 0.6)), "--quiet")
            _cli(small, "demo-data", "--learners", str(int(certificates / 0.6)), "--quiet")
        except Exception as exc:
            return [not_measured("hr", lb, "s", t, f"demo-data failed: {exc}") for lb, t in labels]
        try:
            database, sql = _completed_sql(big)
            _cli(
                big,
                "report",
                "completions",
                "--status",
                "completed",
                "-o",
                str(folder / "c.csv"),
                "-q",
            )
            cells = _cells(folder / "c.csv")
            _cli(big, "report", "completions", "-o", str(folder / "g.csv"), "-q")
            grid_cells = _cells(folder / "g.csv")
        except Exception as exc:
            return [not_measured("hr", lb, "s", t, f"report failed: {exc}") for lb, t in labels]
        floor = statistics.median(_baseline_cells_csv(folder / "f.csv", cells) for _ in range(3))
        jobs = [
            (
                "csv",
                lambda: _cli(
                    big,
                    "report",
                    "completions",
                    "--status",
                    "completed",
                    "--format",
                    "csv",
                    "-o",
                    str(folder / "c.csv"),
                    "-q",
                ),
                lambda: _baseline_same_query(folder / "b.csv", database, sql),
            ),
            (
                "xlsx",
                lambda: _cli(
                    big,
                    "report",
                    "completions",
                    "--status",
                    "completed",
                    "--format",
                    "xlsx",
                    "-o",
                    str(folder / "c.xlsx"),
                    "-q",
                ),
                lambda: _baseline_xlsx(folder / "b.xlsx", cells),
            ),
            (
                "pdf",
                lambda: _cli(small, "certificates", "-o", str(folder / "certs"), "-q"),
                lambda: _baseline_pdf(folder / "bpdf", certificates),
            ),
            (
                "grid",
                lambda: _cli(big, "report", "completions", "-o", str(folder / "g.csv"), "-q"),
                lambda: _baseline_cells_csv(folder / "bg.csv", grid_cells),
            ),
        ]
        limits = (2.0, 1.0, 5.0, None)  # ratios
        for (label, target), (kind, job, base), limit in zip(labels, jobs, limits, strict=True):
            if quick:
                label = label.replace("100,000", f"{completions:,}").replace(
                    "1,000", f"{certificates:,}"
                )
            # exports: median of 3 runs each (a second or two); certificates: 2 (a minute)
            repeats = 1 if quick else (3 if kind not in ("pdf", "grid") else 2)
            try:
                values, baselines = [], []
                for _ in range(repeats):  # interleaved: machine load hits both alike
                    values.append(job())
                    baselines.append(base())
                value = statistics.median(values)
                baseline = statistics.median(baselines)
            except Exception as exc:
                figures.append(not_measured("hr", label, "s", target, f"{kind} failed: {exc}"))
                continue
            fig = Figure(
                "hr",
                label,
                value,
                "s",
                target,
                baseline=baseline,
                baseline_label={
                    "csv": "csv.writer over the same query's rows, raw sqlite3 cursor",
                    "xlsx": "openpyxl write-only, the same cells in memory",
                    "pdf": "plain fpdf2 one-page PDFs, same count",
                    "grid": f"csv.writer over the same {len(grid_cells) - 1:,} rows in memory",
                }[kind],
                note=(
                    f"median of {repeats} runs (includes the database query)"
                    if repeats > 1
                    else "one run (includes the database query)"
                )
                + (f"; {default_workers()} worker processes" if kind == "pdf" else "")
                + (
                    f"; {len(cells) - 1:,} rows; write-only floor (csv.writer over the file's "
                    f"cells in memory) {floor:.3f} s = {value / floor:.2f}×"
                    if kind == "csv"
                    else ""
                ),
            )
            fig.met = None if limit is None else fig.ratio is not None and fig.ratio <= limit
            figures.append(fig)
    return figures
