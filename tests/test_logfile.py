"""The log file: every warning and traceback reaches it, and its rotating handler is built only
when the first record arrives (the app's first paint does not import ``logging.handlers``)."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from ethics_trainer import logfile


@pytest.fixture
def log(tmp_path: Path):
    path = tmp_path / "logs" / logfile.LOG_NAME
    assert logfile.log_to_file(path) == path
    yield path
    logfile.close_logs()


def test_every_line_is_kept_across_rotations(log: Path, monkeypatch) -> None:
    monkeypatch.setattr(logfile, "MAX_BYTES", 400)
    logger = logging.getLogger("ethics_trainer.test_logfile")
    for n in range(6):
        logger.warning("dòng số %d %s", n, "x" * 100)
    logger.info("not a warning: not logged")
    try:
        raise RuntimeError("hỏng")
    except RuntimeError as exc:
        assert logfile.log_exception("failed", exc)
    for handler in logging.getLogger().handlers:
        handler.flush()
    kept = [log, log.with_name(log.name + ".1"), log.with_name(log.name + ".2")]
    assert all(p.exists() for p in kept)  # rotated, and no more than 3 files
    assert not log.with_name(log.name + ".3").exists()
    text = "".join(p.read_text(encoding="utf-8") for p in kept)
    assert "dòng số 5" in text and "Traceback" in text and "hỏng" in text
    assert "not a warning" not in text


def test_a_folder_that_cannot_be_written_is_reported(tmp_path: Path) -> None:
    (tmp_path / "logs").write_text("a file where the folder should be", encoding="utf-8")
    assert logfile.log_to_file(tmp_path / "logs" / logfile.LOG_NAME) is None


def test_the_rotating_handler_is_built_on_the_first_record(tmp_path: Path) -> None:
    path = tmp_path / "logs" / logfile.LOG_NAME
    code = (
        "import logging, sys\n"
        "from pathlib import Path\n"
        "from ethics_trainer.logfile import log_to_file\n"
        f"log_to_file(Path({str(path)!r}))\n"
        "print('logging.handlers' in sys.modules)\n"
        "logging.getLogger('x').warning('first line')\n"
        "print('logging.handlers' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.split() == ["False", "True"]
    assert "first line" in path.read_text(encoding="utf-8")
