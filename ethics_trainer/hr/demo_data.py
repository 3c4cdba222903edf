"""Made-up but realistic learners, attempts and completions, for trying the HR screens,
screenshots and benchmarks. Bulk inserts keep 100,000 completions to well under a minute."""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlmodel import col

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.errors import UserError
from ethics_trainer.hr.progress import Progress
from ethics_trainer.i18n import tr
from ethics_trainer.quiz.snapshot import Snapshot
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.models import Attempt, Completion, Learner

SURNAMES = (
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 3),
    ("Phan", 3), ("Vũ", 3), ("Võ", 2), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 1),
    ("Ngô", 1), ("Dương", 1), ("Lý", 1), ("Đinh", 1), ("Trịnh", 1), ("Đào", 1), ("Lương", 1),
)  # fmt: skip
MIDDLE_MALE = ("Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thành", "Xuân", "Ngọc", "Tiến")
MIDDLE_FEMALE = ("Thị", "Thu", "Ngọc", "Thanh", "Minh", "Phương", "Hồng", "Thị Thu", "Kim")
GIVEN_MALE = (
    "An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hoàng", "Hùng", "Khánh", "Long",
    "Mạnh", "Nam", "Phong", "Quân", "Sơn", "Thắng", "Trung", "Tuấn", "Việt", "Vinh", "Hưng",
)  # fmt: skip
GIVEN_FEMALE = (
    "Anh", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hoa", "Hương", "Huyền", "Lan",
    "Linh", "Loan", "Mai", "Ngân", "Nhung", "Oanh", "Phượng", "Quỳnh", "Thảo", "Trang", "Yến",
)  # fmt: skip
DEPARTMENTS = (
    "Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Sở Xây dựng",
    "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Tài nguyên và Môi trường", "Sở Giao thông vận tải",
    "Sở Văn hóa và Thể thao", "Sở Lao động - Thương binh và Xã hội", "Văn phòng UBND Thành phố",
)  # fmt: skip
DISTRICTS = (
    "UBND quận Ba Đình", "UBND quận Hoàn Kiếm", "UBND quận Đống Đa", "UBND quận Hai Bà Trưng",
    "UBND quận Cầu Giấy", "UBND quận Thanh Xuân", "UBND quận Hoàng Mai", "UBND quận Long Biên",
    "UBND quận Tây Hồ", "UBND quận Hà Đông", "UBND huyện Gia Lâm", "UBND huyện Đông Anh",
    "UBND phường Điện Biên", "UBND phường Tràng Tiền", "UBND xã Bát Tràng",
)  # fmt: skip
POSITIONS = (
    ("Chuyên viên", 50), ("Chuyên viên chính", 15), ("Cán sự", 10), ("Phó Trưởng phòng", 8),
    ("Trưởng phòng", 5), ("Văn thư", 5), ("Kế toán", 5), ("Phó Giám đốc", 1),
)  # fmt: skip
CHUNK = 5000


@dataclass(frozen=True)
class DemoResult:
    learners: int
    attempts: int
    completions: int


def _weighted(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([t[0] for t in table], weights=[t[1] for t in table])[0]


def full_name(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{_weighted(rng, SURNAMES)} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"
    return f"{_weighted(rng, SURNAMES)} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"


def _learner_rows(rng: random.Random, n: int, now: datetime, start: int) -> list[dict[str, Any]]:
    units = DEPARTMENTS + DISTRICTS
    return [
        {
            "full_name": full_name(rng),
            "employee_code": f"HN{start + i:06d}",
            "unit": rng.choice(units),
            "position": _weighted(rng, POSITIONS),
            "created_at": now - timedelta(days=rng.randint(30, 400)),
            "archived": False,
            "demo": True,
        }
        for i in range(n)
    ]


def generate(
    db: Database,
    learners: int,
    *,
    seed: int = 1,
    course_id: str = "dao-duc-cong-vu-ha-noi",
    content_hash: str = "",
    completed_share: float = 0.6,
    clock: Clock = SYSTEM_CLOCK,
    allow_real_people: bool = False,
) -> Iterator[Progress]:
    """Insert ``learners`` people; about 60% completed, 25% in progress, the rest not started.

    Yields progress after each chunk; the result is in the last report's ``item`` (counts).
    Made-up people are marked ``demo``; a database that already holds real people is refused
    unless ``allow_real_people``: mixed in, they would reach HR reports and certificates.
    """
    if not 1 <= learners <= 1_000_000:
        raise UserError(tr("hr.error.learners_count"))
    if not allow_real_people:
        with db.session() as session:
            real = session.execute(
                select(func.count()).select_from(Learner).where(col(Learner.demo).is_(False))
            ).scalar()
        if real:
            raise UserError(
                tr("security.demo.real_people", count=real), tr("security.demo.real_people_hint")
            )
    rng = random.Random(seed)
    now = clock.now()
    content_hash = content_hash or hashlib.sha256(f"demo-{course_id}".encode()).hexdigest()
    with db.session() as session:
        first_code = (session.execute(select(func.count()).select_from(Learner)).scalar() or 0) + 1
    totals = [0, 0, 0]
    done = 0
    while done < learners:
        n = min(CHUNK, learners - done)
        people = _learner_rows(rng, n, now, first_code + done)
        with db.session() as session:
            ids: Sequence[int] = (
                session.execute(
                    insert(Learner).returning(col(Learner.id), sort_by_parameter_order=True), people
                )
                .scalars()
                .all()
            )
            attempts: list[dict[str, Any]] = []
            passed_index: list[tuple[int, int]] = []  # (attempt position, learner id)
            for learner_id in ids:
                roll = rng.random()
                if roll >= completed_share + 0.25:
                    continue
                completes = roll < completed_share
                tries = 1 + (rng.random() < 0.3)
                when = now - timedelta(days=rng.randint(1, 330), minutes=rng.randint(0, 600))
                for k in range(tries):
                    last = k == tries - 1
                    passed = completes and last
                    score = round(rng.uniform(80, 100) if passed else rng.uniform(40, 79), 1)
                    started = when + timedelta(days=3 * k)
                    if passed:
                        passed_index.append((len(attempts), learner_id))
                    attempts.append(
                        {
                            "learner_id": learner_id,
                            "course_id": course_id,
                            "kind": "final",
                            "seed": rng.randrange(1, 2**31),
                            "questions": Snapshot(),
                            "started_at": started,
                            "deadline": started + timedelta(minutes=30),
                            "submitted_at": started + timedelta(minutes=rng.randint(8, 29)),
                            "submit_reason": "user",
                            "score": score,
                            "correct_count": round(score * 30 / 100),
                            "question_count": 30,
                            "pass_percent": 80.0,
                            "passed": score >= 80,
                            "content_hash": content_hash,
                        }
                    )
            attempt_ids: Sequence[int] = (
                session.execute(
                    insert(Attempt).returning(col(Attempt.id), sort_by_parameter_order=True),
                    attempts,
                )
                .scalars()
                .all()
                if attempts
                else []
            )
            completions = [
                {
                    "learner_id": learner_id,
                    "course_id": course_id,
                    "attempt_id": attempt_ids[pos],
                    "completed_at": attempts[pos]["submitted_at"],
                    "score": attempts[pos]["score"],
                    "content_hash": content_hash,
                    "certificate_no": "",
                }
                for pos, learner_id in passed_index
            ]
            if completions:
                session.execute(insert(Completion), completions)
        done += n
        totals = [totals[0] + n, totals[1] + len(attempts), totals[2] + len(completions)]
        yield Progress(done, learners, json.dumps(totals))


def run_demo(db: Database, learners: int, **kwargs: Any) -> DemoResult:
    """Run :func:`generate` to the end and return the counts."""
    last = None
    for last in generate(db, learners, **kwargs):  # noqa: B007
        pass
    assert last is not None
    counts = json.loads(last.item)
    return DemoResult(*counts)
