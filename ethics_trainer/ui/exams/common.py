"""Small helpers shared by the exam screens: formatting time left, a background failure as a
message (and the toolkit's ``show_error``, re-exported for the exam screens that import it
from here)."""

from __future__ import annotations

import logging

from ethics_trainer.errors import UserError
from ethics_trainer.exams.client import OFFLINE_ERRORS
from ethics_trainer.i18n import tr
from ethics_trainer.ui.toolkit.errors import show_error

# show_error: the toolkit's, the one way errors show
__all__ = ["as_user_error", "clock_text", "show_error"]

log = logging.getLogger(__name__)


def clock_text(seconds: int | None) -> str:
    if seconds is None:
        return "—"
    seconds = max(0, seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def as_user_error(exc: BaseException, offline_key: str) -> UserError:
    """A background failure as a message for the user (never a traceback)."""
    if isinstance(exc, OFFLINE_ERRORS):
        return UserError(tr(offline_key))
    if isinstance(exc, UserError):
        return exc
    log.error("exam screen task failed", exc_info=exc)
    return UserError(str(exc))
