"""Checking the images a lesson or a question shows, when the content is loaded.

The reader shows only local files inside the content folder; a missing, outside, remote or
unreadable image (a link loop, a FIFO or device, a huge file) is reported with its line at
load time, so the author finds out from ``ethics-trainer check``, not a learner.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

from ethics_trainer.content.text import ProblemSink
from ethics_trainer.errors import InputRefused
from ethics_trainer.fileio.bounded_read import IMAGE_LIMIT, check_inside, human_size
from ethics_trainer.i18n import tr

IMAGE_RE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_IMG_RE = re.compile(r"<img\b[^>]*\bsrc\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
REMOTE_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def check_images(
    body: str, first_line: int, base: Path, roots: tuple[Path, ...], sink: ProblemSink
) -> None:
    """Report each image of ``body`` (file line ``first_line`` on) that cannot be shown."""
    if "![" not in body and "<" not in body:
        return  # no image syntax at all: skip the per-line scan (most stems)
    for offset, line in enumerate(body.split("\n")):
        for match in [*IMAGE_RE.finditer(line), *HTML_IMG_RE.finditer(line)]:
            target = match.group(1)
            number = first_line + offset
            if REMOTE_RE.match(target) or target.startswith("//"):
                sink.warning(number, tr("content.image_remote", target=target))
                continue
            problem = image_problem(base / target.split("#")[0], roots)
            if problem == "outside":
                sink.error(number, tr("content.image_outside", target=target))
            elif problem == "missing":
                sink.error(number, tr("content.image_missing", target=target))
            elif problem:
                sink.error(number, f"{target}: {problem}")


def image_problem(path: Path, roots: tuple[Path, ...]) -> str:
    """ "" for a usable image; "outside", "missing", or a translated reason (a link loop,
    a FIFO or device, too large): the viewer must never block on or load such a file."""
    try:
        resolved = check_inside(path, roots)
    except InputRefused as exc:
        return exc.reason if exc.reason == tr("faults.read.loop") else "outside"
    try:
        info = resolved.stat()
    except OSError:
        return "missing"
    if not stat.S_ISREG(info.st_mode):
        return tr("faults.read.not_regular")
    if info.st_size > IMAGE_LIMIT:
        return tr(
            "faults.read.too_large",
            size=human_size(info.st_size),
            limit=human_size(IMAGE_LIMIT),
        )
    return ""
