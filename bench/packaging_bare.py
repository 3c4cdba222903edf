"""The packagers' own overhead: the same bare PySide6 program by PyInstaller and by Nuitka.

    bash .ci/bootstrap package                                   # .venv with Nuitka
    .venv/bin/python -m bench.packaging_bare [--runs 7] [--nuitka-python PY]

The full app takes Nuitka an hour or more to compile on a 2-core machine; this program
(bench/bare_package_app.py: a QMainWindow, nothing else) takes minutes, so the two tools can
always be compared on the same machine in the same run. Builds into ``build/bare/`` when a
bundle is missing (PyInstaller one folder, stripped like bench/pyinstaller/ethics-trainer.spec,
from build/pyinstaller-venv as bench/packaging.py --compare makes it; Nuitka standalone with
its PySide6 plugin, from .venv), then times both beside the venv exactly as
bench/packaging.py times the app. Writes bench/packaging_bare.json and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from bench.packaging import (
    BARE_COMMANDS,
    ROOT,
    VENV,
    Program,
    compare,
    nuitka_build,
    pyinstaller_python,
)

SCRIPT = ROOT / "bench" / "bare_package_app.py"
OUT = ROOT / "build" / "bare"
NAME = "bare-package-app"
PYINSTALLER_DIST = OUT / "pyinstaller" / NAME
NUITKA_DIST = OUT / "nuitka" / "bare_package_app.dist"


def build_pyinstaller() -> float:
    """One folder, stripped and without tkinter, as bench/pyinstaller/ethics-trainer.spec does."""
    started = time.perf_counter()
    subprocess.run(
        [
            str(pyinstaller_python()),
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level=WARN",
            "--onedir",
            "--strip",
            f"--name={NAME}",
            f"--distpath={OUT / 'pyinstaller'}",
            f"--workpath={OUT / 'pyinstaller-work'}",
            f"--specpath={OUT / 'pyinstaller-work'}",
            "--exclude-module=tkinter",
            str(SCRIPT),
        ],
        cwd=ROOT,
        check=True,
    )
    return time.perf_counter() - started


def nuitka_bare_options() -> list[str]:
    """The app's Nuitka options (.ci/packaging/nuitka_build.py) less what only the app has."""
    return [
        *nuitka_build.tool_options(),
        "--nofollow-import-to=tkinter",
        "--noinclude-pytest-mode=nofollow",
        "--noinclude-setuptools-mode=nofollow",
        f"--output-dir={(OUT / 'nuitka').relative_to(ROOT)}",
        f"--output-filename={NAME}",
        str(SCRIPT.relative_to(ROOT)),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--nuitka-python", type=Path, help="a Python with Nuitka installed")
    parser.add_argument("--no-window", action="store_true", help="skip the window row")
    args = parser.parse_args()
    if not (VENV / "bin" / "python").exists():
        print("no .venv: run `bash .ci/bootstrap package` first", file=sys.stderr)
        return 1
    if not (PYINSTALLER_DIST / NAME).exists():
        print(f"PyInstaller build: {build_pyinstaller():.0f} s", file=sys.stderr)
    if not (NUITKA_DIST / NAME).exists():
        python = args.nuitka_python or VENV / "bin" / "python"
        seconds = nuitka_build.run_nuitka(python, nuitka_bare_options())
        print(f"Nuitka build: {seconds:.0f} s", file=sys.stderr)
    python = VENV / "bin" / "python"
    programs = [
        Program("venv", python, python, VENV, args=(str(SCRIPT),)),
        Program("PyInstaller", PYINSTALLER_DIST / NAME, PYINSTALLER_DIST / NAME, PYINSTALLER_DIST),
        Program("Nuitka", NUITKA_DIST / NAME, NUITKA_DIST / NAME, NUITKA_DIST),
    ]
    print(
        compare(
            programs,
            args.runs,
            window=not args.no_window,
            commands=BARE_COMMANDS,
            output=ROOT / "bench" / "packaging_bare.json",
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
