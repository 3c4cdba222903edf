"""Excel question banks: a centre's sheet in, our banks out and back in, the template, and
the formula-safe writer."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from ethics_trainer.cli.main import main
from ethics_trainer.content.loader import load_library
from ethics_trainer.content.model import QuestionKind
from ethics_trainer.errors import UserError
from ethics_trainer.interchange.formats import detect_file, read_source_bytes
from ethics_trainer.interchange.xlsx_bank import parse_xlsx


def _book(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


CENTRE = [
    ["STT", "Câu hỏi", "A", "B", "C", "D", "Đáp án", "Giải thích", "Thẻ", "Nguồn"],
    [
        1,
        "Cán bộ có được nhận quà?",
        "Có",
        "Không",
        "Tùy",
        None,
        "B",
        "Luật cấm.",
        "quà",
        "Luật PCTN",
    ],
    [],
    [
        3,
        "Hành vi bị cấm?",
        "Gây phiền hà",
        "Hướng dẫn",
        "Tiết lộ bí mật",
        None,
        "a, c",
        None,
        "cấm; ứng xử",
        None,
    ],
    [
        4,
        "Tình huống",
        "Lắng nghe",
        "Chuyển cấp trên",
        "Bỏ qua",
        None,
        "A=100; B=50",
        None,
        None,
        None,
    ],
    [5, "Thiếu đáp án", "X", "Y", None, None, None, None, None, None],
    [6, "Đáp án lạ", "X", "Y", None, None, "E", None, None, None],
    [7, "Công chức phải trung thực.", "Đúng", "Sai", None, None, "A", None, None, None],
    [8, "Lỗ hổng", "X", None, "Z", None, "A", None, None, None],
    [9, "Gõ liền", "X", "Y", "Z", None, "ac", None, None, None],
]


def test_centre_sheet_with_headers_in_any_order(tmp_path: Path) -> None:
    path = _book(tmp_path / "ngan-hang.xlsx", CENTRE)
    result = parse_xlsx(path.read_bytes(), str(path))
    questions = {i.question.line: i.question for i in result.questions}
    assert sorted(questions) == [2, 4, 5, 8, 10]
    assert questions[10].correct_keys == ("a", "c")
    single = questions[2]
    assert single.kind is QuestionKind.SINGLE and single.correct_keys == ("b",)
    assert (single.explanation, single.tags, single.source) == ("Luật cấm.", ("quà",), "Luật PCTN")
    assert questions[4].kind is QuestionKind.MULTIPLE
    assert questions[4].correct_keys == ("a", "c") and questions[4].tags == ("cấm", "ứng xử")
    graded = questions[5]
    assert graded.kind is QuestionKind.GRADED
    assert [o.weight for o in graded.options] == [1.0, 0.5, 0.0]
    assert questions[8].kind is QuestionKind.TRUE_FALSE
    skipped = {s.line: s.reason for s in result.skipped}
    assert sorted(skipped) == [6, 7, 9]  # rows as Excel numbers them
    assert "E" in skipped[7] or "E" in skipped[7].upper()


def test_sheet_without_header_is_read_in_template_order(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "plain.xlsx",
        [["Câu hỏi 1?", "x", "y", "z", None, None, None, "C", "vì z", "t1", "nguồn"]],
    )
    result = parse_xlsx(path.read_bytes(), str(path))
    (item,) = result.questions
    assert item.question.correct_keys == ("c",) and item.question.explanation == "vì z"
    assert item.question.line == 1


def test_cli_import_reports_rows_then_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _book(tmp_path / "ngan-hang.xlsx", CENTRE)
    code = main(["import", str(path), "--to", str(tmp_path / "c")])
    out = capsys.readouterr().out
    assert code == 1
    assert f'{path}:6: skipped invalid question "Thiếu đáp án"' in out
    assert out.strip().splitlines()[-1].startswith("5 questions imported into 1 banks")
    assert load_library(tmp_path / "c").errors == []


def test_template_opens_in_excel_layout_and_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "mau.xlsx"
    assert main(["export", "--format", "xlsx", "--template", "--to", str(template)]) == 0
    sheet = load_workbook(template).active
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Mã", "Ngân hàng", "Tiêu đề", "Câu hỏi"] and "Đáp án" in header
    assert main(["import", str(template), "--to", str(tmp_path / "c")]) == 0
    assert "2 questions imported" in capsys.readouterr().out
    assert main(["export", "--format", "gift", "--template", "--to", str(template)]) == 1


def test_cells_that_look_like_formulas_stay_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "bank.gift"
    source.write_text(
        "::F::=HYPERLINK(\"http://x\")  nguy hiểm{=\\=1+1 ~@SUM(A1) ~+cmd|' /C calc'!A0}\n",
        encoding="utf-8",
    )
    assert main(["import", str(source), "--to", str(tmp_path / "c")]) == 0
    sheet = tmp_path / "out.xlsx"
    assert (
        main(["--content", str(tmp_path / "c"), "export", "--format", "xlsx", "--to", str(sheet)])
        == 0
    )
    capsys.readouterr()
    with zipfile.ZipFile(sheet) as package:
        xml = package.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and 't="inlineStr"' in xml
    values = [c.value for c in load_workbook(sheet).active[2]]
    assert '\'=HYPERLINK("http://x")  nguy hiểm' in values  # the guard every export uses
    assert "'=1+1" in values and "'@SUM(A1)" in values
    assert main(["import", str(sheet), "--to", str(tmp_path / "d")]) == 0
    capsys.readouterr()
    (question,) = load_library(tmp_path / "d").all_questions()
    assert question.stem.startswith("=HYPERLINK")


def test_formats_are_detected_from_content(tmp_path: Path) -> None:
    renamed = _book(tmp_path / "bank.dat", CENTRE)
    assert detect_file(renamed) == "xlsx"
    fake = tmp_path / "fake.xlsx"
    fake.write_text("Câu hỏi?\nA) x\nB) y\nANSWER: A\n", encoding="utf-8")
    with pytest.raises(UserError) as caught:
        detect_file(fake)
    assert "xlsx" in str(caught.value)


def test_binary_read_refuses_fifo_and_oversize(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)
    with pytest.raises(UserError):
        read_source_bytes(fifo)  # returns at once: no writer needed, nothing blocks
    big = _book(tmp_path / "big.xlsx", CENTRE)
    with pytest.raises(UserError):
        read_source_bytes(big, limit=100)
    assert read_source_bytes(big) == big.read_bytes()
    with pytest.raises(UserError):
        read_source_bytes(tmp_path)


def test_not_really_a_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as package:
        package.writestr("xl/workbook.xml", "<not-xml")
    assert main(["import", str(broken), "--to", str(tmp_path / "c")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and str(broken) in err


def test_legacy_encoded_sheet_is_refused(tmp_path: Path) -> None:
    tcvn3 = {"â": "©", "Đ": "§", "đ": "®", "ạ": "¹", "ứ": "ø", "ô": "«", "ụ": "ô", "á": "¸"}

    def legacy(text: str) -> str:
        return "".join(tcvn3.get(ch, ch) for ch in text)

    rows = [["Câu hỏi", "A", "B", "Đáp án"]]
    rows += [[legacy("Đạo đức công vụ là gì?"), legacy("Chuẩn mực"), "Không", "A"]] * 3
    path = _book(tmp_path / "cu.xlsx", rows)
    with pytest.raises(UserError) as caught:
        parse_xlsx(path.read_bytes(), str(path))
    assert "TCVN3" in str(caught.value) and "Unikey" in str(caught.value)


def test_zip_bomb_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/workbook.xml", "<workbook/>")
        with package.open("xl/huge.xml", "w") as part:  # streamed: little memory
            block = b"\0" * (1024 * 1024)
            for _ in range(210):
                part.write(block)
    assert bomb.stat().st_size < 1024 * 1024
    assert main(["import", str(bomb), "--to", str(tmp_path / "c")]) == 1
    assert "200 MB" in capsys.readouterr().err
