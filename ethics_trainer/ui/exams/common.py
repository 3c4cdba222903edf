"""Small helpers shared by the exam screens: formatting time left (and the toolkit's
``show_error``, re-exported for the exam screens that import it from here)."""

from __future__ import annotations

from ethics_trainer.ui.toolkit.errors import show_error

__all__ = ["clock_text", "show_error"]  # show_error: the toolkit's, the one way errors show


def clock_text(seconds: int | None) -> str:
    if seconds is None:
        return "—"
    seconds = max(0, seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
