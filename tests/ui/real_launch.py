"""Launch the real app in a child process with a probe script (start-up tests, issue #17).

The probe runs what ``python -m ethics_trainer`` runs, after patching what it measures; the
child has its own data folder and settings (``XDG_CONFIG_HOME``) under ``tmp_path``, so two
launches in one test share them like two starts of one installation.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def launch(probe: str, tmp_path: Path) -> str:
    """The probe's standard output; fails the test if the app did not end normally."""
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(ROOT),
        QT_QPA_PLATFORM="offscreen",
        ETHICS_TRAINER_DATA_DIR=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    env.pop("ETHICS_TRAINER_DATABASE_URL", None)
    env.pop("ETHICS_TRAINER_CONTENT", None)
    # set in this process by its own import of ethics_trainer.ui: the child sets it itself
    env.pop("QT_NO_GUI_THREADPOOL", None)
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout
