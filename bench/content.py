"""Content scaling: load time of generated folders, cold (no cache) and from the cache.

Baseline: reading and decoding the same files with no parsing (the I/O floor), measured in the
same run. Targets (issue #17, ratios): 1,000 lessons / 20,000 questions cold ≤ 15× the
baseline; time per lesson flat from 100 to 10,000 lessons (≤ 1.3×). The cached load has no
target of its own (it is what the app does on every start after the first).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, Figure, median
from bench.gen_content import generate


def _raw_read(root: Path) -> None:
    for path in root.rglob("*.md"):
        path.read_bytes().decode("utf-8")


def _minor_faults() -> int:
    """Pages the process touched for the first time (0 where ``resource`` is missing)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def _costed(fn, repeat: int) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    """Medians of wall time, CPU time and minor page faults of ``fn()``. The per-lesson row
    is a wall-clock ratio; CPU and faults say what part of it is the machine's other load
    and what part is fresh memory (bench/notes/32-content.md, fifth round)."""
    walls, cpus, faults = [], [], []
    for _ in range(repeat):
        fault, cpu, start = _minor_faults(), time.process_time(), time.perf_counter()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
        faults.append(float(_minor_faults() - fault))
    return median(walls), median(cpus), median(faults)


def _timed(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return median(times)


def measure(size: int, folder: Path, repeat: int, small: int = 0) -> dict[str, float]:
    """Raw read, cold load and cached load of ``size`` generated lessons (medians); with
    ``small``, also the cold load of that many lessons just before each large one, so the
    per-lesson comparison is made under the same machine load."""
    from ethics_trainer.content.cache import cache_file, load_library_cached
    from ethics_trainer.content.loader import load_library

    root = generate(folder / f"c{size}", size)
    little = generate(folder / f"s{small}", small) if small else None
    cache = folder / f"cache{size}"
    library = load_library(root)
    assert len(library.all_questions()) == size * 20, library.summary()
    del library
    raws, colds, smalls = [], [], []
    costs: dict[str, list[float]] = {"cpu": [], "faults": [], "small_cpu": [], "small_faults": []}
    for _ in range(repeat):  # interleaved: machine load hits both alike
        if little is not None:
            wall, cpu, faults = _costed(lambda little=little: load_library(little), 3)
            smalls.append(wall)
            costs["small_cpu"].append(cpu)
            costs["small_faults"].append(faults)
        raws.append(_timed(lambda root=root: _raw_read(root), 1))
        wall, cpu, faults = _costed(lambda root=root: load_library(root), 1)
        colds.append(wall)
        costs["cpu"].append(cpu)
        costs["faults"].append(faults)
    load_library_cached(root, cache)  # fills the cache
    cached = _timed(lambda root=root, cache=cache: load_library_cached(root, cache), repeat)
    size_mb = cache_file(root.resolve(), cache).stat().st_size / 1e6
    shutil.rmtree(root, ignore_errors=True)
    found = {"raw": median(raws), "cold": median(colds), "cached": cached, "mb": size_mb}
    found["cold_cpu"], found["cold_faults"] = median(costs["cpu"]), median(costs["faults"])
    if smalls:
        found["small_cold"] = median(smalls)
        found["small_cpu"] = median(costs["small_cpu"])
        found["small_faults"] = median(costs["small_faults"])
    return found


def _measure_apart(size: int, folder: Path, repeat: int, small: int = 0) -> dict[str, float]:
    """:func:`measure` in a fresh interpreter: the heaps of earlier sizes (and the collections
    they cause once the loader turns the garbage collector back on) stay out of the figure."""
    code = (
        "import json, sys; from pathlib import Path; from bench.content import measure; "
        f"print(json.dumps(measure({size}, Path({str(folder)!r}), {repeat}, {small})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(quick: bool) -> list[Figure]:
    sizes = (100, 1000) if quick else (100, 1000, 10_000)
    figures: list[Figure] = []
    per_lesson: dict[int, float] = {}
    per_small = 0.0
    split = ""  # CPU and page faults per lesson behind the per-lesson row
    with tempfile.TemporaryDirectory(prefix="bench-content-") as tmp:
        for size in sizes:
            repeat = 3 if size >= 10_000 else (3 if quick else 5)
            small = min(sizes) if size == max(sizes) else 0
            m = _measure_apart(size, Path(tmp), repeat, small)
            if "small_cold" in m:
                per_small = m["small_cold"] / small * 1000
                cpu_large, cpu_small = m["cold_cpu"] / size * 1000, m["small_cpu"] / small * 1000
                split = (
                    f"CPU {cpu_large:.2f} vs {cpu_small:.2f} ms per lesson "
                    f"({cpu_large / cpu_small:.2f}×); minor page faults per lesson "
                    f"{m['cold_faults'] / size:.1f} vs {m['small_faults'] / small:.1f} "
                    "(the small loads reuse memory the large one freed)"
                )
            raw, cold, cached = m["raw"], m["cold"], m["cached"]
            per_lesson[size] = cold / size * 1000
            target_cold = "≤ 15× read+decode" if size == 1000 else "flat per lesson"
            fig_cold = Figure(
                "content",
                f"{size:,} lessons / {size * 20:,} questions, cold",
                cold,
                "s",
                target_cold,
                baseline=raw,
                baseline_label="read + decode the files only",
                note=f"{per_lesson[size]:.2f} ms per lesson; median of {repeat}; own process",
            )
            fig_cached = Figure(
                "content",
                f"{size:,} lessons / {size * 20:,} questions, from cache",
                cached,
                "s",
                "—",
                baseline=raw,
                baseline_label="read + decode the files only",
                note=f"cache file {m['mb']:.1f} MB; median of {repeat}",
            )
            if size == 1000:
                fig_cold.met = cold <= 15 * raw
            figures += [fig_cold, fig_cached]
    large = per_lesson[max(sizes)]
    flat = Figure(
        "content",
        f"Time per lesson, {max(sizes):,} vs {min(sizes):,} lessons (cold)",
        large,
        "ms",
        "flat (≤ 1.3×)",
        baseline=per_small,
        baseline_label=f"per lesson at {min(sizes):,} lessons, loaded just before each large load",
        note=split,
    )
    flat.met = flat.ratio is not None and flat.ratio <= 1.3
    figures.append(flat)
    return figures
