"""The two kinds of failure: what the user can fix, and our bugs.

Core code raises :class:`UserError` for expected conditions (a bad file, a full disk, a wrong
password); the CLI prints its message and exits 1, the GUI shows it in a dialog. Anything else
is a bug: the CLI and the app show one short line and write the traceback to the log file.
The subclasses name the kind of fault so a caller can react to it without reading the text:
a full disk is never treated as damage, a locked database is never "restored".
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


class DiskFull(UserError):
    """No space left (or a file-size limit hit) while writing: nothing is damaged."""


class ReadOnlyLocation(UserError):
    """A file or folder cannot be written (read-only medium, permissions)."""


class DatabaseLocked(DatabaseUnavailable):
    """Another program holds the database; waiting or closing it helps, restoring does not."""


class DatabaseDamaged(UserError):
    """The database file is damaged (SQLite reports corruption, or it is not a database)."""


class BadPath(UserError):
    """A path given by the user does not exist or is the wrong kind of thing."""


class InputRefused(UserError):
    """An input file refused before reading: too large, not a regular file, outside its folder.

    ``reason`` is the message without the path, for lists that already name the file
    (``lessons/x.md:1: file too large``)."""

    def __init__(self, path: object, reason: str, hint: str = "") -> None:
        super().__init__(f"{path}: {reason}", hint)
        self.reason = reason
