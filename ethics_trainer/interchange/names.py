"""The names of the question-file formats, for ``--format`` (kept tiny: the CLI imports it
at start)."""

from __future__ import annotations

IMPORT_FORMATS = ("gift", "aiken", "moodle-xml", "docx", "xlsx")
EXPORT_FORMATS = ("gift", "aiken", "moodle-xml", "docx", "xlsx")
