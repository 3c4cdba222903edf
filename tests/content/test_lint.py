"""``check --strict``: each editorial rule fires on content that breaks it and stays quiet once
the content is fixed."""

from __future__ import annotations

from pathlib import Path

import pytest

from ethics_trainer.cli.main import main
from ethics_trainer.content.lint import lint_library
from ethics_trainer.content.lint_marks import internal_marks
from ethics_trainer.content.loader import load_library

from .helpers import STEMS, graded, source, write_course

pytestmark = pytest.mark.usefixtures("english")


def _messages(root: Path) -> list[str]:
    library = load_library(root)
    return [p.message for p in lint_library(library)]


def _balanced(count: int = 6, *, long_best: bool = False) -> str:
    """``count`` distinct graded scenarios, best option alternating between A and B."""
    return "".join(
        graded(f"q{i}", STEMS[i], best_first=i % 2 == 0, long_best=long_best) for i in range(count)
    )


def test_clean_course_passes_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_course(tmp_path, _balanced())
    assert _messages(root) == []
    assert main(["check", "--strict", str(root)]) == 0
    assert capsys.readouterr().out.strip().endswith("0 errors, 0 warnings")


def test_internal_marks_are_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bank = _balanced().replace("Vì Điều 9.", "Vì Điều 9 (S35; fact sheet F44; GitHub).", 1)
    root = write_course(tmp_path, bank)
    lesson = root / "kh" / "lessons" / "01.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8") + "\nTheo thuvienphapluat.vn và Hugging Face.\n"
    )
    messages = _messages(root)
    for mark in ("S35", "F44", "fact sheet", "GitHub", "thuvienphapluat", "Hugging Face"):
        assert any(f"'{mark}'" in m for m in messages), mark
    assert main(["check", "--strict", str(root)]) == 1
    out = capsys.readouterr().out
    assert "kh/lessons/01.md:11: learners would see the internal mark 'thuvienphapluat'" in out
    # without --strict the same folder passes: the rules are editorial, not structural
    assert main(["check", str(root)]) == 0


def test_internal_marks_spare_ordinary_words() -> None:
    assert internal_marks("Điều 9 khoản 2; phường Sơn Tây; 5 năm; Sở Nội vụ; F0") == ["F0"]
    assert internal_marks("Luật số 80/2025/QH15 (Quốc hội, 24/6/2025)") == []


def test_every_citation_must_resolve(tmp_path: Path) -> None:
    bank = _balanced().replace("**Căn cứ:** luat-moi Điều 9", "**Căn cứ:** luat-khong-co Điều 1", 1)
    root = write_course(tmp_path, bank)
    lesson = root / "kh" / "lessons" / "01.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("[luat-moi]", "[luat-moi, Báo Lao Động]")
    )
    messages = _messages(root)
    assert any("'q0' cites 'luat-khong-co'" in m for m in messages)
    assert any("'Báo Lao Động' is not a document id" in m for m in messages)


def test_question_without_refs_is_an_error(tmp_path: Path) -> None:
    bank = _balanced().replace("**Căn cứ:** luat-moi Điều 9\n", "", 1)
    assert any("'q0' has no **Căn cứ:**" in m for m in _messages(write_course(tmp_path, bank)))


def test_registry_rules(tmp_path: Path) -> None:
    aggregator = source(
        "nd-1",
        "Nghị định",
        "1/2025/NĐ-CP",
        extra="url: https://thuvienphapluat.vn/van-ban/abc\namended_by: [nd-9]\n",
    ).replace("checked: 2026-12-03\n", "")
    official = source(
        "nd-2",
        "Nghị định",
        "2/2025/NĐ-CP",
        extra="url: https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=1\n",
    )
    root = write_course(tmp_path, _balanced(), sources={"nd-1": aggregator, "nd-2": official})
    messages = _messages(root)
    assert any("'nd-1' links to an aggregator site" in m for m in messages)
    assert any("'nd-1' has no check date" in m for m in messages)
    assert any("'nd-1' points to 'nd-9'" in m for m in messages)
    assert not any("'nd-2'" in m for m in messages)


def test_near_duplicates_must_be_rewritten_or_grouped(tmp_path: Path) -> None:
    twin = graded("q-twin", STEMS[0].replace("kết hôn", "kết hôn ạ"))
    root = write_course(tmp_path, _balanced() + twin)
    assert any("'q-twin' nearly duplicates 'q0'" in m for m in _messages(root))
    bank = root / "kh" / "questions" / "01.md"
    text = bank.read_text(encoding="utf-8")
    text = text.replace("**Mã:** q0\n", "**Nhóm:** ket-hon\n\n**Mã:** q0\n").replace(
        "**Mã:** q-twin\n", "**Nhóm:** ket-hon\n\n**Mã:** q-twin\n"
    )
    bank.write_text(text, encoding="utf-8")
    assert not any("nearly duplicates" in m for m in _messages(root))


def test_best_option_must_not_be_the_longest_in_most_graded(tmp_path: Path) -> None:
    root = write_course(tmp_path, _balanced(long_best=True))
    assert any(
        "the best option is the longest in 6 of 6 graded questions (100%, at most 40%)" in m
        for m in _messages(root)
    )


def test_answer_positions_must_be_balanced(tmp_path: Path) -> None:
    stems = [*STEMS, "Cán bộ trực Tết nhận được giỏ quà.", "Lãnh đạo Sở giao việc gấp qua Zalo."]
    bank = "".join(graded(f"q{i}", s, best_first=True) for i, s in enumerate(stems))
    root = write_course(tmp_path, bank)
    assert any(
        "the correct answer is in position A in 8 of 8 questions (at most 40%)" in m
        for m in _messages(root)
    )


def test_no_partial_credit_for_breaking_a_rule(tmp_path: Path) -> None:
    bank = _balanced().replace("- [ ] Từ chối\n  > Sai", "- [ ] (50%) Từ chối\n  > Sai", 1)
    assert any(
        "'q0': option C is called wrong or a breach yet earns 50%" in m
        for m in _messages(write_course(tmp_path, bank))
    )


def test_graded_options_need_feedback(tmp_path: Path) -> None:
    bank = _balanced().replace(
        "- [ ] Từ chối\n  > Sai: trái Điều 9 (luat-moi).\n", "- [ ] Từ chối\n", 1
    )
    assert any(
        "graded question 'q0': option C has no feedback" in m
        for m in _messages(write_course(tmp_path, bank))
    )


def test_scenarios_are_set_in_wards_not_districts(tmp_path: Path) -> None:
    bank = _balanced().replace("Trung tâm phục vụ hành chính công phường", "UBND quận Ba Đình", 1)
    assert any(
        "graded question 'q0' is set in a 'quận'" in m
        for m in _messages(write_course(tmp_path, bank))
    )
    history = _balanced().replace(
        "Trung tâm phục vụ hành chính công phường",
        "UBND quận Ba Đình (trước 01/7/2025), nay là phường Ba Đình,",
        1,
    )
    assert not any("is set in" in m for m in _messages(write_course(tmp_path / "h", history)))


def test_course_needs_as_of(tmp_path: Path) -> None:
    root = write_course(tmp_path, _balanced())
    course = root / "kh" / "course.md"
    course.write_text(course.read_text(encoding="utf-8").replace("as_of: 2026-12-03\n", ""))
    assert any("lacks as_of:" in m for m in _messages(root))
