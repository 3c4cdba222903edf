"""Word question banks in the McMIX-style layout: every common variant of numbering, option
labels and answer marks, images, answer keys, per-question reports with their paragraph, and
legacy TCVN3/VNI text refused with advice. The .docx files are built here with python-docx."""

from __future__ import annotations

import struct
import unicodedata
import zlib
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_COLOR_INDEX, WD_UNDERLINE
from docx.shared import RGBColor

from ethics_trainer.cli.main import main
from ethics_trainer.content.loader import load_library
from ethics_trainer.content.model import QuestionKind
from ethics_trainer.errors import UserError
from ethics_trainer.interchange.docx_bank import parse_docx
from ethics_trainer.interchange.formats import detect_file


def _png_bytes() -> bytes:
    """A valid 2x2 RGB PNG (python-docx reads its header for the picture size)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\xff\x00\x00" * 2 + b"\x00" + b"\x00\x00\xff" * 2)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PNG = _png_bytes()


def _para(document, *parts, style=None, font=None):  # type: ignore[no-untyped-def]
    """A paragraph from (text, {"underline": True, "bold": True, "red": True, ...}) parts."""
    paragraph = document.add_paragraph(style=style)
    for part in parts:
        text, marks = (part, {}) if isinstance(part, str) else part
        run = paragraph.add_run(text)
        if font:
            run.font.name = font
        if marks.get("underline"):
            run.font.underline = WD_UNDERLINE.SINGLE
        if marks.get("bold"):
            run.bold = True
        if marks.get("red"):
            run.font.color.rgb = RGBColor(0xFF, 0, 0)
        if marks.get("highlight"):
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return paragraph


U, B, R, H = {"underline": True}, {"bold": True}, {"red": True}, {"highlight": True}


def _save(document, path: Path) -> Path:  # type: ignore[no-untyped-def]
    document.save(str(path))
    return path


def _bank(tmp_path: Path, font: str = "Times New Roman") -> Path:
    d = docx.Document()
    _para(d, ("ĐỀ KIỂM TRA ĐẠO ĐỨC CÔNG VỤ", B))
    _para(d, "Thời gian: 30 phút")
    # 1: "Câu 1." + underlined label
    _para(d, ("Câu 1.", B), " Cán bộ có được nhận quà biếu khi giải quyết công việc?", font=font)
    _para(d, "A. Được, nếu giá trị nhỏ", font=font)
    _para(d, ("B.", U), " Không được", font=font)
    _para(d, "C. Được, nếu báo cáo", font=font)
    _para(d, "D. Tùy trường hợp", font=font)
    # 2: "Câu 2:" + red option text, "A)" labels
    _para(d, "Câu 2: Hành vi nào thể hiện tinh thần phục vụ nhân dân?", font="Arial")
    _para(d, "A) Hẹn lại nhiều lần", font="Arial")
    _para(d, "B) ", ("Hướng dẫn tận tình, đầy đủ", R), font="Arial")
    _para(d, "C) Yêu cầu thêm giấy tờ", font="Arial")
    # 3: "3." numbering, "a." labels, bold answer, explanation
    _para(d, "3. Công chức phải kê khai tài sản khi nào?", font="Tahoma")
    _para(d, "a. Khi nghỉ hưu", font="Tahoma")
    _para(d, ("b. Hằng năm theo quy định", B), font="Tahoma")
    _para(d, "c. Không bao giờ", font="Tahoma")
    _para(d, "Giải thích: Theo Luật Phòng, chống tham nhũng 2018.")
    # 4: highlight
    _para(d, "Câu 4. Thái độ đúng khi tiếp dân?")
    _para(d, "A. Thờ ơ")
    _para(d, "B. ", ("Lịch sự, tôn trọng", H))
    # 5: trailing star
    _para(d, "Câu 5. Chọn câu đúng")
    _para(d, "A. Sai lầm")
    _para(d, "B. Đúng đắn*")
    # 6: "Đáp án:" line, several right options
    _para(d, "Câu 6. Những hành vi bị cấm?")
    _para(d, "A. Gây phiền hà")
    _para(d, "B. Hướng dẫn")
    _para(d, "C. Tiết lộ bí mật")
    _para(d, "Đáp án: A, C")
    # 7: options on one line separated by tabs; C underlined
    _para(d, "Câu 7. Cơ quan nào ban hành Luật Cán bộ, công chức?")
    _para(d, "A. Chính phủ\tB. Bộ Nội vụ\t", ("C. Quốc hội", U), "\tD. UBND")
    # 8: paragraph style bold for every option, one underlined: bold marks nothing
    _para(d, "Câu 8. Đâu là nguyên tắc?")
    _para(d, ("A. Công khai, minh bạch", {"bold": True, "underline": True}))
    _para(d, ("B. Bí mật tuyệt đối", B))
    # 9: no answer anywhere -> reported with its paragraph
    _para(d, "Câu 9. Câu hỏi thiếu đáp án")
    _para(d, "A. Một")
    _para(d, "B. Hai")
    # 10: image in question, answer from the key table below
    question = _para(d, "Câu 10. Biểu tượng trong hình là gì?")
    question.add_run().add_picture(str(_png(tmp_path)))
    _para(d, "A. Quốc huy")
    _para(d, "B. Logo")
    # 11: answer from the key heading lines
    _para(d, "Câu 11. Ai là người đứng đầu UBND?")
    _para(d, "A. Chủ tịch")
    _para(d, "B. Thư ký")
    _para(d, ("BẢNG ĐÁP ÁN", B))
    table = d.add_table(rows=2, cols=4)
    for cell, text in zip(table.rows[0].cells, ["Câu", "Đáp án", "10", "A"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["", "", "", ""], strict=True):
        cell.text = text
    _para(d, "ĐÁP ÁN")
    _para(d, "11-A")
    return _save(d, tmp_path / "ngan-hang.docx")


def _png(tmp_path: Path) -> Path:
    path = tmp_path / "hinh.png"
    path.write_bytes(PNG)
    return path


def test_every_common_variant(tmp_path: Path) -> None:
    path = _bank(tmp_path)
    result = parse_docx(path.read_bytes(), str(path))
    got = {i.question.title.split("?")[0][:20]: i.question for i in result.questions}
    answers = [(q.correct_keys, q.kind) for q in (i.question for i in result.questions)]
    assert answers == [
        (("b",), QuestionKind.SINGLE),  # 1 underline
        (("b",), QuestionKind.SINGLE),  # 2 red
        (("b",), QuestionKind.SINGLE),  # 3 bold
        (("b",), QuestionKind.SINGLE),  # 4 highlight
        (("b",), QuestionKind.SINGLE),  # 5 star
        (("a", "c"), QuestionKind.MULTIPLE),  # 6 Đáp án line
        (("c",), QuestionKind.SINGLE),  # 7 one line
        (("a",), QuestionKind.SINGLE),  # 8 underline beats shared bold
        (("a",), QuestionKind.SINGLE),  # 10 key table
        (("a",), QuestionKind.SINGLE),  # 11 key lines
    ], got
    first = result.questions[0].question
    assert first.stem == "Cán bộ có được nhận quà biếu khi giải quyết công việc?"
    assert [o.text for o in first.options][1] == "Không được"
    third = result.questions[2].question
    assert third.explanation == "Theo Luật Phòng, chống tham nhũng 2018."
    assert [o.text for o in result.questions[4].question.options] == ["Sai lầm", "Đúng đắn"]
    assert [o.text for o in result.questions[6].question.options] == [
        "Chính phủ",
        "Bộ Nội vụ",
        "Quốc hội",
        "UBND",
    ]
    image_question = result.questions[8]
    assert len(image_question.media) == 1 and image_question.media[0].data == PNG
    assert f"![]({image_question.media[0].link})" in image_question.question.stem
    (skipped,) = result.skipped
    assert skipped.title.startswith("Câu hỏi thiếu đáp án")
    doc = docx.Document(str(path))
    assert doc.paragraphs[skipped.line - 1].text == "Câu 9. Câu hỏi thiếu đáp án"


def test_cli_import_and_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _bank(tmp_path)
    code = main(["import", str(path), "--to", str(tmp_path / "c")])
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines()[0].startswith(f"{path}:")
    assert out.strip().splitlines()[-1].startswith("10 questions imported into 1 banks")
    library = load_library(tmp_path / "c")
    assert library.errors == []
    media = tmp_path / "c" / "cau-hoi-nhap" / "questions" / "media"
    assert [p.read_bytes() for p in media.iterdir()] == [PNG]


def test_word_automatic_numbering(tmp_path: Path) -> None:
    d = docx.Document()
    _para(d, "Trắc nghiệm", style="Title")
    _para(d, "Đạo đức công vụ là gì?", style="List Number")
    _para(d, "A. Chuẩn mực hành vi")
    _para(d, ("B.", U), " Quy tắc ứng xử của cán bộ")
    _para(d, "Cán bộ phải làm gì khi có xung đột lợi ích?", style="List Number")
    _para(d, ("A.", R), " Báo cáo")
    _para(d, "B. Im lặng")
    path = _save(d, tmp_path / "auto.docx")
    result = parse_docx(path.read_bytes(), str(path))
    assert [i.question.correct_keys for i in result.questions] == [("b",), ("a",)]
    assert result.questions[1].question.stem.startswith("Cán bộ phải làm gì")


def _letter_list(document) -> str:  # type: ignore[no-untyped-def]
    """Add a Word list numbered A., B., C. (upperLetter); its numId."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0">'
        '<w:start w:val="1"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1."/>'
        "</w:lvl></w:abstractNum>"
    )
    numbering.insert(0, abstract)
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    return "90"


def _numbered(paragraph, num_id: str) -> None:  # type: ignore[no-untyped-def]
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    paragraph._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
        )
    )


def test_automatic_letters_for_options_and_bullets_in_the_stem(tmp_path: Path) -> None:
    d = docx.Document()
    letters = _letter_list(d)
    _para(d, "Nguyên tắc nào đúng?", style="List Number")
    _para(d, "Công khai, minh bạch", style="List Bullet")  # a bullet: part of the stem
    _numbered(_para(d, "Bí mật tuyệt đối"), letters)
    _numbered(_para(d, ("Đúng pháp luật", U)), letters)
    _para(d, "Ai ký quyết định?", style="List Number")
    _numbered(_para(d, ("Chủ tịch", R)), letters)
    _numbered(_para(d, "Thư ký"), letters)
    path = _save(d, tmp_path / "auto-abc.docx")
    result = parse_docx(path.read_bytes(), str(path))
    assert [i.question.correct_keys for i in result.questions] == [("b",), ("a",)]
    first = result.questions[0].question
    assert [o.text for o in first.options] == ["Bí mật tuyệt đối", "Đúng pháp luật"]
    assert "Công khai, minh bạch" in first.stem


def test_horizontal_answer_key_table(tmp_path: Path) -> None:
    d = docx.Document()
    for n in (1, 2, 3):
        _para(d, f"Câu {n}. Câu hỏi số {n}?")
        for letter in "ABC":
            _para(d, f"{letter}. Phương án {letter}")
    _para(d, "ĐÁP ÁN")
    table = d.add_table(rows=2, cols=4)
    for row, texts in zip(
        table.rows, (["Câu", "1", "2", "3"], ["Đáp án", "C", "A", "B, C"]), strict=True
    ):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    path = _save(d, tmp_path / "key.docx")
    result = parse_docx(path.read_bytes(), str(path))
    assert [i.question.correct_keys for i in result.questions] == [("c",), ("a",), ("b", "c")]


def test_numbered_points_inside_a_stem_stay_in_the_stem(tmp_path: Path) -> None:
    d = docx.Document()
    _para(d, "Câu 1. Theo Luật Cán bộ, công chức:")
    _para(d, "1. Cán bộ được bầu cử, phê chuẩn;")
    _para(d, "2. Công chức được tuyển dụng.")
    _para(d, "Nhận định trên đúng hay sai?")
    _para(d, ("A. Đúng", U))
    _para(d, "B. Sai")
    path = _save(d, tmp_path / "diem.docx")
    (item,) = parse_docx(path.read_bytes(), str(path)).questions
    assert item.question.kind is QuestionKind.TRUE_FALSE
    assert "1\\. Cán bộ được bầu cử" in item.question.stem
    assert item.question.stem.endswith("Nhận định trên đúng hay sai?")


def test_composed_and_decomposed_unicode_give_the_same_text(tmp_path: Path) -> None:
    d = docx.Document()
    stem = "Đạo đức công vụ của cán bộ, công chức là gì?"
    _para(d, "Câu 1. " + unicodedata.normalize("NFD", stem), font="VNI-Times")
    _para(d, ("A.", U), " " + unicodedata.normalize("NFD", "Chuẩn mực ứng xử"))
    _para(d, "B. Không có")
    path = _save(d, tmp_path / "to-hop.docx")
    (item,) = parse_docx(path.read_bytes(), str(path)).questions
    assert item.question.stem == stem
    assert item.question.options[0].text == "Chuẩn mực ứng xử"


# Text typed with legacy fonts and opened as Unicode: each Vietnamese letter became the
# Latin-1 character with the legacy code. Tables for the letters used below.
TCVN3 = {
    "â": "©",
    "Đ": "§",
    "đ": "®",
    "ạ": "¹",
    "ứ": "ø",
    "ô": "«",
    "ụ": "ô",
    "á": "¸",
    "ộ": "é",
    "ơ": "¬",
    "ư": "\xad",
    "ờ": "ê",
    "à": "µ",
    "ả": "¶",
    "ã": "·",
    "ấ": "Ê",
    "ế": "Õ",
    "ê": "ª",
    "ố": "è",
    "ì": "×",
    "ể": "Ó",
}
VNI = {
    "â": "aâ",
    "Đ": "Ñ",
    "đ": "ñ",
    "ạ": "aï",
    "ứ": "öù",
    "ô": "oâ",
    "ụ": "uï",
    "á": "aù",
    "ộ": "oä",
    "ơ": "ô",
    "ư": "ö",
    "ờ": "ôø",
    "à": "aø",
    "ả": "aû",
    "ã": "aõ",
    "ấ": "aá",
    "ế": "eá",
    "ê": "eâ",
    "ố": "oá",
    "ì": "ì",
    "ể": "eå",
}
LEGACY_TEXT = [
    "Câu 1. Đạo đức công vụ là gì?",
    "A. Chuẩn mực ứng xử của cán bộ",
    "B. Không có đáp án đúng",
    "Câu 2. Cán bộ phải làm gì?",
    "A. Phục vụ nhân dân",
    "B. Đáp án khác",
]


def _legacy(text: str, table: dict[str, str]) -> str:
    return "".join(table.get(ch, ch) for ch in text)


@pytest.mark.parametrize(
    ("table", "font", "name"), [(TCVN3, ".VnTime", "TCVN3"), (VNI, "VNI-Times", "VNI")]
)
def test_legacy_encodings_are_refused_with_advice(
    tmp_path: Path, table: dict[str, str], font: str, name: str, capsys
) -> None:  # type: ignore[no-untyped-def]
    d = docx.Document()
    for line in LEGACY_TEXT:
        _para(d, _legacy(line, table), font=font)
    path = _save(d, tmp_path / f"{name}.docx")
    with pytest.raises(UserError) as caught:
        parse_docx(path.read_bytes(), str(path))
    assert name in str(caught.value) and "Unikey" in str(caught.value)
    assert main(["import", str(path), "--to", str(tmp_path / "c")]) == 1
    assert not (tmp_path / "c").exists()
    assert name in capsys.readouterr().err


@pytest.mark.parametrize("table", [TCVN3, VNI], ids=["TCVN3", "VNI"])
def test_legacy_detection_without_font_names(tmp_path: Path, table: dict[str, str]) -> None:
    """After a font change the text is still garbage: the characters alone decide."""
    d = docx.Document()
    for line in LEGACY_TEXT:
        _para(d, _legacy(line, table), font="Times New Roman")
    path = _save(d, tmp_path / "x.docx")
    with pytest.raises(UserError):
        parse_docx(path.read_bytes(), str(path))


def test_real_vietnamese_text_is_not_taken_for_legacy(tmp_path: Path) -> None:
    d = docx.Document()
    for line in LEGACY_TEXT:
        _para(d, line)
    _para(d, "Nhiệt độ 30°C; «trích dẫn»; © 2026 Sở Nội vụ Hà Nội")
    path = _save(d, tmp_path / "ok.docx")
    result = parse_docx(path.read_bytes(), str(path))
    assert len(result.questions) == 0 and len(result.skipped) == 2  # no answers marked


def test_docx_detected_by_content_and_old_doc_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _bank(tmp_path)
    renamed = tmp_path / "bank.bin"
    renamed.write_bytes(path.read_bytes())
    assert detect_file(renamed) == "docx"
    old = tmp_path / "old.docx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)  # an OLE .doc
    assert main(["import", str(old), "--to", str(tmp_path / "c")]) == 1
    assert ".doc" in capsys.readouterr().err


def test_export_docx_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _bank(tmp_path)
    main(["import", str(path), "--to", str(tmp_path / "c")])
    exported = tmp_path / "out.docx"
    args = ["--content", str(tmp_path / "c"), "export", "--format", "docx", "--to", str(exported)]
    assert main(args) == 0
    assert main(["import", str(exported), "--to", str(tmp_path / "d")]) == 0
    capsys.readouterr()

    def signature(folder: Path) -> list[tuple[object, ...]]:
        return sorted(
            (q.stem.split("![")[0].strip(), q.correct_keys, tuple(o.text for o in q.options))
            for q in load_library(folder).all_questions()
        )

    assert signature(tmp_path / "d") == signature(tmp_path / "c")
