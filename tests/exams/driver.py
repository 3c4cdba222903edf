"""A headless candidate PC for the crash test: answers through the same client as the GUI.

Usage: python tests/exams/driver.py URL DATA_DIR CONTENT CANDIDATE_ID CODE MACHINE STOP_AFTER

Prints ``deadline <iso>``, then ``answered <question id>`` per answer; after STOP_AFTER
answers in this run it prints ``waiting`` and sleeps until killed; with none left it prints
``all answered`` and exits.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ethics_trainer.content.loader import load_library
from ethics_trainer.exams.client import CandidateClient
from ethics_trainer.exams.journal import AnswerJournal
from ethics_trainer.storage.db import open_database


def main(argv: list[str]) -> int:
    url, data_dir, content, candidate_id, code, machine, stop_after = argv
    db = open_database(url)
    client = CandidateClient(
        db, int(candidate_id), machine, AnswerJournal.in_folder(Path(data_dir))
    )
    client.check_in(code)
    state = client.start(load_library(Path(content)))
    print(f"deadline {state.deadline.isoformat() if state.deadline else ''}", flush=True)
    done = 0
    for question in state.questions:
        if state.answers.get(question.id) and state.answers[question.id].answered:
            continue
        if done >= int(stop_after):
            print("waiting", flush=True)
            while True:
                time.sleep(1)
        keys = [o.key for o in question.options if o.correct]
        client.answer(question.id, keys)
        print(f"answered {question.id}", flush=True)
        done += 1
    print("all answered", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
