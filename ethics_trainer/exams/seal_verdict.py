"""What checking a session's seals finds: the statuses, one problem, the verdict.

Shared by the checker (:mod:`seal_verify`), the sealer that refuses to extend a broken seal,
and the screens and commands that show the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ethics_trainer.i18n import tr

STATUS_OK = "ok"
STATUS_MISMATCH = "mismatch"  # edited after sealing
STATUS_UNSEALED = "unsealed"  # submitted, not (yet) sealed by a proctor
STATUS_MISSING = "missing"  # sealed, then deleted
STATUS_MOVED = "moved"  # sealed for one person, now shown for another
STATUS_INSERTED = "inserted"  # a seal the session's manifest does not list
STATUS_UNTRUSTED = "untrusted"  # signed by a key this PC does not trust
STATUS_NOT_SEALED = "session_unsealed"  # ended with results, and no seal at all
STATUS_RENAMED = "renamed"  # sealed here under another code
BAD_STATUSES = frozenset(
    {
        STATUS_NOT_SEALED,
        STATUS_RENAMED,
        STATUS_MISMATCH,
        STATUS_UNSEALED,
        STATUS_MISSING,
        STATUS_MOVED,
        STATUS_INSERTED,
        STATUS_UNTRUSTED,
    }
)


@dataclass(frozen=True)
class Problem:
    """One tampered, missing, moved, inserted or unsealed attempt (or the manifest itself)."""

    status: str
    attempt_id: int | None
    candidate_id: int | None
    name: str
    detail: str = ""

    def line(self) -> str:
        """One line for the terminal or the console; the name comes from the (writable)
        database, so no control character of it reaches the screen."""
        from ethics_trainer.safe_cells import printable

        return tr(
            f"security.verify.line_{self.status}",
            attempt=self.attempt_id if self.attempt_id is not None else "—",
            name=printable(self.name) or "—",
            detail=printable(self.detail),
        )


@dataclass
class SessionVerdict:
    """The result of checking a session's seals."""

    session_id: int
    code: str
    key_id: str = ""
    key_trusted: bool = False
    verified: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    by_candidate: dict[int, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems
