"""The local journal of a simulated PC: what it sent and what the server confirmed.

Why: like a real PC, a simulated one writes each answer to a local file before sending it and
marks it once the server acknowledges it, so after a kill or an outage the room check knows
exactly which answers to replay and can prove ``lost = sent - stored``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ethics_trainer.exams.room_seats import Seat


class Journal:
    """An append-only local file: ``S`` before an answer is sent, ``A`` once it is confirmed.

    One file per worker process, one line per event. An ``S`` line reaches the file before
    the answer is sent, so what a killed worker had sent is still known. ``A`` lines wait in
    the buffer for the next ``S`` (one write per answer instead of two): a confirmation a kill
    loses only makes that answer replayed, which stores the same choice again.
    """

    def __init__(self, path: Path) -> None:
        self._file = path.open("a", encoding="utf-8")

    def sent(self, seat: Seat, question_id: str, choice: str) -> None:
        self._file.write(f"S\t{seat.candidate_id}\t{question_id}\t{choice}\n")
        self._file.flush()

    def confirmed(self, seat: Seat, question_id: str, choice: str) -> None:
        self._file.write(f"A\t{seat.candidate_id}\t{question_id}\t{choice}\n")

    def close(self) -> None:
        self._file.close()


@dataclass
class JournalState:
    last_sent: dict[tuple[int, str], str]  # (candidate, question) -> last choice sent
    confirmed: set[tuple[int, str]]  # whose last choice sent was confirmed


def read_journals(folder: Path) -> JournalState:
    last: dict[tuple[int, str], str] = {}
    confirmed: set[tuple[int, str]] = set()
    for path in sorted(folder.glob("*.journal")):
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) != 4:
                continue  # a line cut short by a kill: that answer stays unconfirmed
            kind, cid, qid, choice = parts
            key = (int(cid), qid)
            if kind == "S":
                last[key] = choice
                confirmed.discard(key)
            elif kind == "A" and last.get(key) == choice:
                confirmed.add(key)
    return JournalState(last, confirmed)
