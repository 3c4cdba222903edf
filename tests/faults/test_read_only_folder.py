"""A data folder the user cannot write: a short message in their language, exit 1 from the
CLI, and in the desktop app a message whose default button changes nothing — never a
traceback or "unexpected error", and the database is left exactly as it was.

Tests run as root, for whom no folder is read-only, so the child process runs as the
unprivileged user ``nobody`` (``setpriv --reuid=65534 --regid=65534 --clear-groups``) on a
folder it may read but not write. It needs a Python of the same version that ``nobody`` may
execute (the venv's interpreter may live under /root, mode 700; then Debian's
/usr/bin/python3.X is used with the venv's site-packages added) and a readable checkout. When
there is none, the tests are skipped with the path and the permission that is missing. Not
as root, the folder is simply made read-only (chmod a-w) for the current user.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import site
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from ethics_trainer.services import learners
from ethics_trainer.storage.db import open_database

ROOT = Path(__file__).resolve().parents[2]
NOBODY = 65534
AS_ROOT = os.geteuid() == 0


def blocked(path: Path, need: int) -> str | None:
    """Why ``nobody`` cannot reach ``path`` with ``need`` (S_IROTH/S_IXOTH), else None."""
    for parent in [*reversed(path.parents), path]:
        mode = parent.stat().st_mode
        wanted = need if parent == path else stat.S_IXOTH
        if not mode & wanted:
            return f"{parent} is mode {stat.filemode(mode)}: others lack {'r' if wanted == stat.S_IROTH else 'x'}"
    return None


def child_python() -> tuple[list[str], list[str], str | None]:
    """The interpreter ``nobody`` can run, the site folders to add, or why there is none."""
    if not AS_ROOT:
        return [sys.executable], [], None
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    reasons = []
    for candidate in (Path(sys.executable).resolve(), Path(f"/usr/bin/python{version}")):
        if not candidate.exists():
            continue
        reason = blocked(candidate, stat.S_IXOTH)
        if reason is None:
            sites = [p for p in site.getsitepackages() if Path(p).is_dir()]
            for folder in [ROOT, *map(Path, sites)]:
                if (why := blocked(folder, stat.S_IXOTH | stat.S_IROTH)) is not None:
                    return [], [], f"the code is not readable by nobody: {why}"
            return [str(candidate)], sites, None
        reasons.append(reason)
    return [], [], "no Python " + version + " that nobody may run: " + "; ".join(reasons)


PYTHON, SITES, WHY_NOT = child_python()
pytestmark = pytest.mark.skipif(WHY_NOT is not None, reason=f"{WHY_NOT}")


@pytest.fixture(params=["with-backups", "no-backups"])
def read_only_data(request) -> Iterator[Path]:  # type: ignore[no-untyped-def]
    """A used data folder (database with one person, cache, logs and, or not yet, backups)
    that nobody may write. Without a backups folder the app used to say "unexpected error"."""
    top = Path(tempfile.mkdtemp(prefix="ethics-ro-"))  # not under pytest's root-only tmp
    data = top / "data"
    subs = ("cache", "logs", "backups") if request.param == "with-backups" else ("cache", "logs")
    for sub in subs:
        (data / sub).mkdir(parents=True)
    db = open_database(f"sqlite:///{data / 'ethics-trainer.db'}")
    learners.create_learner(db, full_name="Nguyễn Văn An")
    db.dispose()
    home = top / "home"  # the child's own settings may be written here
    home.mkdir()
    top.chmod(0o755)
    for path in data.rglob("*"):
        path.chmod(0o555 if path.is_dir() else 0o444)
    data.chmod(0o555)
    home.chmod(0o777)
    try:
        yield data
    finally:
        for path in [data, *data.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        shutil.rmtree(top, ignore_errors=True)


def digest(data: Path) -> dict[str, str]:
    return {
        str(p.relative_to(data)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(data.rglob("*"))
        if p.is_file()
    }


def run_child(
    module: str, args: list[str], data: Path, **env: str
) -> subprocess.CompletedProcess[str]:
    boot = (
        "import runpy, site, sys\n"
        f"for folder in {SITES!r}: site.addsitedir(folder)\n"
        f"sys.argv = [{module!r}, *sys.argv[1:]]\n"
        f"runpy.run_module({module!r}, run_name='__main__', alter_sys=True)\n"
    )
    home = data.parent / "home"
    environment = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(ROOT),
        "PYTHONDONTWRITEBYTECODE": "1",
        "ETHICS_TRAINER_DATA_DIR": str(data),
        "ETHICS_TRAINER_CONTENT": str(ROOT / "content"),
        "QT_QPA_PLATFORM": "offscreen",
        **env,
    }
    command = [*PYTHON, "-c", boot, *args]
    if AS_ROOT:
        command = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]
    return subprocess.run(
        command, env=environment, cwd=home, capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize(
    ("language", "words"),
    [("vi", "chỉ đọc"), ("en", "read-only")],
)
def test_cli_says_read_only_and_exits_1(read_only_data, language, words) -> None:  # type: ignore[no-untyped-def]
    before = digest(read_only_data)
    done = run_child(
        "ethics_trainer",
        ["demo-data", "--learners", "3", "--force"],
        read_only_data,
        ETHICS_TRAINER_LANG=language,
        ETHICS_TRAINER_PASSWORD="quan-tri-123",
    )
    assert done.returncode == 1, done.stderr
    assert words in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and "Error" not in done.stderr
    assert len(done.stderr.strip().splitlines()) <= 3, done.stderr
    assert digest(read_only_data) == before


def test_app_shows_what_is_wrong_and_its_default_changes_nothing(read_only_data) -> None:  # type: ignore[no-untyped-def]
    before = digest(read_only_data)
    done = run_child("tests.faults.readonly_gui_child", [], read_only_data)
    lines = done.stdout.splitlines()
    assert "NO-BOX" not in lines, done.stdout
    boxes = [json.loads(line[4:]) for line in lines if line.startswith("BOX ")]
    assert boxes, f"no message box:\n{done.stdout}\n{done.stderr[-3000:]}"
    box = boxes[0]
    assert "chỉ đọc" in box["text"] and str(read_only_data) in box["text"], box
    assert "ngoài dự kiến" not in box["text"], box  # not "an unexpected error"
    assert box["informative"], box  # what to do
    assert box["default_role"] == "AcceptRole" and box["escape_is_default"], box
    assert set(box["roles"]) == {"AcceptRole"}, box  # nothing to restore or delete
    assert any(line.startswith("ENDED") for line in lines), done.stdout
    assert "Traceback" not in done.stdout
    assert digest(read_only_data) == before
