"""The official's own certificate: from "Xem chứng nhận" to the page drawn in the preview.

    python bench/own_certificate.py [--runs 5]

Each run is a fresh process with a fresh data folder (no signing key yet, nothing numbered)
and a fresh temporary folder, so the certificate font is cut again: the first certificate a
new installation makes. "cold" clicks before anything is loaded; "prepared" clicks after the
warm-up the app starts in the background when the final quiz is passed
(``own_certificate.prepare``: fpdf2, fontTools, the font cut), which is how the app is used;
"warm" is the next certificate in the same process. The preview is HR's CertificatePreview on
the offscreen platform; each figure stops when its first page is drawn (signal
``rendered``). Target: under a second for one certificate.
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


def one_run(prepared: bool) -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ethics_trainer.clock import FixedClock
    from ethics_trainer.content.loader import load_library
    from ethics_trainer.hr.own_certificate import own_certificate, prepare
    from ethics_trainer.services import attempts, learners
    from ethics_trainer.storage.db import open_database
    from tests.conftest import write_sample_content

    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp())
    course = load_library(write_sample_content(folder / "content")).courses[0]
    db = open_database(f"sqlite:///{folder / 'bench.db'}")
    clock = FixedClock()
    me = learners.create_learner(db, full_name="Nguyễn Thị Thu Hương", clock=clock)
    state = attempts.start_final_quiz(db, learner_id=me.id, course=course, seed=1, clock=clock)
    for q in state.questions:
        keys = [o.key for o in q.options if o.correct]
        attempts.record_answer(db, state.id, q.id, keys, clock=clock)
    attempts.submit_attempt(db, state.id, clock=clock)

    def certificate_to_preview() -> tuple[float, float]:
        from ethics_trainer.ui.hr.preview import CertificatePreview

        start = time.perf_counter()
        made = own_certificate(
            db, folder / "data", learner_id=me.id, course_id=course.id, course_title=course.title
        )
        service = time.perf_counter() - start
        preview = CertificatePreview(made.pdf)
        drawn: list[float] = []
        preview.rendered.connect(lambda: drawn.append(time.perf_counter()))
        preview.show()
        while not drawn:
            app.processEvents()
        preview.close()
        preview.deleteLater()
        return service, drawn[0] - start

    if prepared:
        prepare()  # what the app does in the background while the result is read
    cold_service, cold = certificate_to_preview()
    warm = [certificate_to_preview()[1] for _ in range(3)]
    db.dispose()
    return {"cold_service": cold_service, "cold": cold, "warm": statistics.median(warm)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", choices=["cold", "prepared"])
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_run(args.child == "prepared")))
        return 0
    results: dict[str, list[dict[str, float]]] = {"cold": [], "prepared": []}
    for _ in range(args.runs):
        for mode in ("cold", "prepared"):  # interleaved: the same machine load for both
            env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": tempfile.mkdtemp()}
            out = subprocess.run(
                [sys.executable, __file__, "--child", mode], env=env, capture_output=True, text=True
            )
            if out.returncode != 0:
                print(out.stderr, file=sys.stderr)
                return 1
            results[mode].append(json.loads(out.stdout.strip().splitlines()[-1]))
    for mode, key, label in (
        ("cold", "cold", "first certificate, nothing loaded: click to page drawn"),
        ("prepared", "cold", "first certificate after the warm-up: click to page drawn"),
        ("prepared", "warm", "next certificate: click to page drawn"),
    ):
        values = [r[key] for r in results[mode]]
        print(f"{label}: median {statistics.median(values):.3f} s, max {max(values):.3f} s")
    with (
        open("/proc/loadavg", encoding="ascii")
        if Path("/proc/loadavg").exists()
        else open(os.devnull) as load
    ):
        print(f"load average: {load.read().strip()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
