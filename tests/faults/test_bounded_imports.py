"""Imported files are bounded: a size limit, regular files only, never a blocking read.

Importing ``/dev/zero`` was killed by the kernel at 24 GB and a FIFO hung the command. Tests
never open a real device: a sparse file stands for the endless one, a FIFO is made in tmp.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from ethics_trainer.cli.main import main
from ethics_trainer.errors import InputRefused
from ethics_trainer.fileio.bounded_read import IMPORT_LIMIT, read_bytes_bounded
from ethics_trainer.interchange.formats import read_source, read_source_bytes

from .cli_child import english_messages, run_cli


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with english_messages():
        yield


def test_oversized_import_is_refused_without_reading(tmp_path, capsys) -> None:
    huge = tmp_path / "huge.gift"
    with huge.open("wb") as handle:
        handle.truncate(IMPORT_LIMIT + 1)  # sparse: no disk used
    with pytest.raises(InputRefused) as caught:
        read_source(huge)
    assert "file too large" in caught.value.message and "limit 64.0 MB" in caught.value.message
    code = main(["import", str(huge), "--to", str(tmp_path / "c")])
    err = capsys.readouterr().err
    assert code == 1 and "file too large" in err and "Traceback" not in err
    assert not (tmp_path / "c").exists()


def test_fifo_import_is_refused_not_hung(tmp_path) -> None:
    fifo = tmp_path / "pipe.gift"
    os.mkfifo(fifo)
    # In a child: if the read blocked, the guard timeout ends it (and the test fails).
    done = run_cli(
        "--data-dir",
        str(tmp_path / "d"),
        "import",
        str(fifo),
        "--to",
        str(tmp_path / "c"),
        timeout=120,
    )
    assert done.returncode == 1
    assert f"{fifo}: not a regular file" in done.stderr and "Traceback" not in done.stderr


def test_binary_formats_read_bounded(tmp_path) -> None:
    small = tmp_path / "a.docx"
    small.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert read_source_bytes(small) == small.read_bytes()
    with pytest.raises(InputRefused):
        read_source_bytes(small, limit=10)
    with pytest.raises(InputRefused):
        read_bytes_bounded(tmp_path, 10)  # a folder


def test_missing_import_keeps_its_message(tmp_path) -> None:
    with pytest.raises(Exception) as caught:
        read_source(tmp_path / "missing.gift")
    assert str(caught.value) == f"{tmp_path / 'missing.gift'}: file not found"
