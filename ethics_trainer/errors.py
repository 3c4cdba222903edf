"""The two kinds of failure: what the user can fix, and our bugs.

Core code raises :class:`UserError` for expected conditions (a bad file, a full disk, a wrong
password); the CLI prints its message and exits non-zero, the GUI shows it in a dialog. Anything
else is a bug and reaches the crash handler.
"""

from __future__ import annotations


class TrainerError(Exception):
    """Base of all our exceptions."""


class UserError(TrainerError):
    """An expected failure with a translated message and a hint on what to do."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message


class NotFoundError(UserError):
    """Something the user asked for does not exist (a learner, an attempt, a course)."""


class DatabaseUnavailable(UserError):
    """The database cannot be reached right now; the caller may retry."""
