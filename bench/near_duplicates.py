"""How often a final quiz draws two near-duplicate questions (issue #14).

    python -m bench.near_duplicates [CONTENT_DIR] [THRESHOLD]

Pairs are questions whose stem and correct answers share at least THRESHOLD (default 0.5) of
their content words (the token-set Jaccard of ``check --strict``, which errors at 0.6). The
course's final quiz is drawn 2,000 times with the app's own draw (variant groups honoured) and
the share of draws holding a pair is printed. A measurement, not a test: nothing is asserted.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ethics_trainer.content.lint_similarity import tokens
from ethics_trainer.content.loader import load_library
from ethics_trainer.paths import bundled_content_dir
from ethics_trainer.quiz.drawing import draw

DRAWS = 2000


def main(argv: list[str]) -> None:
    root = Path(argv[0]) if argv else bundled_content_dir()
    threshold = float(argv[1]) if len(argv) > 1 else 0.5
    course = load_library(root).courses[0]
    pool = course.final_pool()
    words = {
        q.id: tokens(" ".join([q.stem, *(o.text for o in q.options if o.weight >= 1 or o.correct)]))
        for q in pool
    }
    ids = list(words)
    near = {
        frozenset((a, b))
        for i, a in enumerate(ids)
        for b in ids[:i]
        if words[a]
        and words[b]
        and len(words[a] & words[b]) / len(words[a] | words[b]) >= threshold
    }
    count = course.final_quiz.questions if course.final_quiz else None
    hits = sum(
        any(pair <= {q.id for q in draw(pool, seed, count)} for pair in near)
        for seed in range(1, DRAWS + 1)
    )
    print(
        f"{len(pool)} questions, {len(near)} near-duplicate pairs (Jaccard >= {threshold}); "
        f"{hits}/{DRAWS} final quizzes of {count} hold a pair ({100 * hits / DRAWS:.1f}%)"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
