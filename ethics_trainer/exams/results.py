"""Results of a session: the table, the score distribution and per-question item analysis.

Item analysis uses the usual classroom statistics: *p*, the proportion who got the question
fully right; the point-biserial correlation between the question score and the rest of the
test (corrected item-total); and the discrimination index, p(top 27 %) − p(bottom 27 %).
Each submitted attempt's seal is checked (:func:`seal_verify.verify_session`), so a result
edited, moved to another person, inserted or deleted shows up here and in the export.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import col, select

from ethics_trainer.errors import UserError
from ethics_trainer.exams import seal_verdict, seal_verify
from ethics_trainer.exams.live_roster import CandidateRow, roster
from ethics_trainer.exams.sessions import SessionInfo, get_session
from ethics_trainer.fileio.safe_write import atomic_path
from ethics_trainer.i18n import tr
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.models import Answer, Attempt

BINS = 10


@dataclass(frozen=True)
class ResultRow:
    candidate: CandidateRow
    integrity: str  # a seal_verdict.STATUS_* or "" (not submitted)


@dataclass(frozen=True)
class ItemStats:
    question_id: str
    title: str
    answered_by: int
    p_correct: float
    mean_score: float
    point_biserial: float | None
    discrimination: float | None


@dataclass(frozen=True)
class SessionResults:
    session: SessionInfo
    rows: list[ResultRow]
    distribution: list[int]  # counts for 0–9, 10–19, … 90–100
    items: list[ItemStats]
    seal: seal_verdict.SessionVerdict

    @property
    def flagged(self) -> list[ResultRow]:
        return [r for r in self.rows if r.integrity in seal_verdict.BAD_STATUSES]

    @property
    def submitted(self) -> list[ResultRow]:
        return [r for r in self.rows if r.candidate.score is not None]


def distribution(scores: list[float]) -> list[int]:
    counts = [0] * BINS
    for score in scores:
        counts[min(BINS - 1, max(0, int(score // (100 / BINS))))] += 1
    return counts


def _pearson(xs: list[float], ys: list[float]) -> float | None:
    n = len(xs)
    if n < 3:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return sxy / math.sqrt(sxx * syy)


def item_analysis(
    attempts_: list[tuple[float, dict[str, float]]], titles: dict[str, str]
) -> list[ItemStats]:
    """``attempts_``: (total percent, {question id: score 0..1}) per submitted attempt."""
    question_ids = sorted({q for _, scores in attempts_ for q in scores})
    ranked = sorted(attempts_, key=lambda a: a[0])
    group = max(1, round(len(ranked) * 0.27))
    lower, upper = ranked[:group], ranked[-group:]
    result = []
    for qid in question_ids:
        having = [(total, scores) for total, scores in attempts_ if qid in scores]
        item = [scores[qid] for _, scores in having]
        rest = [
            sum(s for q, s in scores.items() if q != qid) / max(1, len(scores) - 1)
            for _, scores in having
        ]
        full = [1.0 if s >= 0.999 else 0.0 for s in item]
        p_upper = [1.0 if s.get(qid, 0) >= 0.999 else 0.0 for _, s in upper if qid in s]
        p_lower = [1.0 if s.get(qid, 0) >= 0.999 else 0.0 for _, s in lower if qid in s]
        disc = (
            sum(p_upper) / len(p_upper) - sum(p_lower) / len(p_lower)
            if len(ranked) >= 4 and p_upper and p_lower
            else None
        )
        result.append(
            ItemStats(
                question_id=qid,
                title=titles.get(qid, ""),
                answered_by=len(having),
                p_correct=sum(full) / len(full) if full else 0.0,
                mean_score=sum(item) / len(item) if item else 0.0,
                point_biserial=_pearson(item, rest),
                discrimination=disc,
            )
        )
    return result


def session_results(db: Database, session_id: int, data_dir: Path | None = None) -> SessionResults:
    """Everyone's result with its seal status as this PC sees it (``data_dir``: its data
    folder, where its seal keys are; needed for a server database)."""
    info = get_session(db, session_id)
    candidates = roster(db, session_id)
    attempt_ids = [c.attempt_id for c in candidates if c.attempt_id is not None]
    verdict = seal_verify.verify_here(db, session_id, data_dir)
    with db.session() as session:
        found = (
            session.exec(
                select(Attempt).where(
                    col(Attempt.id).in_(attempt_ids), col(Attempt.submitted_at).is_not(None)
                )
            ).all()
            if attempt_ids
            else []
        )
        titles: dict[str, str] = {}
        per_attempt: list[tuple[float, dict[str, float]]] = []
        for attempt in found:
            for q in attempt.questions:
                titles.setdefault(q.id, q.title)
            answers = session.exec(select(Answer).where(Answer.attempt_id == attempt.id)).all()
            scores = {a.question_id: float(a.score or 0.0) for a in answers if a.score is not None}
            per_attempt.append((float(attempt.score or 0.0), scores))
    rows = [ResultRow(c, verdict.by_candidate.get(c.id, "")) for c in candidates]
    return SessionResults(
        session=info,
        rows=rows,
        distribution=distribution([c.score for c in candidates if c.score is not None]),
        items=item_analysis(per_attempt, titles),
        seal=verdict,
    )


def integrity_label(status: str) -> str:
    return tr(f"security.status.{status}") if status else ""


def bin_label(index: int) -> str:
    low = index * (100 // BINS)
    high = 100 if index == BINS - 1 else low + (100 // BINS) - 1
    return f"{low}–{high}"


def seal_summary(seal: seal_verdict.SessionVerdict) -> str:
    """One line on the seal of the whole session, for the export and the console."""
    if seal.problems:
        return tr("security.verify.summary_bad", count=len(seal.problems), code=seal.code)
    if not seal.verified:
        return tr("security.verify.summary_empty", code=seal.code)
    return tr(
        "security.verify.summary_ok" if seal.key_trusted else "security.verify.summary_unconfirmed",
        count=seal.verified,
        code=seal.code,
        key=seal.key_id or "—",
    )


def export_results_xlsx(results: SessionResults, path: Path) -> Path:
    """Three sheets: results (with the seal check), distribution (with a chart), item analysis."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font, PatternFill

    from ethics_trainer.i18n import formats
    from ethics_trainer.safe_cells import SafeSheet

    book = Workbook()
    assert book.active is not None
    sheet = SafeSheet(book.active)
    sheet.sheet.title = tr("exams.results.sheet_results")[:31]
    info = results.session
    sheet.append([tr("exams.results.title", name=info.definition.name)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(
        [tr("exams.results.session_line", code=info.code, date=info.exam_date, room=info.room)]
    )
    sheet.append([])
    sheet.append(
        [
            tr("exams.col.no"),
            tr("exams.col.name"),
            tr("exams.col.code"),
            tr("exams.col.unit"),
            tr("exams.col.position"),
            tr("exams.col.status"),
            tr("exams.col.correct"),
            tr("exams.col.score"),
            tr("exams.col.passed"),
            tr("exams.col.submitted_at"),
            tr("exams.col.integrity"),
        ]
    )
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    red = PatternFill("solid", fgColor="F4CCCC")
    for r in results.rows:
        c = r.candidate
        sheet.append(
            [
                c.row_no,
                c.full_name,
                c.employee_code,
                c.unit,
                c.position,
                tr(f"exams.status.{c.status}"),
                None if c.score is None else f"{c.answered}/{c.question_count}",
                c.score,
                "" if c.passed is None else tr("exams.yes" if c.passed else "exams.no"),
                formats.date_time(c.submitted_at) if c.submitted_at else "",
                integrity_label(r.integrity),
            ]
        )
        if r.integrity in seal_verdict.BAD_STATUSES:
            for cell in sheet[sheet.max_row]:
                cell.fill = red
    seal = results.seal
    sheet.append([])
    sheet.append([seal_summary(seal)])
    for problem in seal.problems:
        if problem.candidate_id is None or problem.candidate_id not in seal.by_candidate:
            sheet.append([problem.line()])  # the manifest, or a person no longer on the roster
            for cell in sheet[sheet.max_row]:
                cell.fill = red
    for column, width in zip("ABCDEFGHIJK", (5, 28, 12, 24, 16, 14, 10, 8, 8, 17, 22), strict=True):
        sheet.column_dimensions[column].width = width

    dist = SafeSheet(book.create_sheet(tr("exams.results.sheet_distribution")[:31]))
    dist.append([tr("exams.results.bin"), tr("exams.results.count")])
    for i, count in enumerate(results.distribution):
        dist.append([bin_label(i), count])
    chart = BarChart()
    chart.title = tr("exams.results.chart_title")
    chart.y_axis.title = tr("exams.results.count")
    chart.x_axis.title = tr("exams.results.bin")
    chart.add_data(
        Reference(dist.sheet, min_col=2, min_row=1, max_row=BINS + 1), titles_from_data=True
    )
    chart.set_categories(Reference(dist.sheet, min_col=1, min_row=2, max_row=BINS + 1))
    dist.add_chart(chart, "D2")

    items = SafeSheet(book.create_sheet(tr("exams.results.sheet_items")[:31]))
    items.append(
        [
            tr("exams.col.question"),
            tr("exams.col.title"),
            tr("exams.col.answered_by"),
            tr("exams.col.p_correct"),
            tr("exams.col.mean_score"),
            tr("exams.col.point_biserial"),
            tr("exams.col.discrimination"),
        ]
    )
    for it in results.items:
        items.append(
            [
                it.question_id,
                it.title,
                it.answered_by,
                round(it.p_correct, 3),
                round(it.mean_score, 3),
                None if it.point_biserial is None else round(it.point_biserial, 3),
                None if it.discrimination is None else round(it.discrimination, 3),
            ]
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as tmp:  # whole or not at all; never onto a device or link
            book.save(tmp)
    except OSError as exc:
        raise UserError(tr("exams.export.failed", file=str(path)), str(exc)) from exc
    return path
