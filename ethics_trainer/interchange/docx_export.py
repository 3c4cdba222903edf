"""Our banks as a Word file in the layout exam-mixing tools read (and our import reads back).

``Câu N.`` then the stem, options ``A.`` … on their own lines with the right option's letter
underlined and red (what McMIX-style tools look for), an ``Đáp án:`` line for questions with
several right options, and ``Giải thích:`` for the explanation. Headings name the banks.
Markdown is written as the plain text a person reads; graded credit and option feedback have
no place in this layout and are listed by :func:`docx_problem` so the export reports them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ethics_trainer.content.model import Bank, Question, QuestionKind
from ethics_trainer.i18n import tr
from ethics_trainer.interchange.xlsx_bank import plain

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph

MAX_OPTIONS = 6
_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\((?!https?:)([^)\s]+)\)")


def docx_problem(question: Question) -> str:
    """Why a question cannot be written to Word without loss, or "" when it can."""
    if len(question.options) > MAX_OPTIONS:
        return tr("interop.docx.export_too_many", count=MAX_OPTIONS)
    if question.kind is QuestionKind.GRADED or any(
        o.weight not in (0.0, 1.0) for o in question.options
    ):
        return tr("interop.docx.export_graded")
    return ""


def _add_text(paragraph: Paragraph, markdown: str, folder: Path) -> None:
    """Markdown as plain runs; local images (``![alt](media/x.png)``) as pictures."""
    from docx.image.exceptions import UnrecognizedImageError
    from docx.shared import Cm

    position = 0
    for match in _IMAGE_RE.finditer(markdown):
        text = plain(markdown[position : match.start()]).strip()
        if text:
            paragraph.add_run(text + " ")
        image = (folder / match.group(2)).resolve()
        try:
            paragraph.add_run().add_picture(str(image), width=Cm(6))
        except (OSError, UnrecognizedImageError, ValueError):
            paragraph.add_run(f"[{match.group(1) or image.name}]")
        position = match.end()
    rest = plain(markdown[position:]).strip()
    if rest:
        paragraph.add_run(rest)


def write_docx(banks: Sequence[Bank], target: Path, root: Path) -> int:
    """Write the banks' questions (those :func:`docx_problem` accepts); questions written.
    ``root`` is the content folder the banks' paths (and so their images) are relative to."""
    import docx
    from docx.enum.text import WD_UNDERLINE
    from docx.shared import RGBColor

    document = docx.Document()
    number = 0
    for bank in banks:
        document.add_heading(bank.title, level=1)
        folder = (root / bank.path).parent
        for question in bank.questions:
            if docx_problem(question):
                continue
            number += 1
            stem = document.add_paragraph()
            label = stem.add_run(f"Câu {number}. ")
            label.bold = True
            _add_text(stem, question.stem, folder)
            right = [i for i, o in enumerate(question.options) if o.correct]
            for index, option in enumerate(question.options):
                paragraph = document.add_paragraph()
                letter = paragraph.add_run(f"{chr(ord('A') + index)}.")
                if index in right:
                    letter.font.underline = WD_UNDERLINE.SINGLE
                    letter.font.color.rgb = RGBColor(0xFF, 0x00, 0x00)
                paragraph.add_run(" " + plain(option.text))
            if len(right) > 1:
                document.add_paragraph("Đáp án: " + ", ".join(chr(ord("A") + i) for i in right))
            if question.explanation:
                document.add_paragraph("Giải thích: " + plain(question.explanation))
    document.save(str(target))
    return number
