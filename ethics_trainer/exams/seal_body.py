"""What an exam seal signs: the canonical bytes of an attempt and of its definition.

What is signed (:func:`attempt_body`): the session, the definition's hash, the candidate, a
salted digest of the person, the question snapshot's hash, every answer and the score with its
times. Kept apart from signing and checking so both compute the very same bytes.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from ethics_trainer.clock import as_utc
from ethics_trainer.storage import json_record
from ethics_trainer.storage.models import Answer, Attempt, ExamDefinition, ExamSession, Learner


def _utc_text(when: datetime | None) -> str:
    if when is None:
        return ""
    return as_utc(when).strftime("%Y-%m-%dT%H:%M:%S.%f")


def _num(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)


def canonical(body: object) -> bytes:
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )


def sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def definition_digest(definition: ExamDefinition) -> str:
    """The hash of the definition's version a session was run with."""
    return sha(
        canonical(
            [
                definition.id,
                definition.name,
                definition.course_id,
                json_record.encode(definition.parts),  # the stored text
                definition.minutes,
                _num(definition.pass_percent),
                definition.attempts_allowed,
                bool(definition.shuffle_questions),
                bool(definition.shuffle_options),
                definition.show_after,
            ]
        )
    )


def person_digest(salt_hex: str, learner: Learner) -> str:
    """Who the result belongs to, as a salted digest: the seal outlives an erased name."""
    return sha(canonical([salt_hex, learner.id, learner.full_name, learner.employee_code]))


def attempt_body(
    sess: ExamSession,
    definition_sha: str,
    candidate_id: int,
    person: str,
    attempt: Attempt,
    answers: list[Answer],
) -> bytes:
    """The canonical bytes signed for one attempt: everything that gives it meaning."""
    return canonical(
        {
            "v": 1,
            "session": [sess.id, sess.code, sess.exam_date, sess.room, sess.definition_id],
            "definition_sha256": definition_sha,
            "candidate": candidate_id,
            "learner": attempt.learner_id,
            "person": person,
            "attempt": [
                attempt.id,
                attempt.kind,
                attempt.course_id,
                attempt.seed,
                sha(json_record.encode(attempt.questions)),
                attempt.content_hash,
                attempt.question_count,
                _num(attempt.pass_percent),
                _utc_text(attempt.started_at),
                _utc_text(attempt.deadline),
                attempt.extra_seconds or 0,
                _utc_text(attempt.submitted_at),
                attempt.submit_reason,
                _num(attempt.score),
                attempt.correct_count,
                attempt.passed,
            ],
            "answers": [
                [
                    a.question_id,
                    a.position,
                    sorted(a.selected.keys),
                    _num(a.score),
                    _utc_text(a.answered_at),
                ]
                for a in sorted(answers, key=lambda a: a.question_id)
            ],
        }
    )


def properly_erased(learner: Learner) -> bool:
    """Erased on request (services.learners.erase_person): no code, the anonymous name. A
    learner merely marked erased but carrying a name is checked like anyone else."""
    from ethics_trainer.i18n import LANGUAGES, catalog

    if learner.erased_at is None or learner.employee_code:
        return False
    names = {
        catalog(lang).gettext("security.person.erased_name").format(id=learner.id)
        for lang in LANGUAGES
    }
    return learner.full_name in names
