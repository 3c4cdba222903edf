"""Records stored as JSON go through one column type (``storage/json_record.py``); no module
turns a snapshot or an answer into text by hand. Every other ``json.dumps``/``json.loads`` in
the package is listed here with the reason it is not one of those columns. A new one fails
this test: store a record through ``JsonRecord``, or add it here with its reason.
"""

from __future__ import annotations

import re
from pathlib import Path

import ethics_trainer

ROOT = Path(ethics_trainer.__file__).resolve().parent
CALL = re.compile(r"\bjson\.(dumps|loads)\(")

ALLOWED: dict[str, tuple[int, str]] = {
    "storage/json_record.py": (2, "the one encoder and decoder of stored records"),
    "exams/seal_body.py": (1, "the canonical bytes that are signed"),
    "exams/seal_verify.py": (1, "the signed manifest text, read back to be checked"),
    "exams/seal_ledger.py": (
        5,
        "the seal ledger and its database-identity record, files beside the database",
    ),
    "exams/legacy_seal.py": (
        2,
        "the 0002 HMAC message over raw rows, computed exactly as that version did",
    ),
    "exams/journal.py": (2, "the candidate PC's own journal file, not the shared database"),
    "services/learners.py": (1, "the personal-data export file"),
    "hr/verify_page.py": (1, "canonical data embedded in the offline verification page"),
    "hr/demo_data.py": (2, "counts passed through a progress message, not stored"),
    "cli/demo_data_cmd.py": (1, "reads those counts back"),
}


def _calls() -> dict[str, int]:
    found: dict[str, int] = {}
    for path in sorted(ROOT.rglob("*.py")):
        count = len(CALL.findall(path.read_text(encoding="utf-8")))
        if count:
            found[path.relative_to(ROOT).as_posix()] = count
    return found


def test_json_text_is_written_in_known_places_only() -> None:
    assert _calls() == {path: count for path, (count, _reason) in ALLOWED.items()}


def test_the_check_sees_a_hand_written_snapshot(tmp_path: Path) -> None:
    """The pattern matches the calls it forbids (the old ``attempts.py`` line)."""
    line = "questions_json=json.dumps(snapshot, ensure_ascii=False),"
    assert CALL.search(line)
    assert not CALL.search("encode(Snapshot.of(snapshot))")
