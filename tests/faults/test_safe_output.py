"""Output files: written whole beside the target, renamed only over a regular file.

``-o`` onto a device, a folder, a FIFO or a symbolic link used to be replaced silently (the
writer renamed FILE.part over whatever was there); the GIFT/Aiken export wrote in place and
left half a file on a full disk. A full disk is simulated with a file-size limit
(RLIMIT_FSIZE, SIGXFSZ ignored so writes fail with EFBIG) in a child process — never a real
device.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from ethics_trainer.cli.main import main
from ethics_trainer.errors import DiskFull, InputRefused
from ethics_trainer.fileio.safe_write import atomic_open, write_bytes

from .cli_child import english_messages, run_cli


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with english_messages():
        yield


def test_symlink_target_is_refused_and_left_alone(tmp_path) -> None:
    real = tmp_path / "precious.txt"
    real.write_text("giữ nguyên", "utf-8")
    link = tmp_path / "out.csv"
    link.symlink_to(real)
    with pytest.raises(InputRefused) as caught:
        write_bytes(link, b"new")
    assert "symbolic link" in caught.value.message and str(link) in caught.value.message
    assert link.is_symlink() and real.read_text("utf-8") == "giữ nguyên"
    write_bytes(link, b"new", follow_links=True)  # the user said so: the target is replaced
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_fifo_and_folder_targets_are_refused(tmp_path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    for target in (fifo, folder):
        with pytest.raises(InputRefused) as caught:
            write_bytes(target, b"x")
        assert "not a regular file" in caught.value.message
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_failed_write_leaves_old_file_and_no_temp(tmp_path) -> None:
    target = tmp_path / "report.csv"
    target.write_text("old", "utf-8")
    with pytest.raises(RuntimeError), atomic_open(target, "w", encoding="utf-8") as handle:
        handle.write("half")
        raise RuntimeError("writer failed")
    assert target.read_text("utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.csv"]


def test_report_onto_symlink_exits_1_and_keeps_link(
    tmp_path, capsys, db_url, sample_content, monkeypatch
):
    from ethics_trainer.exams import passwords
    from ethics_trainer.storage.db import open_database

    db = open_database(db_url)
    passwords.set_password(db, "admin", "quan-tri-123")  # report needs the HR role
    db.dispose()
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", "quan-tri-123")
    real = tmp_path / "precious.txt"
    real.write_text("giữ nguyên", "utf-8")
    link = tmp_path / "out.csv"
    link.symlink_to(real)
    code = main(
        [
            "--database",
            db_url,
            "--content",
            str(sample_content),
            "report",
            "completions",
            "-o",
            str(link),
        ]
    )
    err = capsys.readouterr().err
    assert code == 1 and "symbolic link" in err and "Traceback" not in err
    assert link.is_symlink() and real.read_text("utf-8") == "giữ nguyên"


def test_gift_export_on_full_disk_keeps_old_file(tmp_path, sample_content) -> None:
    target = tmp_path / "bank.gift"
    target.write_text("// the previous export\n", "utf-8")
    args = [
        "--data-dir",
        str(tmp_path / "data"),
        "--content",
        str(sample_content),
        "export",
        "--format",
        "gift",
        "--to",
        str(target),
    ]
    # 200 bytes: the export's text is larger, the log's first line too; the data folder and
    # the temporary file can be created, but not filled.
    done = run_cli(*args, size_limit=200)
    assert done.returncode == 1, done.stderr
    assert "disk is full" in done.stderr and "previous file" in done.stderr
    assert "Traceback" not in done.stderr
    assert target.read_text("utf-8") == "// the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".part")) == []
    ok = run_cli(*args)
    assert ok.returncode == 0, ok.stderr
    assert "::" in target.read_text("utf-8")


def test_disk_full_in_process_is_disk_full(tmp_path) -> None:
    """The writer's own classification: ENOSPC from the file object is DiskFull."""
    import errno

    target = tmp_path / "x.bin"
    target.write_bytes(b"old")

    class Full:
        def write(self, _data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(DiskFull), atomic_open(target) as handle:
        Full().write(b"x")
        handle.write(b"never")
    assert target.read_bytes() == b"old"
