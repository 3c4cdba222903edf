"""``check --strict``: every graded option's feedback names the document that makes it best,
acceptable or wrong — by number, short title or registry id — and that document is in the
registry the bibliography page is built from."""

from __future__ import annotations

from pathlib import Path

import pytest

from ethics_trainer.cli.main import main
from ethics_trainer.content.lint import lint_library
from ethics_trainer.content.lint_citations import named_documents
from ethics_trainer.content.loader import load_library

from .helpers import STEMS, graded, source, write_course

BEST = "  > Tốt nhất: đúng Điều 9 Luật Mới.\n"
PARTY = source(
    "qd-144-2024-tw",
    "Quy định chuẩn mực đạo đức cách mạng của cán bộ, đảng viên trong giai đoạn mới",
    "144-QĐ/TW",
)
ARTICLE = source("bai-tccs", "Bài viết “Nâng cao đạo đức công vụ trên địa bàn Hà Nội”", "''")


pytestmark = pytest.mark.usefixtures("english")


def _bank() -> str:
    return "".join(graded(f"q{i}", s, best_first=i % 2 == 0) for i, s in enumerate(STEMS))


def _missing(root: Path) -> list[str]:
    return [
        p.message
        for p in lint_library(load_library(root))
        if "names no document from sources/" in p.message
    ]


def test_feedback_without_a_document_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_course(tmp_path, _bank().replace(BEST, "  > Tốt nhất: đúng Điều 9.\n", 1))
    assert _missing(root) == [
        "graded question 'q0': the feedback of option A names no document from sources/ "
        "(give its number, short title or id, with the article)"
    ]
    assert main(["check", "--strict", str(root)]) == 1
    assert "names no document" in capsys.readouterr().out


def test_a_number_missing_from_the_registry_names_nothing(tmp_path: Path) -> None:
    bank = _bank().replace(BEST, "  > Tốt nhất: đúng Điều 9 Nghị định 99/2024/NĐ-CP.\n", 1)
    assert len(_missing(write_course(tmp_path, bank))) == 1


@pytest.mark.parametrize(
    "feedback",
    [
        "Tốt nhất: đúng Điều 9 Luật số 1/2025/QH15.",  # number
        "Tốt nhất: đúng Điều 9 luật mới.",  # short title, any case
        "Tốt nhất: đúng Điều 9 (luat-moi).",  # registry id
        "Tốt nhất: đúng Điều 4 Quy định số 144-QĐ/TW.",  # the Party's numbering
        "Tốt nhất: như bài viết “Nâng cao đạo đức công vụ trên địa bàn Hà Nội” nêu.",  # quoted
    ],
)
def test_each_way_of_naming_a_document_is_accepted(tmp_path: Path, feedback: str) -> None:
    bank = _bank().replace(BEST, f"  > {feedback}\n")
    root = write_course(tmp_path, bank, sources={"qd-144-2024-tw": PARTY, "bai-tccs": ARTICLE})
    assert _missing(root) == []


def test_named_documents_resolves_numbers_titles_and_ids(tmp_path: Path) -> None:
    root = write_course(tmp_path, _bank(), sources={"qd-144-2024-tw": PARTY})
    documents = load_library(root).documents
    assert named_documents("khoản 2 Điều 4 Quy định 144-QĐ/TW", documents) == {"qd-144-2024-tw"}
    assert named_documents("Điều 9 Luật số 1/2025/QH15", documents) == {"luat-moi"}
    assert named_documents("trái Điều 9", documents) == set()
    # an id inside a longer id is not that id
    assert named_documents("luat-moi-hon", documents) == set()


def test_bundled_course_feedback_names_documents() -> None:
    content = Path(__file__).resolve().parents[2] / "content"
    assert _missing(content) == []


@pytest.mark.parametrize("url", ["https://vbpl.vn/", "https://danguykccq.tuyenquang.gov.vn"])
# a page addressed by its query (https://stp.thuathienhue.gov.vn/?cn=351) is not a home page
def test_a_home_page_is_not_a_source_address(tmp_path: Path, url: str) -> None:
    home = source("nd-3", "Nghị định", "3/2025/NĐ-CP", extra=f"url: {url}\n")
    page = home.replace(url, "https://stp.thuathienhue.gov.vn/?cn=351&tc=9419").replace(
        "nd-3", "nd-4"
    )
    root = write_course(tmp_path, _bank(), sources={"nd-3": home, "nd-4": page})
    messages = [p.message for p in lint_library(load_library(root))]
    assert messages == [
        f"document 'nd-3': {url} is only a home page; give the address of the document's own "
        "page, or leave url empty and say in the notes what was searched"
    ]
