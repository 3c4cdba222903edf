"""Packaged app against the venv: bundle size and start time of the same commands.

    bash .ci/bootstrap package            # builds dist/ethics-trainer first
    .venv/bin/python bench/packaging.py [--runs 7]

Figures are medians of fresh processes, each a ratio to the venv run measured in the same
session (the baseline), so they hold on a slower or busier machine. Writes
bench/packaging.json and prints a Markdown table for bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "dist" / "ethics-trainer"
VENV = ROOT / ".venv"


def folder_mb(path: Path) -> float:
    total = sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())
    return total / 1e6


def timed(cmd: list[str], env: dict[str, str], runs: int) -> float:
    samples = []
    subprocess.run(cmd, env=env, capture_output=True, check=True)  # warm-up
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, capture_output=True, check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not (BUNDLE / "ethics-trainer").exists():
        print("no bundle: run `bash .ci/bootstrap package` first", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "ETHICS_TRAINER_DATA_DIR": data, "ETHICS_TRAINER_LANG": "en"}
        env["QT_QPA_PLATFORM"] = "offscreen"
        rows = []
        for name, argv in (("--version", ["--version"]), ("check (bundled course)", ["check"])):
            venv = timed([str(VENV / "bin" / "ethics-trainer"), *argv], env, args.runs)
            bundle = timed([str(BUNDLE / "ethics-trainer"), *argv], env, args.runs)
            rows.append({"figure": f"start → exit, {name}", "venv_s": venv, "bundle_s": bundle})
    sizes = {"bundle_mb": folder_mb(BUNDLE), "venv_mb": folder_mb(VENV)}
    debs = sorted((ROOT / "dist").glob("*.deb"))
    if debs:
        sizes["deb_mb"] = debs[-1].stat().st_size / 1e6
    result = {"machine": f"{os.cpu_count()} cores", "timings": rows, "sizes": sizes}
    (ROOT / "bench" / "packaging.json").write_text(json.dumps(result, indent=2) + "\n")
    print("| figure | venv (baseline) | bundle | ratio |")
    print("|---|---|---|---|")
    for row in rows:
        ratio = row["bundle_s"] / row["venv_s"]
        print(
            f"| {row['figure']} | {row['venv_s']:.3f} s | {row['bundle_s']:.3f} s | {ratio:.2f}× |"
        )
    ratio = sizes["bundle_mb"] / sizes["venv_mb"]
    print(
        f"| size on disk | {sizes['venv_mb']:.0f} MB | {sizes['bundle_mb']:.0f} MB | {ratio:.2f}× |"
    )
    if "deb_mb" in sizes:
        print(f"| .deb download | | {sizes['deb_mb']:.0f} MB | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
