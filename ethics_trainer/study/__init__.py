"""Self-study core (Qt-free): search, practice, mistakes review and progress statistics.

The UI calls plain functions here that take a :class:`~ethics_trainer.storage.db.Database`
(or an index path) and return dataclasses; nothing in this package imports Qt.
"""
