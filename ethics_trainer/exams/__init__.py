"""Supervised exams for a training centre: definitions, sessions, roster, minutes, results.

Core only (no Qt): plain functions taking a :class:`~ethics_trainer.storage.db.Database` and
returning dataclasses. An exam attempt is an ordinary ``Attempt`` with ``kind="exam"``, driven
by :mod:`ethics_trainer.services.attempts`.
"""

from ethics_trainer.exams.integrity import seal_in_session
from ethics_trainer.services.attempts import use_exam_sealer

use_exam_sealer(seal_in_session)  # exam results are sealed as they are submitted
