"""The sources registry: one Markdown file per cited document (``content/sources/<id>.md``).

Each file's front matter says what the document is (number, issuing body, dates, status, an
official address) and when its status was last checked; the body says which articles the course
relies on. Keeping one file per document makes the next change in the law a small diff. The
bibliography page (“Tài liệu tham khảo”) and every learner-visible citation are built from it.
"""

from __future__ import annotations

import re
from datetime import date

from ethics_trainer.content.model import Document, DocumentStatus, Library
from ethics_trainer.content.text import ProblemSink
from ethics_trainer.i18n import tr

SOURCE_KEYS = {
    "id",
    "title",
    "number",
    "issuer",
    "issued",
    "in_force",
    "status",
    "replaced_by",
    "amended_by",
    "url",
    "checked",
    "note",
}
SOURCE_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
BIBLIOGRAPHY_TITLE = "Tài liệu tham khảo"
BIBLIOGRAPHY_ORDER = 100_000  # after every lesson


def _iso(value: object) -> str:
    """YAML gives a ``date`` for ``2025-07-01``; keep dates as ISO text, "" when absent."""
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _ids(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(str(v).strip() for v in value if str(v).strip())
    return tuple(v.strip() for v in str(value).split(",") if v.strip())


PARTIAL_DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")  # 2022-11 or 2022: all that is known


def _valid_date(text: str) -> bool:
    if PARTIAL_DATE_RE.match(text):
        return True
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def parse_source(
    meta: dict[str, object], body: str, stem: str, sink: ProblemSink, lines: dict[str, int]
) -> Document | None:
    """One registry file's front matter and notes as a :class:`Document`; None when unusable.

    ``stem`` is the file name without ``.md``: the id must equal it, so a citation's id always
    names the file to open.
    """
    ident = str(meta.get("id") or stem).strip()
    if not SOURCE_ID_RE.match(ident):
        sink.error(lines.get("id", 1), tr("content_lint.source_bad_id", id=ident))
        return None
    if ident != stem:
        sink.error(lines.get("id", 1), tr("content_lint.source_id_file", id=ident, file=stem))
        return None
    title = str(meta.get("title") or "").strip()
    if not title:
        sink.error(lines.get("title", 1), tr("content.document_no_title", document=ident))
        return None
    for key in meta:
        if key not in SOURCE_KEYS:
            sink.warning(
                lines.get(str(key), 1),
                tr("content.document_unknown_key", key=key, document=ident),
            )
    status_text = str(meta.get("status") or DocumentStatus.IN_FORCE.value).strip()
    try:
        status = DocumentStatus(status_text)
    except ValueError:
        sink.error(lines.get("status", 1), tr("content_lint.source_bad_status", status=status_text))
        status = DocumentStatus.UNCLEAR
    dates = {name: _iso(meta.get(name)) for name in ("issued", "in_force", "checked")}
    for name, text in dates.items():
        if text and not _valid_date(text):
            sink.error(lines.get(name, 1), tr("content_lint.source_bad_date", key=name, value=text))
            dates[name] = ""
    return Document(
        id=ident,
        title=title,
        in_force=dates["in_force"],
        replaced_by=str(meta.get("replaced_by") or "").strip(),
        amended_by=_ids(meta.get("amended_by")),
        number=str(meta.get("number") or "").strip(),
        issuer=str(meta.get("issuer") or "").strip(),
        issued=dates["issued"],
        status=status,
        url=str(meta.get("url") or "").strip(),
        checked=dates["checked"],
        notes=(body.strip() or str(meta.get("note") or "")).strip(),
        path=sink.rel_path,
        line=1,
    )


def vn_date(iso: str) -> str:
    """``2025-06-24`` → ``24/6/2025``; days below 10 and months 1–2 take a leading zero, as
    in official texts (Nghị định 30/2020/NĐ-CP): ``01/7/2025``, ``05/02/2026``."""
    if not iso or not _valid_date(iso):
        return iso
    if PARTIAL_DATE_RE.match(iso):  # 2022-11 → 11/2022
        year, _, month = iso.partition("-")
        return (
            f"{int(month):02d}/{year}"
            if month and int(month) < 3
            else (f"{int(month)}/{year}" if month else year)
        )
    day = date.fromisoformat(iso)
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


DOCUMENT_KINDS = (
    "Nghị định",
    "Nghị quyết",
    "Quyết định",
    "Chỉ thị",
    "Chương trình",
    "Kế hoạch",
    "Công văn",
    "Thông tư",
    "Quy định",
    "Kết luận",
    "Hướng dẫn",
)


def citation(doc: Document) -> str:
    """How a learner sees the document, as official texts cite one another: ``Luật Cán bộ, công
    chức số 80/2025/QH15 (Quốc hội, 24/6/2025)``; ``Nghị định số 172/2025/NĐ-CP (Chính phủ,
    30/6/2025) quy định về xử lý kỷ luật cán bộ, công chức``."""
    details = ", ".join(part for part in (doc.issuer, vn_date(doc.issued)) if part)
    details = f" ({details})" if details else ""
    kind = next((k for k in DOCUMENT_KINDS if doc.title.startswith(k + " ")), None)
    if kind and doc.number:
        return f"{kind} số {doc.number}{details} {doc.title[len(kind) + 1 :]}"
    name = f"{doc.title} số {doc.number}" if doc.number else doc.title
    return f"{name}{details}"


def short_name(doc: Document) -> str:
    """``Luật số 132/2025/QH15``, ``Nghị định số 172/2025/NĐ-CP``; the title when unnumbered."""
    if not doc.number:
        return doc.title
    kind = next((k for k in ("Luật", *DOCUMENT_KINDS) if doc.title.startswith(k + " ")), "văn bản")
    return f"{kind} số {doc.number}"


STATUS_WORDS = {
    DocumentStatus.IN_FORCE: "đang có hiệu lực",
    DocumentStatus.AMENDED: "đang có hiệu lực, đã được sửa đổi, bổ sung",
    DocumentStatus.REPLACED: "đã hết hiệu lực",
    DocumentStatus.NOT_YET_IN_FORCE: "chưa có hiệu lực",
    DocumentStatus.UNCLEAR: "tình trạng hiệu lực chưa xác minh được",
}


def status_line(doc: Document, documents: dict[str, Document]) -> str:
    """The document's status in plain words, with the date it was checked."""
    words = STATUS_WORDS[doc.status]
    if doc.in_force and doc.status is not DocumentStatus.REPLACED:
        words = f"hiệu lực từ {vn_date(doc.in_force)}; {words}"
    if doc.replaced_by:
        other = documents.get(doc.replaced_by)
        if other and doc.status is DocumentStatus.REPLACED:
            words += f", được thay thế bằng {short_name(other)}"
        elif other:
            words += f"; văn bản thay thế: {short_name(other)}, chưa xác minh ngày có hiệu lực"
    if doc.amended_by:
        names = [short_name(documents[a]) for a in doc.amended_by if a in documents]
        if names:
            words += f" (sửa đổi bởi {', '.join(names)})"
    if doc.checked:
        words += f" — kiểm tra ngày {vn_date(doc.checked)}"
    return words


def cited_ids(lesson_sources: list[tuple[str, ...]], refs: list[str]) -> list[str]:
    """Document ids a course cites (each lesson's ``sources:`` as written, then the questions'
    references), first use first, without repeats."""
    seen: dict[str, None] = {}
    for sources in lesson_sources:
        for source in sources:
            seen.setdefault(source, None)
    for ref in refs:
        seen.setdefault(ref, None)
    return list(seen)


def bibliography_markdown(
    cited: list[str], documents: dict[str, Document], as_of: date | None
) -> str:
    """The “Tài liệu tham khảo” page: every cited registry document, grouped by status."""
    docs = [documents[i] for i in cited if i in documents]
    current = [d for d in docs if d.status is not DocumentStatus.REPLACED]
    old = [d for d in docs if d not in current]
    out = [f"# {BIBLIOGRAPHY_TITLE}", ""]
    if as_of is not None:
        out += [
            f"Khóa học được cập nhật theo pháp luật có hiệu lực đến ngày {vn_date(as_of.isoformat())}."
            " Tình trạng hiệu lực của từng văn bản dưới đây được ghi kèm ngày kiểm tra.",
            "",
        ]
    for heading, group in (
        ("Văn bản và tài liệu đang áp dụng", current),
        ("Văn bản đã hết hiệu lực hoặc được thay thế (chỉ để đối chiếu)", old),
    ):
        if not group:
            continue
        out += [f"## {heading}", ""]
        for number, doc in enumerate(
            sorted(group, key=lambda d: (d.issued or "9999", d.title)), start=1
        ):
            line = f"{number}. {citation(doc)} — {status_line(doc, documents)}."
            if doc.url:
                line += f" Tra cứu: <{doc.url}>"
            out.append(line)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def bibliography_lesson_id(course_id: str) -> str:
    return f"{course_id}-tai-lieu-tham-khao"


def _newest_date(doc: Document) -> str:
    return max(doc.issued, doc.in_force)


def outdated_citations(library: Library) -> list[tuple[str, str, str, str, str]]:
    """Questions resting on a document replaced or amended after the course was last checked,
    with the lesson to update.

    The course's ``as_of`` says the law was checked up to that date, so only a replacing or
    amending text dated after it (or undated) calls for a look; registering next year's
    amendment in ``sources/`` then lists exactly the questions to review. A question that also
    cites the newer text has been updated already. Returns ``(question id, path:line, lesson
    id, document id, newer document ids)``.
    """
    docs = library.documents
    as_of = {c.id: c.as_of.isoformat() if c.as_of else "" for c in library.courses}
    found: list[tuple[str, str, str, str, str]] = []
    for question in library.all_questions():
        if not question.refs:  # most questions of a large course: nothing to look up
            continue
        cited = {r.document for r in question.refs}
        checked = as_of.get(question.course_id, "")
        for ref in question.refs:
            doc = docs.get(ref.document)
            if doc is None:
                continue
            newer = [doc.replaced_by] if doc.replaced_by else []
            newer += list(doc.amended_by)
            pending = [
                n
                for n in newer
                if not checked
                or n not in docs
                or not _newest_date(docs[n])
                or _newest_date(docs[n]) > checked
            ]
            if pending and not cited.intersection(newer):
                found.append(
                    (
                        question.id,
                        f"{question.path}:{question.line}",
                        question.lesson_id,
                        doc.id,
                        ", ".join(pending),
                    )
                )
    return found
