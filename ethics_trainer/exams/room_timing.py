"""How a simulated answer is timed: the candidate's latency apart from the simulator's delays.

Why: a room check runs a whole room of PCs in a few processes on one machine, often the
server's own. When a reply reaches a worker whose event loop is busy with the other PCs'
answers, it waits in the socket until the loop gets to it: time a real PC (one candidate, its
own CPU) would not spend. So each answer keeps three moments: when the candidate meant to send
(*due*: its pause ended, or, with no pause, its previous reply came), when it was sent, and when
the reply was seen by the loop (:class:`ReplyClock`, the selector stamping every socket it
finds readable), then when the simulated PC handled it. The candidate's latency is sent → seen
(an upper bound: the loop may see a reply late, never early); seen → handled is the simulator's
queue; due → sent says how far behind its own schedule the simulator fell. All three are
reported, none replaces another.
"""

from __future__ import annotations

import selectors
import time
from dataclasses import dataclass, field


class ReplyClock(selectors.DefaultSelector):
    """The event loop's selector, noting when each socket was last found readable."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: dict[int, float] = {}  # socket -> perf_counter() of its last read readiness

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        ready = super().select(timeout)
        now = time.perf_counter()
        for key, events in ready:
            if events & selectors.EVENT_READ:
                self.seen[key.fd] = now
        return ready

    def reply_seen(self, sock: int, sent: float, handled: float) -> float:
        """When the loop saw ``sock``'s reply to what was sent at ``sent``; ``handled`` (the
        later, conservative moment) when it has no readiness between the two."""
        seen = self.seen.get(sock, handled)
        return seen if sent <= seen <= handled else handled


@dataclass
class AnswerTimes:
    """One worker's answers, in milliseconds (see the module docstring)."""

    reply: list[float] = field(default_factory=list)  # sent -> reply seen: the candidate's
    handled: list[float] = field(default_factory=list)  # sent -> handled by the simulated PC
    waited: list[float] = field(default_factory=list)  # reply seen -> handled: the simulator
    behind: list[float] = field(default_factory=list)  # due -> sent: the simulator's lateness

    def add(self, due: float, sent: float, seen: float, handled: float) -> None:
        """One confirmed answer's moments (``time.perf_counter()`` seconds)."""
        self.reply.append((seen - sent) * 1000)
        self.handled.append((handled - sent) * 1000)
        self.waited.append((handled - seen) * 1000)
        self.behind.append(max(0.0, sent - due) * 1000)

    def extend(self, other: AnswerTimes) -> None:
        self.reply.extend(other.reply)
        self.handled.extend(other.handled)
        self.waited.extend(other.waited)
        self.behind.extend(other.behind)


@dataclass
class WorkerLoad:
    """A worker process's own CPU time over its answering time: how much of a core it took."""

    cpu_seconds: float = 0.0
    wall_seconds: float = 0.0

    @property
    def share(self) -> float:
        return self.cpu_seconds / self.wall_seconds if self.wall_seconds > 0 else 0.0
