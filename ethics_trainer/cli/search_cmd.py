"""``ethics-trainer search QUERY [--limit N]``: find lessons and questions from the shell.

Contract: one hit per line, ``<title>\\t<id>`` (title with its diacritics), best first; exit 0,
also when nothing matches (a short note then goes to stderr). Content editors use it to ask
"which questions mention quà tặng?". The index is the app's cache file, rebuilt when the
content changed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("search", help="search lessons and questions (diacritics optional)")
    parser.add_argument("query", nargs="+", help="words to look for, e.g. 'qua tang'")
    parser.add_argument("--limit", type=int, default=50, metavar="N", help="at most N hits")
    parser.set_defaults(handler=run)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def run(args: argparse.Namespace) -> int:
    from ethics_trainer.cli.main import paths_from_args
    from ethics_trainer.content.loader import load_library
    from ethics_trainer.errors import UserError
    from ethics_trainer.i18n import tr
    from ethics_trainer.study.search_index import (
        default_index_path,
        ensure_index,
        search_or_rebuild,
    )

    paths = paths_from_args(args)
    library = load_library(paths.content_dir)
    query = " ".join(args.query)
    limit = max(args.limit, 0)
    index = default_index_path(paths.cache_dir)
    try:
        ensure_index(library, index)
    except (OSError, UserError):
        # The cache folder cannot be written (read-only profile, full disk): index in a
        # throwaway folder; when that fails too, the error boundary says why (exit 1).
        with tempfile.TemporaryDirectory() as scratch:
            index = Path(scratch) / "search.sqlite"
            ensure_index(library, index)
            hits = search_or_rebuild(library, index, query, limit)
    else:
        # A damaged index is rebuilt, never read as "no results".
        hits = search_or_rebuild(library, index, query, limit)
    out = sys.stdout
    if hasattr(out, "reconfigure"):
        out.reconfigure(errors="replace")  # a legacy Windows console must not crash the listing
    for hit in hits:
        out.write(f"{_one_line(hit.title)}\t{hit.id}\n")
    if not hits:
        print(tr("study.search.no_hits", query=query), file=sys.stderr)
    return 0
