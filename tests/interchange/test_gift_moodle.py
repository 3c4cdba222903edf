"""Moodle's own GIFT tests (question/format/gift/tests/giftformat_test.php), ported.

Same input, same expected outcome: stem, options, fractions (our weights) and feedback for
the types we run; for the others, that they are reported as skipped with the right type.
Texts are compared in our Markdown, so Moodle's ``<b>x</b>`` is ``**x**`` here.
"""

from __future__ import annotations

from typing import Any

import pytest

from ethics_trainer.content.model import Option, Question, QuestionKind
from ethics_trainer.interchange.answer_options import FALSE_LABEL, TRUE_LABEL
from ethics_trainer.interchange.gift import (
    escape_gift,
    extract_idnumber_and_tags,
    parse_gift,
    write_question,
)


def one(gift: str) -> Question:
    result = parse_gift(gift, "t.gift")
    assert result.skipped == []
    assert len(result.questions) == 1
    return result.questions[0].question


def table(question: Question) -> list[tuple[str, float, str]]:
    return [(o.text, o.weight, o.feedback) for o in question.options]


# -- types we cannot run: reported, with the right type ---------------------------------------

SKIPPED_CASES = {
    "test_import_essay": ("\n// essay\n::Q8:: How are you? {}", "essay", "Q8"),
    "test_import_match": (
        "\n// question: 2  name: Moodle activities\n"
        "::Moodle activities::[html]Match the <b>activity</b> to the description.{\n"
        "    =[html]An activity supporting asynchronous discussions. -> Forum\n"
        "    =[moodle]A teacher asks a question and specifies a choice of multiple responses. -> Choice\n"
        "    =[plain]A bank of record entries which participants can add to. -> Database\n"
        "    =[markdown]A collection of web pages that anyone can add to or edit. -> Wiki\n"
        "    = -> Chat\n}",
        "matching",
        "Moodle activities",
    ),
    "test_import_numerical": (
        "\n// math range question\n::Q5:: What is a number from 1 to 5? {#3:2~#Completely wrong}",
        "numerical",
        "Q5",
    ),
    "test_import_shortanswer": (
        "\n// question: 666  name: Shortanswer\n::Shortanswer::Which is the best animal?{\n"
        "    =Frog#Good!\n    =%50%Cat#What is it with Moodlers and cats?\n"
        "    =%0%*#Completely wrong\n}",
        "short answer",
        "Shortanswer",
    ),
    "test_import_shortanswer_with_general_feedback": (
        "\n// question: 666  name: Shortanswer\n::Shortanswer::Which is the best animal?{\n"
        "    =Frog#Good!\n    =%50%Cat#What is it with Moodlers and cats?\n"
        "    =%0%*#Completely wrong\n    ####[html]Here is some general feedback!\n}",
        "short answer",
        "Shortanswer",
    ),
    "test_import_backslash": (
        "\n// essay\n::double backslash:: A \\\\ B \\\\\\\\ C{}",
        "essay",
        "double backslash",
    ),
    "test_import_pre_content": (
        "\n::Q001::[html]<p>What would running the test method print?</p>\n<pre>\n"
        "    public void test() \\{\n        method1();\n        method2();\n"
        "        method3();\n    \\}\n</pre>\n{}",
        "essay",
        "Q001",
    ),
    "test_import_question_with_tags": (
        "\n// This question is to test importing tags: [tag:tag] [tag:other-tag].\n"
        "// And an idnumber: [id:myid].\n::Question name:: How are you? {}",
        "essay",
        "Question name",
    ),
}


@pytest.mark.parametrize("case", sorted(SKIPPED_CASES))
def test_unsupported_types_are_reported(case: str) -> None:
    gift, kind, title = SKIPPED_CASES[case]
    result = parse_gift(gift, "t.gift")
    assert result.questions == []
    assert [(s.kind, s.title) for s in result.skipped] == [(kind, title)]
    line = result.skipped[0].line
    assert result.skipped[0].format() == f't.gift:{line}: skipped {kind} question "{title}"'
    assert gift.split("\n")[line - 1].lstrip().startswith("::")


# -- multiple choice ------------------------------------------------------------------------


def test_import_multichoice() -> None:
    q = one(
        "\n// multiple choice with specified feedback for right and wrong answers\n"
        "::Q2:: What's between orange and green in the spectrum?\n{\n"
        "    =yellow # right; good!\n    ~red # [html]wrong, it's yellow\n"
        "    ~[plain]blue # wrong, it's yellow\n}"
    )
    assert q.title == "Q2"
    assert q.stem == "What's between orange and green in the spectrum?"
    assert q.kind is QuestionKind.SINGLE  # 'single' => 1
    assert table(q) == [
        ("yellow", 1.0, "right; good!"),
        ("red", 0.0, "wrong, it's yellow"),
        ("blue", 0.0, "wrong, it's yellow"),
    ]
    assert q.correct_keys == ("a",)
    assert q.explanation == ""


def test_import_multichoice_multi() -> None:
    q = one(
        "\n// multiple choice, multiple response with specified feedback for right and wrong answers\n"
        "::colours:: What's between orange and green in the spectrum?\n{\n"
        "    ~%50%yellow # right; good!\n    ~%-100%red # [html]wrong\n"
        "    ~%50%off-beige # right; good!\n    ~%-100%[plain]blue # wrong\n}"
    )
    assert q.title == "colours"
    assert q.kind is QuestionKind.MULTIPLE  # 'single' => 0
    assert table(q) == [
        ("yellow", 0.5, "right; good!"),
        ("red", -1.0, "wrong"),
        ("off-beige", 0.5, "right; good!"),
        ("blue", -1.0, "wrong"),
    ]
    assert q.correct_keys == ("a", "c")


def test_import_multichoice_multi_tricky() -> None:
    q = one(
        "\n// multiple choice, multiple response with specified feedback for right and wrong answers\n"
        "::colours:: What's between orange and green in the spectrum?\n{\n"
        "    ~%100%yellow # right; good!\n    ~%-50%red # wrong\n    ~%-50%blue # wrong\n}"
    )
    assert q.kind is QuestionKind.MULTIPLE
    assert table(q) == [
        ("yellow", 1.0, "right; good!"),
        ("red", -0.5, "wrong"),
        ("blue", -0.5, "wrong"),
    ]


# -- true / false ---------------------------------------------------------------------------


def test_import_truefalse() -> None:
    q = one(
        "\n// true/false\n::Q1:: 42 is the Absolute Answer to everything.{\n"
        "FALSE#42 is the Ultimate Answer.#You gave the right answer.}"
    )
    assert q.stem == "42 is the Absolute Answer to everything."
    assert q.kind is QuestionKind.TRUE_FALSE
    # correctanswer 0; feedbacktrue = the "wrong" feedback, feedbackfalse = the "right" one
    assert [(o.text, o.correct, o.feedback) for o in q.options] == [
        (TRUE_LABEL, False, "42 is the Ultimate Answer."),
        (FALSE_LABEL, True, "You gave the right answer."),
    ]


@pytest.mark.parametrize("answer", ["T", "TRUE"])
def test_import_truefalse_true_answer(answer: str) -> None:
    q = one(f"// name 0-11\n::2-08 TSL::TSL is blablabla.{{{answer}}}")
    assert q.title == "2-08 TSL"
    assert q.stem == "TSL is blablabla."
    assert [(o.text, o.correct, o.feedback) for o in q.options] == [
        (TRUE_LABEL, True, ""),
        (FALSE_LABEL, False, ""),
    ]


def test_truefalse_general_feedback_from_fixture() -> None:
    # question/format/gift/tests/fixtures/questions.gift.txt (stray '";' kept, as Moodle does)
    q = one(
        "// true/false, with general feedback\n::Q1:: 42 is the Absolute Answer to everything.{\n"
        "FALSE#42 is the Ultimate Answer.#You gave the right answer.\n"
        "####This is, of course, a Hitchiker's Guide to the Galaxy reference.}\";"
    )
    assert q.explanation == "This is, of course, a Hitchiker's Guide to the Galaxy reference."
    assert q.stem == '42 is the Absolute Answer to everything._____";'


# -- idnumber and tags in comments ------------------------------------------------------------

ID_AND_TAG_CASES = {
    "blank comment": ("", [], ""),
    "nothing in comment": ("", [], "// A basic comment."),
    "idnumber only": ("frog", [], "// A comment with [id:frog] <-- an idnumber."),
    "tags only": ("", ["frog", "toad"], "// Look tags: [tag:frog] [tag:toad]."),
    "everything": ("four", ["add", "basic"], "// [tag:add] [tag:basic] [id:four]"),
    "everything mixed up": (
        "four",
        ["basic", "add"],
        "// [tag:  basic] Here is  \n// a [id:   four   ] que[tag:add   ]stion.",
    ),
    "split over line": ("", [], "// Ceci n'est pas une [tag:\n\\ frog]."),
    "escape ] idnumber": ("i]d", [], "// [id:i\\]d]."),
    "escape ] tag": ("", ["t]ag"], "// [tag:t\\]ag]."),
}


@pytest.mark.parametrize("case", sorted(ID_AND_TAG_CASES))
def test_extract_idnumber_and_tags_from_comment(case: str) -> None:
    ident, tags, comment = ID_AND_TAG_CASES[case]
    assert extract_idnumber_and_tags(comment) == (ident, tags)


def test_id_and_tags_reach_the_question() -> None:
    q = one("// [id:myid] [tag:tag] [tag:other-tag]\n::Question name:: How are you? {T}")
    assert q.id == "myid"
    assert q.tags == ("tag", "other-tag")


# -- export ---------------------------------------------------------------------------------


def _spectrum(kind: QuestionKind, wrong_weight: float) -> Question:
    """Moodle's q8: yellow is right, red and blue are wrong with ``wrong_weight`` each."""
    wrong = "wrong, it's yellow"
    return Question(
        id="q8",
        title="Q8",
        stem="What's between orange and green in the spectrum?",
        options=(
            Option("a", "yellow", True, 1.0, "right; good!"),
            Option("b", "red", False, wrong_weight, wrong),
            Option("c", "blue", False, wrong_weight, wrong),
        ),
        kind=kind,
    )


def test_export_multichoice() -> None:
    q = _spectrum(QuestionKind.SINGLE, 0.0)
    assert write_question(q) == (
        "// [id:q8]\n"
        "::Q8::[markdown]What's between orange and green in the spectrum?{\n"
        "\t=yellow#right; good!\n"
        "\t~red#wrong, it's yellow\n"
        "\t~blue#wrong, it's yellow\n"
        "}\n"
    )
    assert table(one(write_question(q))) == table(q)


def test_export_multichoice_multi_tricky() -> None:
    q = _spectrum(QuestionKind.MULTIPLE, -0.5)
    text = write_question(q)
    assert "\t~%100%yellow#right; good!\n\t~%-50%red#wrong, it's yellow\n" in text
    assert "\t~%-50%blue#wrong, it's yellow\n" in text
    back = one(text)
    assert back.kind is QuestionKind.MULTIPLE and table(back) == table(q)


def _true_statement(
    ident: str, title: str, stem: str, right: str, wrong: str, **fields: Any
) -> Question:
    """A true/false question whose answer is "True", with the feedback of each option."""
    options = (Option("a", "True", True, 1.0, right), Option("b", "False", False, 0.0, wrong))
    return Question(
        id=ident, title=title, stem=stem, options=options, kind=QuestionKind.TRUE_FALSE, **fields
    )


def test_export_truefalse() -> None:
    q = _true_statement(
        "q1",
        "Q1",
        "42 is the Absolute Answer to everything.",
        "You gave the right answer.",
        "42 is the Ultimate Answer.",
    )
    assert write_question(q).endswith(
        "::Q1::[markdown]42 is the Absolute Answer to everything."
        "{TRUE#42 is the Ultimate Answer.#You gave the right answer.}\n"
    )


def test_export_question_with_tags_and_idnumber() -> None:
    q = _true_statement(
        "myid",
        "True/false question",
        "The answer is true.",
        "This is the right answer.",
        "This is the wrong answer.",
        explanation="You should have selected true.",
        tags=("tag1", "tag2"),
    )
    assert write_question(q, q.tags) == (
        "// [id:myid] [tag:tag1] [tag:tag2]\n"
        "::True/false question::[markdown]The answer is true."
        "{TRUE#This is the wrong answer.#This is the right answer."
        "####You should have selected true.}\n"
    )
    back = one(write_question(q, q.tags))
    assert (back.id, back.tags, back.explanation) == ("myid", q.tags, q.explanation)


def test_export_backslash() -> None:
    # MDL-34171: a backslash is written doubled and read back single
    assert escape_gift("A \\ B \\\\ C") == "A \\\\ B \\\\\\\\ C"
    q = one("::double backslash:: A \\\\ B \\\\\\\\ C{=x ~y}")
    assert q.stem == "A \\\\ B \\\\\\\\ C"  # our Markdown escapes each literal backslash


# -- more of the GIFT syntax (examples.txt, the GIFT documentation) ---------------------------


def test_escaped_control_characters() -> None:
    q = one(
        "::GIFT Control Characters::\nWhich is NOT a control character? {\n"
        "   ~ \\~     # \\~ is a control character.\n"
        "   ~ \\=     # \\= is a control character.\n"
        "   ~ \\#     # \\# is a control character.\n"
        "   ~ \\{     # \\{ is a control character.\n"
        "   ~ \\}     # \\} is a control character.\n"
        "   = \\\\     # Correct! \\\\ (backslash) is not a control character.\n}"
    )
    # "=" and "#" alone would be Markdown structure: escaped, they render as themselves
    assert [o.text for o in q.options] == ["~", "\\=", "\\#", "{", "}", "\\\\"]
    assert q.options[0].feedback == "~ is a control character."
    assert q.correct_keys == ("f",)


def test_escaped_colon_and_newline() -> None:
    q = one("::Numeric\\: 1::First line\\nsecond\\: line{=a ~b}")
    assert q.title == "Numeric: 1"
    assert q.stem == "First line\nsecond: line"


def test_missing_word_choice_keeps_a_blank() -> None:
    q = one("Grant is {~buried =entombed ~living} in Grant's tomb.")
    assert q.stem == "Grant is _____ in Grant's tomb."
    assert q.kind is QuestionKind.SINGLE
    assert q.title == "Grant is … in Grant's tomb."


def test_partial_credit_single_choice_is_graded() -> None:
    q = one("Difficult question.{~wrong answer ~%50%half credit answer =full credit answer}")
    assert q.kind is QuestionKind.GRADED
    assert [o.weight for o in q.options] == [0.0, 0.5, 1.0]


def test_tilde_equals_answer_variant() -> None:
    q = one("::t::{~=It ~There} is good that you can come to the party.")
    assert [(o.text, o.correct) for o in q.options] == [("It", True), ("There", False)]
    assert q.stem == "_____ is good that you can come to the party."


@pytest.mark.parametrize(
    ("gift", "stem"),
    [
        ("[markdown]Who's buried in **Grant's tomb**?{=a ~b}", "Who's buried in **Grant's tomb**?"),
        ("[plain]2*3 <b>x</b>{=a ~b}", "2\\*3 &lt;b>x&lt;/b>"),
        ("[html]<p>A &amp; <i>B</i></p><p>C</p>{=a ~b}", "A & *B*\n\nC"),
        ("Moodle <b>auto</b> format{=a ~b}", "Moodle **auto** format"),
    ],
)
def test_text_formats(gift: str, stem: str) -> None:
    assert one(gift).stem == stem


def test_crlf_and_bom() -> None:
    text = "\ufeff// c\r\n::A::Q?{=a ~b}\r\n\r\n::B::R?{T}\r\n"
    result = parse_gift(text, "t.gift")
    assert [q.question.title for q in result.questions] == ["A", "B"]
    assert [q.question.line for q in result.questions] == [2, 4]


def test_category_applies_to_following_questions() -> None:
    result = parse_gift(
        "$CATEGORY: $course$/top/Unit 1\n\n::A::Q?{=a ~b}\n\n$CATEGORY: X\n\n::B::R?{T}", "t"
    )
    assert [q.category for q in result.questions] == ["$course$/top/Unit 1", "X"]


@pytest.mark.parametrize(
    ("gift", "kind"),
    [
        ("A description, no braces.", "description"),
        ("Two plus two equals {=four =4}.", "missing word"),
        ("::c::Pick {1:MC:~=a~b} and {1:SA:=x}", "cloze"),
        ("::b::Broken {=a ~b", "invalid"),
        ("::o::Only one {~=a}", "multiple choice"),
    ],
)
def test_more_unsupported_or_broken(gift: str, kind: str) -> None:
    result = parse_gift(gift, "t.gift")
    assert result.questions == []
    assert [s.kind for s in result.skipped] == [kind]
