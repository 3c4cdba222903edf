"""Run the benchmarks and write bench/README.md: ``python bench/run.py [--quick] [--only NAME]``.

Every figure is a median of repeated runs, shown with its target and its ratio to a baseline
measured in the same run, under a line describing the machine. ``--only`` re-runs some sections
and keeps the others from ``bench/results.json``. A missing piece (no Qt, no PostgreSQL, a
module not written yet) gives "not measured yet" and the reason, never a crash. The prose
under the tables (method, what each optimisation changed, what is left) lives in
``bench/notes/*.md``, appended in file-name order.
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

NOTES = HERE / "notes"  # prose under the tables, one file per topic, in file-name order


def run_section(name: str, quick: bool, **options: object) -> list[Figure]:
    module_name, _title = SECTIONS[name]
    try:
        module = importlib.import_module(module_name)
        return module.run(quick, **options)
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
    for note in sorted(NOTES.glob("*.md")):
        lines += [note.read_text(encoding="utf-8").rstrip(), ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats and smaller sizes")
    parser.add_argument(
        "--only", action="append", default=[], metavar="NAME", help=", ".join(SECTIONS)
    )
    parser.add_argument("--output", type=Path, default=HERE / "README.md")
    parser.add_argument(
        "--pgbouncer",
        action="store_true",
        help="room: also the centre through PgBouncer (installs Debian's package if missing)",
    )
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
        options = {"pgbouncer": True} if name == "room" and args.pgbouncer else {}
        figures = run_section(name, args.quick, **options)
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
