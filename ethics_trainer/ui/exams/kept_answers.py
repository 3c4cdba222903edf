"""The answers and flags a candidate PC has kept (in its journal) that the server has not yet
shown back.

The candidate screen shows the server's view of the attempt overlaid with these, so an answer
shows as given at once, even while the server is slow or away. Each is kept with its journal
sequence number; once a sync reports that number written (or refused), the server's view is
the truth again and the entry goes. No Qt: plain bookkeeping the screen composes.
"""

from __future__ import annotations

from collections.abc import Iterable

from ethics_trainer.quiz.state import AttemptState


class KeptAnswers:
    def __init__(self) -> None:
        # question id -> (journal seq, value)
        self._answers: dict[str, tuple[int, tuple[str, ...]]] = {}
        self._flags: dict[str, tuple[int, bool]] = {}

    def keep_answer(self, question_id: str, seq: int, keys: tuple[str, ...]) -> None:
        self._answers[question_id] = (seq, keys)

    def keep_flag(self, question_id: str, seq: int, flagged: bool) -> None:
        self._flags[question_id] = (seq, flagged)

    def forget(self, seqs: Iterable[int]) -> None:
        """The server has these journal entries (written or refused): its view counts now."""
        done = set(seqs)
        self._answers = {q: v for q, v in self._answers.items() if v[0] not in done}
        self._flags = {q: v for q, v in self._flags.items() if v[0] not in done}

    def clear(self) -> None:
        self._answers.clear()
        self._flags.clear()

    def answers(self, state: AttemptState) -> dict[str, tuple[str, ...]]:
        """The server's answers overlaid with those kept here."""
        merged = {qid: a.selected for qid, a in state.answers.items()}
        merged.update({qid: value for qid, (_seq, value) in self._answers.items()})
        return merged

    def flagged(self, state: AttemptState | None, question_id: str) -> bool:
        if question_id in self._flags:
            return self._flags[question_id][1]
        answer = state.answers.get(question_id) if state is not None else None
        return bool(answer and answer.flagged)

    def marks(self, state: AttemptState) -> list[tuple[bool, bool]]:
        """(answered, flagged) of each question in order: what the navigator shows."""
        answers = self.answers(state)
        return [(bool(answers.get(q.id)), self.flagged(state, q.id)) for q in state.questions]
