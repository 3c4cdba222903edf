"""Moodle XML import and export: the shapes of Moodle's own XML-format test fixtures
(``question/format/xml/tests/fixtures``, GPL: rebuilt here in our own words), hostile XML,
and round trips GIFT → app → Moodle XML → app that keep ids, tags, banks and everything else."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from ethics_trainer.cli.main import main
from ethics_trainer.content.loader import load_library
from ethics_trainer.content.model import QuestionKind
from ethics_trainer.errors import UserError
from ethics_trainer.interchange.moodle_xml import parse_moodle_xml

from .conftest import data_files
from .round_trip import export_then_import, signatures_by_id

PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
).decode()

# Like Moodle's multichoice.xml / truefalse.xml / nested_categories_with_questions.xml:
# comments before questions, CDATA HTML, embedded files, nested categories, an essay.
FIXTURE = f"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<!-- question: 0  -->
  <question type="category">
    <category>
        <text>$course$/top/Đạo đức công vụ</text>
    </category>
    <info format="plain_text"><text>Danh mục kiểm thử</text></info>
  </question>

<!-- question: 2295  -->
  <question type="multichoice">
    <name><text>Quà biếu</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>Xem hình <img src="@@PLUGINFILE@@/logo.png" alt="Biểu trưng" /><br />Cán bộ có được nhận <b>quà</b>?</p>]]></text>
<file name="logo.png" encoding="base64">{PNG}</file>
    </questiontext>
    <generalfeedback format="html"><text><![CDATA[<p>Luật PCTN cấm.</p>]]></text></generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber>qua-bieu-01</idnumber>
    <single>true</single>
    <shuffleanswers>true</shuffleanswers>
    <answernumbering>abc</answernumbering>
    <answer fraction="0" format="html">
      <text><![CDATA[<p>Được</p>]]></text>
      <feedback format="html"><text>Sai rồi.</text></feedback>
    </answer>
    <answer fraction="100" format="html">
      <text><![CDATA[<p>Không được</p>]]></text>
      <feedback format="html"><text>Đúng.</text></feedback>
    </answer>
    <tags>
      <tag><text>quà tặng</text></tag>
      <tag><text>PCTN</text></tag>
    </tags>
  </question>

  <question type="category">
    <category><text>$course$/top/Đạo đức công vụ/Tình huống</text></category>
  </question>

  <question type="multichoice">
    <name><text>Hành vi bị cấm</text></name>
    <questiontext format="moodle_auto_format"><text>Chọn các hành vi bị cấm: 2*3</text></questiontext>
    <generalfeedback format="moodle_auto_format"><text></text></generalfeedback>
    <single>false</single>
    <answer fraction="50"><text>Gây phiền hà</text></answer>
    <answer fraction="50"><text>Tiết lộ bí mật</text></answer>
    <answer fraction="-100"><text>Hướng dẫn tận tình</text></answer>
  </question>

  <question type="multichoice">
    <name><text>Tình huống chấm điểm</text></name>
    <questiontext format="markdown"><text>Người dân **phàn nàn**. Anh/chị làm gì?</text></questiontext>
    <single>true</single>
    <answer fraction="100" format="markdown"><text>Lắng nghe, giải thích</text></answer>
    <answer fraction="50" format="markdown"><text>Chuyển cấp trên</text></answer>
    <answer fraction="0" format="markdown"><text>Bỏ qua</text></answer>
  </question>

<!-- question: 2284  -->
  <question type="truefalse">
    <name><text>Moodle acronym (False)</text></name>
    <questiontext format="html"><text><![CDATA[<p>Moodle là viết tắt của <i>Modular Education</i>.</p>]]></text></questiontext>
    <generalfeedback format="html"><text>Xem tài liệu.</text></generalfeedback>
    <answer fraction="0" format="moodle_auto_format">
      <text>true</text>
      <feedback format="html"><text>Chưa đúng.</text></feedback>
    </answer>
    <answer fraction="100" format="moodle_auto_format">
      <text>false</text>
      <feedback format="html"><text>Chính xác.</text></feedback>
    </answer>
  </question>

  <question type="essay">
    <name><text>Bài luận</text></name>
    <questiontext format="moodle_auto_format"><text>Viết về đạo đức</text></questiontext>
  </question>

  <question type="shortanswer">
    <name><text>Điền từ</text></name>
    <questiontext format="html"><text>Thủ đô?</text></questiontext>
    <answer fraction="100"><text>Hà Nội</text></answer>
  </question>
</quiz>
"""


def _fixture(tmp_path: Path, text: str = FIXTURE, name: str = "bank.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_moodle_fixture_shapes(tmp_path: Path) -> None:
    result = parse_moodle_xml(FIXTURE, "bank.xml")
    by_title = {item.question.title: item for item in result.questions}
    assert list(by_title) == [
        "Quà biếu",
        "Hành vi bị cấm",
        "Tình huống chấm điểm",
        "Moodle acronym (False)",
    ]
    gift = by_title["Quà biếu"]
    q = gift.question
    assert q.id == "qua-bieu-01" and q.tags == ("quà tặng", "PCTN")
    assert q.kind is QuestionKind.SINGLE and q.correct_keys == ("b",)
    assert q.explanation == "Luật PCTN cấm."
    assert [o.feedback for o in q.options] == ["Sai rồi.", "Đúng."]
    assert gift.category == "$course$/top/Đạo đức công vụ"
    assert len(gift.media) == 1 and gift.media[0].data.startswith(b"\x89PNG")
    assert f"![Biểu trưng]({gift.media[0].link})" in q.stem and "**quà**" in q.stem
    multi = by_title["Hành vi bị cấm"].question
    assert multi.kind is QuestionKind.MULTIPLE and multi.correct_keys == ("a", "b")
    assert [o.weight for o in multi.options] == [0.5, 0.5, -1.0]
    assert multi.stem == "Chọn các hành vi bị cấm: 2\\*3"  # plain text escaped
    assert by_title["Hành vi bị cấm"].category.endswith("Đạo đức công vụ/Tình huống")
    graded = by_title["Tình huống chấm điểm"].question
    assert graded.kind is QuestionKind.GRADED and graded.stem.startswith("Người dân **phàn")
    tf = by_title["Moodle acronym (False)"].question
    assert tf.kind is QuestionKind.TRUE_FALSE and tf.correct_keys == ("b",)
    assert [(o.text, o.feedback) for o in tf.options] == [
        ("Đúng", "Chưa đúng."),
        ("Sai", "Chính xác."),
    ]
    skipped = [(s.kind, s.title) for s in result.skipped]
    assert skipped == [("essay", "Bài luận"), ("short answer", "Điền từ")]
    lines = FIXTURE.splitlines()
    for item in result.skipped:  # each report points at its <question> line
        assert lines[item.line - 1].lstrip().startswith("<question type=")


def test_cli_import_writes_banks_and_images(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _fixture(tmp_path)
    out = tmp_path / "content"
    code = main(["import", str(source), "--to", str(out)])
    text = capsys.readouterr().out
    assert code == 1  # essay and short answer skipped
    assert f"{source}:" in text and 'skipped essay question "Bài luận"' in text
    assert text.strip().splitlines()[-1].startswith("4 questions imported into 2 banks")
    library = load_library(out)
    assert library.errors == []
    question = library.question("qua-bieu-01")
    assert question is not None
    media = list((out / "cau-hoi-nhap" / "questions" / "media").iterdir())
    assert len(media) == 1 and media[0].name in question.stem
    titles = {b.title for c in library.courses for b in c.banks}
    assert titles == {"Đạo đức công vụ", "Đạo đức công vụ / Tình huống"}


def test_dry_run_lists_every_question_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ethics_trainer.i18n import set_language

    set_language("en")
    try:
        source = _fixture(tmp_path)
        code = main(["import", str(source), "--to", str(tmp_path / "c"), "--dry-run"])
        out = capsys.readouterr().out.strip().splitlines()
    finally:
        set_language("vi")
    assert code == 1
    assert not (tmp_path / "c").exists()
    assert out[-1].startswith("dry run: 4 questions would be imported, 2 skipped")
    assert any('import single choice "Quà biếu" — answer B' in line for line in out)
    assert any("skip essay question" in line and "Bài luận" in line for line in out)
    assert len(out) == 7


@pytest.mark.parametrize(
    "text",
    [
        # billion laughs
        '<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        "<quiz><question type='essay'><name><text>&b;</text></name></question></quiz>",
        # external entity
        '<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<quiz><question type='essay'><name><text>&x;</text></name></question></quiz>",
    ],
    ids=["entity-expansion", "external-entity"],
)
def test_hostile_xml_is_refused(tmp_path: Path, text: str, capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserError):
        parse_moodle_xml(text, "evil.xml")
    code = main(["import", str(_fixture(tmp_path, text)), "--to", str(tmp_path / "c")])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err and "root:" not in err
    assert not (tmp_path / "c").exists()


@pytest.mark.parametrize("fraction", ["abc", "nan", "inf"])
def test_unreadable_fraction_skips_the_question(fraction: str) -> None:
    text = (
        "<quiz><question type='multichoice'><name><text>Q</text></name>"
        "<questiontext><text>Câu hỏi?</text></questiontext>"
        f"<answer fraction='{fraction}'><text>a</text></answer>"
        "<answer fraction='0'><text>b</text></answer></question></quiz>"
    )
    result = parse_moodle_xml(text, "f.xml")
    assert result.questions == [] and len(result.skipped) == 1
    assert fraction in result.skipped[0].reason


def test_broken_xml_names_the_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    source = _fixture(tmp_path, "<?xml version='1.0'?>\n<quiz>\n<question>\n</quiz>\n")
    assert main(["import", str(source), "--to", str(tmp_path / "c")]) == 1
    assert f"{source}:4:" in capsys.readouterr().err


def test_xml_detected_by_content_and_other_xml_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    renamed = _fixture(tmp_path, FIXTURE, "questions.txt")
    assert main(["import", str(renamed), "--to", str(tmp_path / "c"), "--dry-run"]) == 1
    capsys.readouterr()
    other = _fixture(tmp_path, "<?xml version='1.0'?><html><body/></html>", "page.xml")
    assert main(["import", str(other), "--to", str(tmp_path / "d")]) == 1
    assert "<quiz>" in capsys.readouterr().err


# -- round trips -----------------------------------------------------------------------------


def _banks(folder: Path) -> set[tuple[str, tuple[str, ...], int]]:
    library = load_library(folder)
    return {(b.title, b.tags, len(b.questions)) for c in library.courses for b in c.banks}


GIFT = """$CATEGORY: $course$/top/Đạo đức/Chương 1

// [id:dd-01] [tag:quà tặng] [tag:PCTN]
// Nguồn: Luật PCTN 2018
// Căn cứ: luat-pctn-2018 Điều 20; nd-59 Điều 5
::Quà biếu::[html]<p>Cán bộ có được nhận <b>quà</b> không?</p>{
\t=Không#Đúng vậy
\t~Có#Sai
\t####Luật cấm nhận quà liên quan công vụ.
}

// [id:dd-02]
::Nhiều đáp án::Chọn các hành vi bị cấm{
\t~%50%Gây phiền hà
\t~%50%Tiết lộ bí mật
\t~%-100%Hướng dẫn
}

$CATEGORY: $course$/top/Tình huống

// [id:th-01] [tag:giao tiếp]
::Chấm điểm::Người dân phàn nàn, anh/chị làm gì?{
\t=Lắng nghe
\t~%50%Chuyển cấp trên#Chưa tốt nhất
\t~Bỏ qua
}

// [id:th-02]
::Đúng sai::Cán bộ phải công khai tài sản.{TRUE#Sai rồi#Đúng rồi####Theo luật.}
"""


def test_round_trip_gift_app_moodle_xml_app(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gift = tmp_path / "bank.gift"
    gift.write_text(GIFT, encoding="utf-8")
    first, second = tmp_path / "first", tmp_path / "second"
    assert main(["import", str(gift), "--to", str(first)]) == 0
    exported = tmp_path / "bank.xml"
    export_then_import(first, "moodle-xml", exported, second)
    capsys.readouterr()
    before, after = signatures_by_id(first), signatures_by_id(second)
    assert set(before) == {"dd-01", "dd-02", "th-01", "th-02"}
    assert after == before
    assert _banks(second) == _banks(first)
    assert "<idnumber>dd-01</idnumber>" in exported.read_text(encoding="utf-8")


def test_round_trip_keeps_images(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _fixture(tmp_path)
    first, second = tmp_path / "first", tmp_path / "second"
    main(["import", str(source), "--to", str(first)])
    exported = tmp_path / "again.xml"
    export_then_import(first, "moodle-xml", exported, second)
    capsys.readouterr()
    text = exported.read_text(encoding="utf-8")
    assert '<file name="' in text and "@@PLUGINFILE@@/" in text  # packed as Moodle does
    assert signatures_by_id(second) == signatures_by_id(first)
    media = [
        sorted(p.name for p in (f / "cau-hoi-nhap" / "questions" / "media").iterdir())
        for f in (first, second)
    ]
    assert media[0] == media[1] and len(media[0]) == 1


@pytest.mark.parametrize("path", data_files("moodle-xml"), ids=lambda p: p.name[:50])
def test_shared_moodle_xml_files_import(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Moodle XML files from outside, when the shared data has them (never copied here)."""
    code = main(["import", str(path), "--to", str(tmp_path / "c")])
    out, err = capsys.readouterr()
    assert code in (0, 1) and "Traceback" not in out + err
    assert load_library(tmp_path / "c").errors == []
