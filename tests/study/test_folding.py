"""Folding ignores diacritics, case, đ/Đ and Unicode form, and maps matches back."""

from __future__ import annotations

import unicodedata

import pytest

from ethics_trainer.study.folding import fold, fold_with_map

TITLE = "Đạo đức công vụ"


@pytest.mark.parametrize(
    "text",
    [
        "dao duc cong vu",
        "DAO DUC CONG VU",
        "đạo đức công vụ",
        "ĐẠO ĐỨC CÔNG VỤ",
        TITLE,
        unicodedata.normalize("NFD", TITLE),
        unicodedata.normalize("NFD", "ĐẠO ĐỨC CÔNG VỤ"),
    ],
)
def test_every_spelling_folds_alike(text: str) -> None:
    assert fold(text) == "dao duc cong vu"


def test_d_with_stroke() -> None:
    assert fold("Đ") == "d" and fold("đ") == "d"
    assert fold("Đà Nẵng") == "da nang"


def test_other_vietnamese_letters() -> None:
    assert fold("Quà tặng, hối lộ, ưu tiên, ơn huệ") == "qua tang, hoi lo, uu tien, on hue"


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_span_maps_back_to_original(form: str) -> None:
    text = unicodedata.normalize(form, "Nâng cao đạo đức công vụ")
    folded = fold_with_map(text)
    start = folded.folded.index("dao duc")
    begin, end = folded.original_span(start, start + len("dao duc"))
    assert unicodedata.normalize("NFC", text[begin:end]) == "đạo đức"


def test_span_keeps_trailing_tone_marks_of_nfd_text() -> None:
    text = unicodedata.normalize("NFD", "vụ")
    folded = fold_with_map(text)
    assert folded.folded == "vu"
    assert folded.original_span(0, 2) == (0, len(text))


def test_empty_text() -> None:
    folded = fold_with_map("")
    assert folded.folded == "" and folded.original_span(0, 3) == (0, 0)
