"""Every table, as plain SQLModel classes (SQLModel docs: one models module).

Times are timezone-aware UTC (``UtcDateTime`` refuses naive ones); JSON columns hold typed
records (``JsonRecord``). Content is referred to by its stable ids (course, lesson, question); an
attempt keeps a JSON snapshot of the questions it was built from, so its review and its score
stay right after the content is edited.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlmodel import Field, SQLModel

from ethics_trainer.quiz.snapshot import Selection, Snapshot
from ethics_trainer.storage.draw_parts import DrawParts
from ethics_trainer.storage.event_detail import EventDetail
from ethics_trainer.storage.json_record import JsonRecord
from ethics_trainer.storage.utc_datetime import UtcDateTime


class Learner(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    full_name: str = Field(index=True)
    employee_code: str = Field(default="", index=True)
    unit: str = Field(default="", index=True)
    position: str = Field(default="")
    created_at: datetime = Field(sa_type=UtcDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    archived: bool = False
    demo: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    erased_at: datetime | None = Field(
        default=None, sa_type=UtcDateTime
    )  # personal data erased on request (services.learners)


class LessonProgress(SQLModel, table=True):
    __tablename__ = "lesson_progress"
    __table_args__ = (
        UniqueConstraint("learner_id", "lesson_id"),
        # covers "latest lesson opened in a course" for HR reports (migration 0003)
        Index("ix_lesson_progress_learner_course_opened", "learner_id", "course_id", "opened_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", index=True)
    course_id: str = Field(index=True)
    lesson_id: str
    opened_at: datetime = Field(sa_type=UtcDateTime)
    read_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    seconds_spent: int = 0


class Attempt(SQLModel, table=True):
    # covers the attempts-per-course aggregates of HR reports (migration 0003)
    __table_args__ = (
        Index(
            "ix_attempt_learner_course_started", "learner_id", "course_id", "started_at", "score"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", index=True)
    course_id: str = Field(index=True)
    lesson_id: str = ""  # set for a lesson quiz or practice
    kind: str = "quiz"  # quiz | final | practice | review | exam
    seed: int
    questions: Snapshot = Field(
        default_factory=Snapshot,
        sa_column=Column("questions_json", JsonRecord(Snapshot), nullable=False),
    )
    started_at: datetime = Field(sa_type=UtcDateTime)
    deadline: datetime | None = Field(default=None, sa_type=UtcDateTime)  # None: untimed (practice)
    submitted_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    submit_reason: str = ""  # user | timeout | ended
    score: float | None = None  # 0..100
    correct_count: int | None = None
    question_count: int = 0
    pass_percent: float = 80.0
    passed: bool | None = None
    content_hash: str = ""
    extra_seconds: int = 0


class Answer(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)

    id: int | None = Field(default=None, primary_key=True)
    attempt_id: int = Field(foreign_key="attempt.id", index=True)
    question_id: str
    position: int
    selected: Selection = Field(
        default_factory=Selection,
        sa_column=Column("selected_json", JsonRecord(Selection, varchar=True), nullable=False),
    )  # option keys, a JSON list
    flagged: bool = False
    answered_at: datetime = Field(sa_type=UtcDateTime)
    score: float | None = None  # filled in at submission, 0..1


class Completion(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("learner_id", "course_id"),)

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", index=True)
    course_id: str = Field(index=True)
    attempt_id: int = Field(foreign_key="attempt.id")
    completed_at: datetime = Field(index=True, sa_type=UtcDateTime)
    score: float
    content_hash: str = ""
    certificate_no: str = Field(default="", index=True)


class ReviewItem(SQLModel, table=True):
    """A question the learner got wrong, in a Leitner box until answered right enough times."""

    __tablename__ = "review_item"
    __table_args__ = (UniqueConstraint("learner_id", "question_id"),)

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", index=True)
    course_id: str
    question_id: str
    box: int = 1
    due_at: datetime = Field(sa_type=UtcDateTime)
    last_result_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    retired: bool = False


class CertificateRevocation(SQLModel, table=True):
    """A certificate HR withdrew, and why: verification says "revoked" and the offline
    verification page lists it (migration 0005)."""

    __tablename__ = "certificate_revocation"

    certificate_no: str = Field(primary_key=True)
    reason: str
    revoked_at: datetime = Field(sa_type=UtcDateTime)
    revoked_by: str = ""


class AppSetting(SQLModel, table=True):
    """Settings shared by every PC on one database (organisation name, signer, keys' ids)."""

    __tablename__ = "app_setting"

    key: str = Field(primary_key=True)
    value: str = ""


# --- Supervised exams (ethics_trainer.exams) ----------------------------------------------


class ExamDefinition(SQLModel, table=True):
    """What an exam draws and how it runs; ``parts`` (column ``parts_json``) lists the draws."""

    __tablename__ = "exam_definition"

    id: int | None = Field(default=None, primary_key=True)
    name: str
    course_id: str = Field(index=True)
    parts: DrawParts = Field(
        default_factory=DrawParts,
        sa_column=Column("parts_json", JsonRecord(DrawParts), nullable=False),
    )  # sealed as stored (exams/seal_body.definition_digest)
    minutes: int = 30
    pass_percent: float = 80.0
    attempts_allowed: int = 1
    shuffle_questions: bool = True
    shuffle_options: bool = True
    show_after: str = "score"  # score | answers | nothing
    created_at: datetime = Field(sa_type=UtcDateTime)
    archived: bool = False


class ExamSession(SQLModel, table=True):
    """One sitting of an exam in one room; candidates join it with ``code``."""

    __tablename__ = "exam_session"

    id: int | None = Field(default=None, primary_key=True)
    definition_id: int = Field(foreign_key="exam_definition.id", index=True)
    code: str = Field(unique=True, index=True)
    exam_date: str = ""  # ISO date as typed by the proctor
    room: str = ""
    opened_at: datetime = Field(sa_type=UtcDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class ExamCandidate(SQLModel, table=True):
    """A learner on a session's roster; ``machine`` is the PC currently allowed to answer."""

    __tablename__ = "exam_candidate"
    __table_args__ = (UniqueConstraint("session_id", "learner_id"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="exam_session.id", index=True)
    learner_id: int = Field(foreign_key="learner.id", index=True)
    row_no: int = 0
    attempt_id: int | None = Field(default=None, foreign_key="attempt.id")
    checked_in_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    machine: str = ""
    move_to: str = ""  # a PC asking to take over; the proctor approves
    locked: bool = False


class ExamEvent(SQLModel, table=True):
    """One line of the minutes (biên bản): what happened, to whom, when."""

    __tablename__ = "exam_event"

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="exam_session.id", index=True)
    candidate_id: int | None = None
    at: datetime = Field(sa_type=UtcDateTime)
    kind: str
    detail: EventDetail = Field(
        default_factory=EventDetail,
        sa_column=Column("detail", JsonRecord(EventDetail, empty="{}"), nullable=False),
    )


class RolePassword(SQLModel, table=True):
    """A scrypt hash per role (proctor, admin) and its lockout state, shared by every PC."""

    __tablename__ = "role_password"

    role: str = Field(primary_key=True)
    hash_hex: str
    salt_hex: str
    params: str = "16384,8,1"
    failed_count: int = 0
    locked_until: datetime | None = Field(default=None, sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class SealKey(SQLModel, table=True):
    """A proctor PC's Ed25519 public key; its private half never leaves that PC."""

    __tablename__ = "seal_key"

    key_id: str = Field(primary_key=True)  # first 16 hex digits of SHA-256(public key)
    public_hex: str
    created_at: datetime = Field(sa_type=UtcDateTime)


class AttemptSignature(SQLModel, table=True):
    """The proctor's signature over everything that gives a submitted exam attempt meaning.

    No foreign keys on purpose: the record must outlive a deleted attempt so that the deletion
    is named. ``person_salt`` is blanked when the person is erased (see docs/security.md).
    """

    __tablename__ = "attempt_signature"

    attempt_id: int = Field(primary_key=True)
    session_id: int = Field(index=True)
    candidate_id: int
    person_digest: str
    person_salt: str
    body_sha256: str
    key_id: str
    signature_hex: str
    sealed_at: datetime = Field(sa_type=UtcDateTime)


class SessionManifest(SQLModel, table=True):
    """The signed set of a session's sealed attempts: catches deletions and insertions."""

    __tablename__ = "session_manifest"

    session_id: int = Field(primary_key=True)
    manifest_json: str = Field(sa_column=Column(Text, nullable=False))
    key_id: str
    signature_hex: str
    signed_at: datetime = Field(sa_type=UtcDateTime)


class LegacySeal(SQLModel, table=True):
    """Whether an attempt's 0002 HMAC seal still verified when migration 0004 replaced it
    (``exams/legacy_seal.py``): False is never sealed again, True is sealed on take-over."""

    __tablename__ = "legacy_seal"

    attempt_id: int = Field(primary_key=True)
    verified: bool
    checked_at: datetime


# The 0002 name of the seal table's model, kept for callers that delete seals with attempts.
AttemptSeal = AttemptSignature
