"""Supervised exams for a training centre: definitions, sessions, roster, minutes, results.

Core only (no Qt): plain functions taking a :class:`~ethics_trainer.storage.db.Database` and
returning dataclasses. An exam attempt is an ordinary ``Attempt`` with ``kind="exam"``, driven
by :mod:`ethics_trainer.services.attempts`.
"""
