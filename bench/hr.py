"""HR: 100,000 completions to CSV and XLSX, and 1,000 PDF certificates, through the CLI code.

Each runs in-process (``ethics_trainer.cli.main.main``) on demo data in a temporary SQLite
database, so interpreter start-up is not counted. Baselines, in the same run: the same number of
10-column rows written with ``csv.writer`` / openpyxl's write-only workbook, and 1,000 one-page
PDFs with a plain fpdf2 page. Targets are ratios to those baselines (issue #17): CSV ≤ 2×
``csv.writer``, XLSX ≤ 1× openpyxl write-only, certificates ≤ 5× plain fpdf2. The machine is
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

ROW = [
    "Nguyễn Văn An",
    "HN000123",
    "UBND quận Ba Đình",
    "Chuyên viên",
    "dao-duc-cong-vu-ha-noi",
    "24/11/2026",
    "92,5",
    "Đạt",
    "HN-2026-000123",
    "Đã hoàn thành",
]


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


def _baseline_csv(path: Path, rows: int) -> float:
    start = time.perf_counter()
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        for _ in range(rows):
            writer.writerow(ROW)
    return time.perf_counter() - start


def _baseline_xlsx(path: Path, rows: int) -> float:
    from openpyxl import Workbook

    start = time.perf_counter()
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for _ in range(rows):
        sheet.append(ROW)
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
    ]
    if missing:
        return [not_measured("hr", lb, "s", t, f"{', '.join(missing)} absent") for lb, t in labels]
    from ethics_trainer.hr.certificates import default_workers

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
                lambda: _baseline_csv(folder / "b.csv", completions),
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
                lambda: _baseline_xlsx(folder / "b.xlsx", completions),
            ),
            (
                "pdf",
                lambda: _cli(small, "certificates", "-o", str(folder / "certs"), "-q"),
                lambda: _baseline_pdf(folder / "bpdf", certificates),
            ),
        ]
        limits = (2.0, 1.0, 5.0)  # ratios
        for (label, target), (kind, job, base), limit in zip(labels, jobs, limits, strict=True):
            if quick:
                label = label.replace("100,000", f"{completions:,}").replace(
                    "1,000", f"{certificates:,}"
                )
            # exports: median of 3 runs each (a second or two); certificates: 2 (a minute)
            repeats = 1 if quick else (3 if kind != "pdf" else 2)
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
                    "csv": "csv.writer, same row count",
                    "xlsx": "openpyxl write-only, same row count",
                    "pdf": "plain fpdf2 one-page PDFs, same count",
                }[kind],
                note=(
                    f"median of {repeats} runs (includes the database query)"
                    if repeats > 1
                    else "one run (includes the database query)"
                )
                + (f"; {default_workers()} worker processes" if kind == "pdf" else ""),
            )
            fig.met = fig.ratio is not None and fig.ratio <= limit
            figures.append(fig)
    return figures
