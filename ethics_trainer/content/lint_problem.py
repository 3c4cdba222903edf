"""The problems ``check --strict`` reports: an ordinary :class:`Problem` worded from the
``content_lint`` messages, so strict findings print like every other one."""

from __future__ import annotations

from ethics_trainer.content.model import Problem, Severity
from ethics_trainer.i18n import tr


def lint_error(path: str, line: int, key: str, **values: object) -> Problem:
    return Problem(path, line, tr(f"content_lint.{key}", **values))


def lint_warning(path: str, line: int, key: str, **values: object) -> Problem:
    return Problem(path, line, tr(f"content_lint.{key}", **values), Severity.WARNING)
