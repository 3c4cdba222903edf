"""A learner who never stops answering, for the kill test: ``exam_driver.py DB_URL CONTENT``.

Resumes the open final quiz (or starts one), then goes round the questions changing each
answer to the next option, printing ``ANSWER <question> <key>`` only after ``record_answer``
returned, i.e. after the commit. The test kills this process with SIGKILL at random moments.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path


def next_key(keys: list[str], current: tuple[str, ...]) -> str:
    if not current or current[0] not in keys:
        return keys[0]
    return keys[(keys.index(current[0]) + 1) % len(keys)]


def main(url: str, content: str) -> int:
    from ethics_trainer.content.loader import load_library
    from ethics_trainer.services import attempts, learners
    from ethics_trainer.storage.db import open_database

    db = open_database(url)
    course = load_library(Path(content)).courses[0]
    people = learners.list_learners(db)
    me = people[0] if people else learners.create_learner(db, full_name="Nguyễn Văn Thử")
    state = attempts.open_attempt(db, me.id)
    if state is None:
        state = attempts.start_final_quiz(db, learner_id=me.id, course=course)
    assert state.deadline is not None
    print(f"DEADLINE {state.id} {state.deadline.isoformat()}", flush=True)
    print("READY", flush=True)
    questions = state.questions
    position = random.randrange(len(questions))
    stop = time.monotonic() + 60  # never outlive a forgotten test
    while time.monotonic() < stop:
        question = questions[position % len(questions)]
        keys = [o.key for o in question.options]
        current = state.answers.get(question.id)
        key = next_key(keys, current.selected if current else ())
        state = attempts.record_answer(db, state.id, question.id, [key])
        print(f"ANSWER {question.id} {key}", flush=True)
        position += 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
