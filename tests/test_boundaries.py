"""The core is Qt-free: importing every module outside ethics_trainer.ui loads no PySide6."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import ethics_trainer


def core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(ethics_trainer.__path__, "ethics_trainer."):
        if info.name.startswith("ethics_trainer.ui") or ".migrations" in info.name:
            continue
        names.append(info.name)
    return names


def test_core_modules_exist() -> None:
    names = core_modules()
    assert "ethics_trainer.content.loader" in names
    assert "ethics_trainer.services.attempts" in names
    assert "ethics_trainer.storage.models" in names


def test_no_pyside_outside_ui() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith('PySide6') or m.startswith('shiboken'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"Qt loaded by core modules: {result.stdout}"
