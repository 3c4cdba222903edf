"""Run the benchmarks and write bench/README.md: ``python bench/run.py [--quick] [--only NAME]``.

Every figure is a median of repeated runs, shown with its target and its ratio to a baseline
measured in the same run, under a line describing the machine. ``--only`` re-runs some sections
and keeps the others from ``bench/results.json``. A missing piece (no Qt, no PostgreSQL, a
module not written yet) gives "not measured yet" and the reason, never a crash.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import importlib
import json
import sys
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.common import Figure, load_line, machine_line, not_measured  # noqa: E402

SECTIONS = {  # name -> (module, title)
    "startup": ("bench.startup", "Startup and memory"),
    "content": ("bench.content", "Content scaling"),
    "answers": ("bench.answers", "Answer save"),
    "room": ("bench.room", "Room check"),
    "hr": ("bench.hr", "HR exports and certificates"),
}
RESULTS = HERE / "results.json"

OPTIMISATIONS = """\
## What was optimised (before → after, this machine)

- **Content, cold load** (1,000 lessons / 20,000 questions): 1.33 s → 0.67 s. Profiled with
  cProfile: a third of the time was PyYAML's pure-Python parser (front matter now uses libyaml's
  `CSafeLoader` when PyYAML has it), most of the rest the line loop of the question parser (now
  cheap prefix tests before each regex, line numbers kept as tuples instead of tagged strings)
  and cyclic-GC passes over the growing heap (the loader pauses GC while it builds the library).
  Output is identical: the whole `Library` compared before/after on the bundled, sample and
  generated content, and 20,000 random bank bodies parsed by both versions.
- **Content, cached load**: there was no cache; `ethics_trainer/content/cache.py`
  (`load_library_cached(root, cache_dir)`) pickles the `Library` keyed by every file's path,
  size and `mtime_ns` and the loader's own code. Unpickling with GC paused: 0.48 s → 0.14–0.19 s.
- **Room check** (100 candidates, PostgreSQL): p99 761.5 ms → 22.4 ms at `--pace 1`, 617 ms at
  full speed. Before, the 100 simulated candidates were threads of one Python process, so the
  GIL set p99 (raw insert p99 < 1 ms) and they all answered as fast as they could. Now they are
  spread over worker processes (one per core, each candidate with its own connection, results
  sent back for p50/p99 and verification), and the benchmark uses a documented pace (see
  `bench/room.py`). Lost: 0.
- **Startup** (launch → painted with the library): 1.01 s (12.4× bare) → 0.34 s (3.9× bare).
  `python -X importtime -m ethics_trainer` showed the exams menu importing
  `ethics_trainer.exams.passwords` (SQLAlchemy, ~0.7 s) while the window was built; the menu
  now imports it only when used. The app also loads the content through the cache. Idle RSS
  163 MB → 140 MB.
- **Startup, second pass**: 0.34 s → 0.17 s (1.96× bare). A trace of the main thread showed
  the database worker importing SQLAlchemy while the window was being built (shared GIL), the
  cached content load importing PyYAML, the reader importing Python-Markdown, and six pages
  (quiz, result, search, practice, review, progress) built up front, each creating Python enum
  types for the Qt enums it touches. Now: the database opens after the library is painted; a
  cached load skips the loader; Markdown is imported on first render; those pages are built on
  first use; a database already at the newest revision is recognised without importing Alembic.
  The bench now lets Python keep its bytecode cache (this shell sets PYTHONDONTWRITEBYTECODE,
  which made every launch compile ~30 modules: ~25 ms that no user pays after the first run).
- **Answer save**: p50 1.42 ms → ~0.4 ms. The quiz screen now calls `save_answer`: one small
  read of the attempt's times and one prebuilt `INSERT … ON CONFLICT DO UPDATE` in a single
  transaction, option keys decoded once per attempt, instead of `record_answer`'s ORM loads,
  two `json.loads` of the snapshot and a rebuilt attempt state per answer.

- **HR exports** (100,000 completions, `bench/run.py --only hr`): CSV 6.0 s → 3.8 s → 0.96 s,
  XLSX 18.1 s → 8.2 s → 1.64 s (medians of 3 runs, load average 0.5–1.4 on 2 cores). First
  round: `sort_rows` computing the Vietnamese key three times per row (now once, cached), ORM
  rows (now Core), rows for people the status filter drops, `typed_value` per cell. Second
  round (cProfile): `--status completed` without a roster takes a SQL-only path (one joined
  query with attempts and opened lessons, unit totals by `GROUP BY`, skipped by the command
  line), times selected as text and parsed in C, rows as named tuples from the DBAPI cursor,
  one integer sort key per row; GC paused while 100,000s of rows are built (a third of the
  report's time); cells converted column by column with each distinct value formatted once and
  times made local through a per-hour offset cache; CSV rows joined in C with `csv.writer`'s
  own quoting (byte-identical, tested); XLSX written by `ethics_trainer/hr/xlsx_table.py`, a
  streamed writer for this one table (XlsxWriter's per-cell calls were 6 of the 8 s), read by
  openpyxl like XlsxWriter's file (tested against it) and opened by LibreOffice (checked by
  hand). CSV is only just under 1 s: the SQLite query alone is ~0.35 s (no covering index for
  attempts), and freeing the 100,000 rows ~0.06 s.
- **HR certificates** (1,000 PDFs): 75.2 s → 27.6 s. Per certificate 60 ms → ~45 ms CPU: the cut
  Noto Sans no longer carries GSUB/GPOS/GDEF or hinting (fpdf2 dropped them from every PDF but
  parsed them per certificate), the QR code is drawn as vector rectangles with a fixed mask
  (no PNG encode + Pillow decode, no mask search); the command line renders in a process pool
  (`--workers`, one per CPU; the app keeps one process). Each certificate is still its own PDF
  with embedded subset fonts; PDFs got smaller (37 KB → 25 KB).

## Missed targets: what was found (2026-11-24)

- **Memory**: ~137 MB idle against 130 MB. Measured with /proc/self/smaps: importing
  SQLModel (SQLAlchemy + pydantic) alone adds ~45–57 MB to a PySide6 process, almost all of it
  Python objects, not libraries; what is left of the app (Qt widgets, fonts, content, search
  index) is under the bare window's 55 MB. Meeting 130 MB would mean not loading SQLModel,
  which is a fixed choice of the project.
- **Content, 10,000 lessons**: 1.5× the time per lesson of 100 lessons (single run; the heap
  grows to ~2 M objects). The 1,000-lesson targets are met.
- **Room check, full speed** (stress row, not a room): 100 candidates answering with no pause
  share the 2 cores with PostgreSQL, so p99 is CPU queueing (~0.6 s). At the documented pace
  (every ~1 s per candidate, 30–60× a real room) the target is met. Lost: 0 in both.
"""


def run_section(name: str, quick: bool) -> list[Figure]:
    module_name, _title = SECTIONS[name]
    try:
        module = importlib.import_module(module_name)
        return module.run(quick)
    except Exception as exc:  # one broken benchmark must not hide the others
        traceback.print_exc()
        return [not_measured(name, name, "", "", f"benchmark failed: {exc}")]


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"
    if unit == "ms":
        return f"{value:.2f} ms"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:g} {unit}"


def render(results: dict[str, dict[str, object]]) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Written by `python bench/run.py` (options: `--quick`, `--only startup,content,answers,room,hr`).",
        "Each value is a median of repeated runs; **ratio** = value ÷ a baseline measured in the",
        "same run on the same machine; **met** compares the value with its target.",
        "",
    ]
    for name, (_module, title) in SECTIONS.items():
        section = results.get(name)
        if not section:
            continue
        lines += [
            f"## {title}",
            "",
            f"Measured {section['when']}{' (quick)' if section.get('quick') else ''} on: "
            f"{section['machine']}" + (f"; {section['load']}" if section.get("load") else ""),
            "",
            "| Figure | Value | Target | Baseline | Ratio | Met | Notes |",
            "|---|---|---|---|---|---|---|",
        ]
        for raw in section["figures"]:  # type: ignore[union-attr]
            f = Figure(**raw)  # type: ignore[arg-type]
            ratio = f"{f.ratio:.2f}×" if f.ratio is not None else "—"
            base = f"{fmt(f.baseline, f.unit)} ({f.baseline_label})" if f.baseline else "—"
            met = {True: "yes", False: "**no**", None: "—"}[f.met]
            lines.append(
                f"| {f.label} | {fmt(f.value, f.unit)} | {f.target} | {base} | {ratio} | {met} "
                f"| {f.note} |"
            )
        lines.append("")
    lines.append(OPTIMISATIONS)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats and smaller sizes")
    parser.add_argument(
        "--only", action="append", default=[], metavar="NAME", help=", ".join(SECTIONS)
    )
    parser.add_argument("--output", type=Path, default=HERE / "README.md")
    parser.add_argument(
        "--render-only", action="store_true", help="rewrite the README from results.json"
    )
    args = parser.parse_args(argv)
    names = [n.strip() for item in args.only for n in item.split(",") if n.strip()] or list(
        SECTIONS
    )
    unknown = [n for n in names if n not in SECTIONS]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)} (choose from {', '.join(SECTIONS)})")
    try:
        results = json.loads(RESULTS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        results = {}
    if args.render_only:
        args.output.write_text(render(results), encoding="utf-8")
        return 0
    machine = machine_line()
    print(machine)
    for name in names:
        print(f"-- {name}", flush=True)
        figures = run_section(name, args.quick)
        for f in figures:
            print(f"   {f.label}: {fmt(f.value, f.unit)} {f.note}", flush=True)
        results[name] = {
            "when": dt.date.today().isoformat(),
            "quick": args.quick,
            "machine": machine,
            "load": load_line(),
            "figures": [dataclasses.asdict(f) for f in figures],
        }
        # written as each section ends: a bench stopped later keeps what it measured
        RESULTS.write_text(
            json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        args.output.write_text(render(results), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
