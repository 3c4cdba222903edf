"""Moodle's Aiken tests (question/format/aiken/tests/*), ported, plus writer checks."""

from __future__ import annotations

import markdown

from ethics_trainer.content.model import Option, Question, QuestionKind
from ethics_trainer.interchange.aiken import aiken_problem, parse_aiken, write_aiken

# question/format/aiken/tests/fixtures/aiken_errors.txt (no final newline)
AIKEN_ERRORS = (
    "A question with too few answers\nA) Only answer\nANSWER: A\n\n"
    "A) Question not started\n\nANSWER: Question not started\n\n"
    "A good question\nA) Correct\nB) Incorrect\nANSWER: A\n\n"
    "A question started but not finished\nA) Correct-ish\nB) Incorrect-ish\n\n"
    "A second good question\nA)Incorrect (No space)\nB)Correct (No space)\nANSWER: B\n\n"
    "A third good question with HTML chars such as > < &\n"
    "A) Correct (< > &)\nB) Incorrect (< > &)\nANSWER: A"
)


def test_readquestions() -> None:
    from ethics_trainer import i18n

    i18n.set_language("en")  # the reasons in their English form (conftest restores it)
    result = parse_aiken(AIKEN_ERRORS, "aiken_errors.txt")
    messages = [s.format() for s in result.skipped] + [p.format() for p in result.problems]
    # Moodle: "Error importing question A question with too few answers",
    # "Question must have at least 2 answers on line 3"
    assert any('"A question with too few answers"' in m and "line 3" in m for m in messages)
    # "Question not started on line 5" / "... on line 7"
    assert any(m.startswith("aiken_errors.txt:5: ") for m in messages)
    assert any(m.startswith("aiken_errors.txt:7: ") for m in messages)
    # "Error importing question A question started but not finished",
    # "Question not completed before next question start on line 18"
    assert any('"A question started but not finished"' in m and "line 18" in m for m in messages)
    assert len(result.questions) == 3
    q1, q2, q3 = (item.question for item in result.questions)
    assert q1.title == "A good question"
    assert [o.text for o in q1.options] == ["Correct", "Incorrect"]
    assert [o.weight for o in q1.options] == [1.0, 0.0]
    assert q2.title == "A second good question"
    assert [o.text for o in q2.options] == ["Incorrect (No space)", "Correct (No space)"]
    assert q2.correct_keys == ("b",)
    assert q3.title == "A third good question with HTML chars such as > < &"
    assert q3.correct_keys == ("a",)
    # Moodle stores 'Correct (&lt; &gt; &amp;)' as HTML; our Markdown renders to the same
    assert markdown.markdown(q3.options[0].text) == "<p>Correct (&lt; &gt; &amp;)</p>"
    assert markdown.markdown(q3.options[1].text) == "<p>Incorrect (&lt; &gt; &amp;)</p>"
    assert all(q.kind is QuestionKind.SINGLE for q in (q1, q2, q3))


def test_html_chars_in_stem() -> None:
    # question/format/aiken/tests/fixtures/questions.aiken.txt
    text = (
        "The Moodle project was started by:\nA) Petr Skoda\nB) Martin Dougiamas\n"
        "C) Eloy Lafuente\nD) Tim Hunt\nANSWER: B\n\n"
        'Moodle\'s abilities include handling user input that includes <html class="cool"> '
        "& images:\nA) True\nB) False\nANSWER: A\n"
    )
    result = parse_aiken(text, "q.txt")
    assert result.complete and len(result.questions) == 2
    stem = result.questions[1].question.stem
    assert markdown.markdown(stem) == (
        "<p>Moodle's abilities include handling user input that includes "
        '&lt;html class="cool"&gt; &amp; images:</p>'
    )


def _mc(stem: str, texts: list[str], answer: int, kind: QuestionKind) -> Question:
    options = tuple(
        Option(chr(97 + i), t, i == answer, 1.0 if i == answer else 0.0)
        for i, t in enumerate(texts)
    )
    return Question(id="x", title=stem, stem=stem, options=options, kind=kind)


def test_export_questions() -> None:
    # qformat_aiken_export_test: only single-answer multichoice is written
    one_of_four = _mc(
        "Which is the oddest number?", ["One", "Two", "Three", "Four"], 0, QuestionKind.SINGLE
    )
    two_of_four = Question(
        id="y",
        title="t",
        stem="Which are odd?",
        kind=QuestionKind.MULTIPLE,
        options=(
            Option("a", "One", True, 1.0),
            Option("b", "Two", False, 0.0),
            Option("c", "Three", True, 1.0),
        ),
    )
    assert aiken_problem(two_of_four)
    assert aiken_problem(one_of_four) == ""
    assert write_aiken([one_of_four]) == (
        "Which is the oddest number?\nA) One\nB) Two\nC) Three\nD) Four\nANSWER: A\n"
    )


def test_export_multiline_question() -> None:
    q = _mc("Which is the\n\noddest number?", ["One", "Two"], 0, QuestionKind.SINGLE)
    assert write_aiken([q]).startswith("Which is the oddest number?\nA) One\n")


def test_cr_only_and_no_blank_lines() -> None:
    text = "Q1?\rA. a\rB. b\rANSWER: B\rQ2?\rA) c\rB) d\rANSWER: A"
    result = parse_aiken(text, "t.txt")
    assert [q.question.correct_keys for q in result.questions] == [("b",), ("a",)]
    assert [q.question.line for q in result.questions] == [1, 5]
