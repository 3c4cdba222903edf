"""Room dry-run: N simulated candidates answer Q questions each, at once, then every answer is checked.

Each simulated candidate has its own engine (one connection), as each PC of the room would,
and writes through the real answer path (:func:`ethics_trainer.services.attempts.record_answer`).
The rows it creates are marked as a room check and removed afterwards unless ``keep``.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from sqlmodel import col, delete, select

from ethics_trainer.clock import SYSTEM_CLOCK
from ethics_trainer.errors import DatabaseUnavailable, UserError
from ethics_trainer.services import attempts
from ethics_trainer.storage.db import Database, make_engine, open_database
from ethics_trainer.storage.models import Answer, Attempt, AttemptSeal, Learner

KIND_ROOM_CHECK = "room_check"
RETRIES = 5


@dataclass
class RoomCheckResult:
    written: int
    lost: int
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return percentile(self.latencies_ms, 50)

    @property
    def p99(self) -> float:
        return percentile(self.latencies_ms, 99)

    def summary(self) -> str:
        """The contract line: ``written 1500, lost 0, p50 3.1 ms, p99 12.4 ms``."""
        return (
            f"written {self.written}, lost {self.lost}, "
            f"p50 {self.p50:.1f} ms, p99 {self.p99:.1f} ms"
        )


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, round(pct / 100 * len(ordered) + 0.4999))
    return ordered[min(len(ordered), rank) - 1]


def _snapshot(questions: int) -> list[dict[str, object]]:
    return [
        {
            "id": f"room-check-q{i + 1}",
            "title": f"Câu {i + 1}",
            "stem": "Câu hỏi thử phòng thi",
            "kind": "single",
            "explanation": "",
            "source": "",
            "lesson_id": "",
            "options": [
                {
                    "key": k,
                    "text": k.upper(),
                    "correct": k == "a",
                    "weight": 1.0 if k == "a" else 0.0,
                    "feedback": "",
                }
                for k in "abcd"
            ],
        }
        for i in range(questions)
    ]


def _prepare(db: Database, candidates: int, questions: int) -> list[tuple[int, list[str]]]:
    """Create the simulated candidates' attempts; return (attempt id, question ids)."""
    now = SYSTEM_CLOCK.now()
    snapshot = _snapshot(questions)
    text = json.dumps(snapshot, ensure_ascii=False)
    made = []
    with db.session() as session:
        for i in range(candidates):
            learner = Learner(
                full_name=f"Thí sinh thử {i + 1}",
                employee_code="",
                unit="room-check",
                created_at=now,
                archived=True,
            )
            session.add(learner)
            session.flush()
            attempt = Attempt(
                learner_id=learner.id or 0,
                course_id="room-check",
                kind=KIND_ROOM_CHECK,
                seed=i,
                questions_json=text,
                started_at=now,
                deadline=now + timedelta(hours=2),
                question_count=questions,
            )
            session.add(attempt)
            session.flush()
            made.append((attempt.id or 0, [str(q["id"]) for q in snapshot]))
    return made


def _cleanup(db: Database, attempt_ids: list[int]) -> None:
    with db.session() as session:
        learner_ids = list(
            session.exec(select(Attempt.learner_id).where(col(Attempt.id).in_(attempt_ids))).all()
        )
        session.exec(delete(Answer).where(col(Answer.attempt_id).in_(attempt_ids)))  # type: ignore[call-overload]
        session.exec(delete(AttemptSeal).where(col(AttemptSeal.attempt_id).in_(attempt_ids)))  # type: ignore[call-overload]
        session.exec(delete(Attempt).where(col(Attempt.id).in_(attempt_ids)))  # type: ignore[call-overload]
        session.exec(delete(Learner).where(col(Learner.id).in_(learner_ids)))  # type: ignore[call-overload]


def run_room_check(
    url: str,
    candidates: int,
    questions: int,
    *,
    pace: float = 0.0,
    keep: bool = False,
    progress: Callable[[str], None] | None = None,
) -> RoomCheckResult:
    if candidates < 1 or questions < 1:
        raise UserError(
            "Số thí sinh và số câu phải lớn hơn 0 / Candidates and questions must be at least 1"
        )
    say = progress or (lambda _text: None)
    main_db = open_database(url)
    try:
        plan = _prepare(main_db, candidates, questions)
        say(f"{candidates} candidates × {questions} questions → {url.split('@')[-1]}")
        expected: dict[tuple[int, str], str] = {}
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        barrier = threading.Barrier(len(plan))

        def candidate(attempt_id: int, question_ids: list[str], seed: int) -> None:
            rng = random.Random(seed)
            db = Database(url, make_engine(url))
            mine: list[float] = []
            try:
                barrier.wait(timeout=60)
                for qid in question_ids:
                    choice = rng.choice("abcd")
                    for attempt_no in range(RETRIES):
                        started = time.perf_counter()
                        try:
                            attempts.record_answer(db, attempt_id, qid, [choice])
                        except DatabaseUnavailable as exc:
                            if attempt_no == RETRIES - 1:
                                with lock:
                                    errors.append(f"{attempt_id}/{qid}: {exc.message}")
                            time.sleep(0.2 * (attempt_no + 1))
                            continue
                        mine.append((time.perf_counter() - started) * 1000)
                        with lock:
                            expected[(attempt_id, qid)] = choice
                        break
                    if pace:
                        time.sleep(pace)
            except Exception as exc:  # a simulated PC failing is a finding, not a crash
                with lock:
                    errors.append(f"{attempt_id}: {exc!r}")
            finally:
                db.dispose()
                with lock:
                    latencies.extend(mine)

        threads = [
            threading.Thread(target=candidate, args=(aid, qids, i), daemon=True)
            for i, (aid, qids) in enumerate(plan)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        attempt_ids = [aid for aid, _ in plan]
        with main_db.session() as session:
            stored = {
                (a.attempt_id, a.question_id): json.loads(a.selected_json)
                for a in session.exec(
                    select(Answer).where(col(Answer.attempt_id).in_(attempt_ids))
                ).all()
            }
        written = sum(
            1
            for aid, qids in plan
            for qid in qids
            if (aid, qid) in expected and stored.get((aid, qid)) == [expected[(aid, qid)]]
        )
        total = candidates * questions
        if not keep:
            _cleanup(main_db, attempt_ids)
        return RoomCheckResult(
            written=written, lost=total - written, latencies_ms=latencies, errors=errors
        )
    finally:
        main_db.dispose()
