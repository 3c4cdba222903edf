"""Content scaling: load time of generated folders, cold (no cache) and from the cache.

Baseline: reading and decoding the same files with no parsing (the I/O floor), measured in the
same run. Targets (issue #17, ratios): 1,000 lessons / 20,000 questions cold ≤ 15× the
baseline; time per lesson flat from 100 to 10,000 lessons (≤ 1.3×). The cached load has no
target of its own (it is what the app does on every start after the first).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from bench.common import Figure, median
from bench.gen_content import generate


def _raw_read(root: Path) -> None:
    for path in root.rglob("*.md"):
        path.read_bytes().decode("utf-8")


def _timed(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return median(times)


def run(quick: bool) -> list[Figure]:
    from ethics_trainer.content.cache import cache_file, load_library_cached
    from ethics_trainer.content.loader import load_library

    sizes = (100, 1000) if quick else (100, 1000, 10_000)
    figures: list[Figure] = []
    per_lesson: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-content-") as tmp:
        for size in sizes:
            root = generate(Path(tmp) / f"c{size}", size)
            cache = Path(tmp) / f"cache{size}"
            repeat = 3 if size >= 10_000 else (3 if quick else 5)
            raw = _timed(lambda root=root: _raw_read(root), repeat)
            library = load_library(root)
            assert len(library.all_questions()) == size * 20, library.summary()
            cold = _timed(lambda root=root: load_library(root), repeat)
            load_library_cached(root, cache)  # fills the cache
            cached = _timed(lambda root=root, cache=cache: load_library_cached(root, cache), repeat)
            size_mb = cache_file(root.resolve(), cache).stat().st_size / 1e6
            per_lesson[size] = cold / size * 1000
            target_cold = "≤ 15× read+decode" if size == 1000 else "flat per lesson"
            target_cached = "—"
            fig_cold = Figure(
                "content",
                f"{size:,} lessons / {size * 20:,} questions, cold",
                cold,
                "s",
                target_cold,
                baseline=raw,
                baseline_label="read + decode the files only",
                note=f"{per_lesson[size]:.2f} ms per lesson; median of {repeat}",
            )
            fig_cached = Figure(
                "content",
                f"{size:,} lessons / {size * 20:,} questions, from cache",
                cached,
                "s",
                target_cached,
                baseline=raw,
                baseline_label="read + decode the files only",
                note=f"cache file {size_mb:.1f} MB; median of {repeat}",
            )
            if size == 1000:
                fig_cold.met = cold <= 15 * raw
            figures += [fig_cold, fig_cached]
            shutil.rmtree(root, ignore_errors=True)
    small, large = per_lesson[min(sizes)], per_lesson[max(sizes)]
    flat = Figure(
        "content",
        f"Time per lesson, {max(sizes):,} vs {min(sizes):,} lessons (cold)",
        large,
        "ms",
        "flat (≤ 1.3×)",
        baseline=small,
        baseline_label=f"per lesson at {min(sizes):,} lessons",
    )
    flat.met = flat.ratio is not None and flat.ratio <= 1.3
    figures.append(flat)
    return figures
