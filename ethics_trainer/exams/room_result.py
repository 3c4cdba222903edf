"""What a room check found: answers written and lost, latencies, and the lines that say so.

Why apart: the command line prints it (its English summary line is a contract scripts parse)
and the bench reads it, without either needing the simulator.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ethics_trainer.exams.room_timing import AnswerTimes, WorkerLoad
from ethics_trainer.i18n import current_language, tr


@dataclass
class RoomCheckResult:
    written: int  # journalled answers the database holds (= stored)
    lost: int  # sent − stored, from the journal
    # per confirmed answer, sent → reply seen (room_timing): the latency a candidate sees
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    workers: int = 1
    pace: float = 0.0
    seconds: float = 0.0
    sent: int = 0  # distinct answers in the journal
    confirmed: int = 0  # acknowledged by the server during the run
    replayed: int = 0  # not confirmed during the run, replayed by the reconciliation
    not_sent: int = 0  # planned but never sent (a worker died before)
    rooms: int = 1
    # how late each worker's event loop woke a 10 ms timer (ms): a simulator too busy to read
    # the server's answers in time shows here, not as server time
    loop_lag_ms: list[float] = field(default_factory=list)
    times: AnswerTimes = field(default_factory=AnswerTimes)  # and the simulator's delays
    loads: list[WorkerLoad] = field(default_factory=list)  # each worker process's CPU

    def simulator_line(self) -> str:
        """Where the simulator itself spent time, apart from the candidates' latency (English:
        a line of the bench's notes, not shown to a candidate or a proctor)."""
        shares = ", ".join(f"{load.share:.0%}" for load in self.loads)
        return (
            f"simulator: reply waited in the worker p99 "
            f"{percentile(self.times.waited, 99):.1f} ms (sent → handled p99 "
            f"{percentile(self.times.handled, 99):.1f} ms), behind its schedule p99 "
            f"{percentile(self.times.behind, 99):.1f} ms, max "
            f"{max(self.times.behind, default=0.0):.1f} ms, event-loop lag p99 "
            f"{percentile(self.loop_lag_ms, 99):.1f} ms, CPU of a core per worker {shares}"
        )

    @property
    def p50(self) -> float:
        return percentile(self.latencies_ms, 50)

    @property
    def p99(self) -> float:
        return percentile(self.latencies_ms, 99)

    def journal_line(self) -> str:
        return (
            f"journal: sent {self.sent}, confirmed {self.confirmed}, replayed {self.replayed}, "
            f"stored {self.written}, not sent {self.not_sent}; lost = sent − stored = {self.lost}"
        )

    def summary(self) -> str:
        """The contract line: ``written 1500, lost 0, p50 3.1 ms, p99 12.4 ms``."""
        return (
            f"written {self.written}, lost {self.lost}, "
            f"p50 {self.p50:.1f} ms, p99 {self.p99:.1f} ms"
        )

    def localized_journal_line(self) -> str:
        """:meth:`journal_line` in the interface language (the same text in English)."""
        return tr(
            "delivery.room_check.journal",
            sent=self.sent,
            confirmed=self.confirmed,
            replayed=self.replayed,
            stored=self.written,
            not_sent=self.not_sent,
            lost=self.lost,
        )

    def localized_summary(self) -> str:
        """The CLI's last line: exactly :meth:`summary` in English (scripts parse it), the
        same figures in Vietnamese, with a decimal comma."""
        return tr(
            "delivery.room_check.summary",
            written=self.written,
            lost=self.lost,
            p50=_milliseconds(self.p50),
            p99=_milliseconds(self.p99),
        )


def _milliseconds(value: float) -> str:
    """One decimal, as the English contract prints it; a decimal comma in Vietnamese."""
    text = f"{value:.1f}"
    return text if current_language() == "en" else text.replace(".", ",")


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, round(pct / 100 * len(ordered) + 0.4999))
    return ordered[min(len(ordered), rank) - 1]
