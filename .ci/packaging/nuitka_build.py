"""Builds the one-folder desktop app with Nuitka: ``dist/ethics-trainer/``.

    .venv/bin/python .ci/packaging/nuitka_build.py          # Linux (build-linux.sh runs it)
    .venv\\Scripts\\python.exe .ci\\packaging\\nuitka_build.py  # Windows (build.ps1 runs it)

Why Nuitka, and why this variant: bench/notes/41-packaging-choice.md measured it against the
other packagers (starts sooner, smaller download). Only ``ethics_trainer`` is compiled to C; every
third-party package ships as bytecode (``--noinclude-custom-mode=NAME:bytecode``), which
takes the build from ≈ 95 to ≈ 15 CPU-minutes for the same start time. ccache is used when it
is on PATH (Nuitka finds it), ``--jobs`` is the CPU count, and on POSIX the compiler runs at
``nice -n 5`` so a developer's machine stays usable.

Two programs, as the .deb, the menu entry and the installer expect: ``ethics-trainer`` (the
CLI; with no subcommand it opens the app) and ``ethics-trainer-gui`` (the app). On Linux they
are one binary and a symlink: a console is not a property of an ELF file. On Windows it is a
property of the .exe (its PE subsystem), and Nuitka compiles our package into the .exe, so a
second build with ``--windows-console-mode=disable`` makes ``ethics-trainer-gui.exe`` (Nuitka's
caches should make it short; not measured: no Windows machine here) and only that .exe is copied beside the first: both load the
same DLLs and extension modules. One ``attach``-mode .exe was not chosen: cmd.exe and
PowerShell do not wait for a windowed program, so ``ethics-trainer check`` would return at
once, without its exit status, and ``admin set-password`` could not read its input.

Standard library only: it runs before anything else is known to work, and bench/packaging.py
imports it to measure the same build.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist" / "ethics-trainer"
WORK = ROOT / "build" / "nuitka"
WINDOWS = sys.platform == "win32"
EXE = ".exe" if WINDOWS else ""
# The run dependencies (top-level import names) shipped as bytecode: Nuitka then compiles only
# our package (and Qt's glue, its PySide6 plugin's business) to C. tests/delivery checks that
# every dependency in pyproject.toml is listed.
THIRD_PARTY = (
    "alembic", "annotated_types", "babel", "cffi", "cryptography", "defusedxml", "docx",
    "et_xmlfile", "fontTools", "fpdf", "lxml", "mako", "markdown", "markupsafe", "openpyxl",
    "packaging", "PIL", "platformdirs", "psycopg", "psycopg_binary", "pycparser", "pydantic",
    "pydantic_core", "segno", "sqlalchemy", "sqlmodel", "typing_extensions",
    "typing_inspection", "yaml", "zxingcpp",
)  # fmt: skip
# Setuptools' pkg_resources comes in through an import and brings its vendored helpers: bytecode
# too (the previous round found ≈ 20 of their modules compiled to C for nothing).
VENDORED = ("backports", "jaraco", "more_itertools", "pkg_resources", "tomli", "zipp")
# Never in the bundle: test and development tools (and Tk, which the app does not use). CI
# builds in the test .venv, where an optional import in a dependency found mypy (62 compiled
# modules, ≈ 47 MB) and would find pygments (Markdown's code highlighting, unused here).
LEFT_OUT = (
    "pytest", "hypothesis", "mypy", "mypyc", "pygments", "tkinter", "IPython",
    "ethics_trainer.bundled_content",
)  # fmt: skip


def tool_options() -> list[str]:
    """How Nuitka runs whatever it builds (bench/packaging_bare.py builds a bare Qt window with
    the same): one folder, Qt's plugin, every core, no link-time optimisation (the measured
    builds had none; it lengthens the link)."""
    return [
        "--standalone",
        "--assume-yes-for-downloads",
        "--enable-plugin=pyside6",
        f"--jobs={os.cpu_count() or 1}",
        "--lto=no",
    ]


def options(out: Path, *, windowed: bool = False) -> list[str]:
    """Nuitka's command line for one build into ``out`` (``windowed``: the Windows .exe that
    opens no console window)."""
    name = "ethics-trainer-gui" if windowed else "ethics-trainer"
    platform: list[str] = []
    if WINDOWS:
        console = "disable" if windowed else "force"
        platform = [
            "--msvc=latest",
            f"--windows-console-mode={console}",
            "--windows-icon-from-ico=.ci/packaging/windows/ethics-trainer.ico",
        ]
    # A Windows checkout without symlinks holds ethics_trainer/bundled_content as a small text
    # file (the link's target): the course itself comes from content/ below, not that file.
    link = ROOT / "ethics_trainer" / "bundled_content"
    if link.is_file():
        platform.append("--noinclude-data-files=ethics_trainer/bundled_content")
    return [
        *tool_options(),
        "--include-package=ethics_trainer",  # subcommands are imported by name
        "--include-package-data=ethics_trainer",
        "--include-data-dir=content=ethics_trainer/bundled_content",
        "--include-module=sqlalchemy.dialects.sqlite",
        "--include-package=psycopg",
        *(f"--nofollow-import-to={module}" for module in LEFT_OUT),
        "--noinclude-pytest-mode=nofollow",
        "--noinclude-setuptools-mode=nofollow",
        "--noinclude-IPython-mode=nofollow",
        *(f"--noinclude-custom-mode={module}:bytecode" for module in THIRD_PARTY + VENDORED),
        *platform,
        f"--output-dir={out}",
        f"--report={out / 'compilation-report.xml'}",
        f"--output-filename={name}",
        str(ROOT / ".ci" / "packaging" / "launcher.py"),
    ]


def run_nuitka(python: Path, arguments: list[str]) -> float:
    """One Nuitka run with this checkout first on the path (whatever an editable install points
    at); returns its wall seconds."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    nice = [] if WINDOWS or not shutil.which("nice") else ["nice", "-n", "5"]
    started = time.perf_counter()
    subprocess.run([*nice, str(python), "-m", "nuitka", *arguments], cwd=ROOT, env=env, check=True)
    return time.perf_counter() - started


def finish(dist: Path) -> None:
    """Alembic reads its migration scripts as files (Nuitka ships our code only compiled), and
    the menu entry runs ``ethics-trainer-gui``: on POSIX a link to the one program."""
    source = ROOT / "ethics_trainer" / "storage" / "migrations"
    target = dist / "ethics_trainer" / "storage" / "migrations"
    for path in source.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            (target / path.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / path.relative_to(source))
    gui = dist / "ethics-trainer-gui"
    if not WINDOWS and not gui.is_symlink():
        gui.symlink_to("ethics-trainer")


def build(python: Path, dist: Path = DIST, work: Path = WORK) -> float:
    """The whole folder at ``dist`` (replaced); returns the wall seconds of the Nuitka runs."""
    seconds = run_nuitka(python, options(work))
    built = work / "launcher.dist"
    if WINDOWS:
        seconds += run_nuitka(python, options(work / "windowed", windowed=True))
        shutil.copy2(work / "windowed" / "launcher.dist" / "ethics-trainer-gui.exe", built)
    finish(built)
    if dist.exists():
        shutil.rmtree(dist)
    dist.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(built, dist)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", type=Path, default=Path(sys.executable), help="with Nuitka")
    parser.add_argument("--dist", type=Path, default=DIST, help="the folder to make")
    args = parser.parse_args()
    seconds = build(args.python, args.dist.resolve())
    print(f"Nuitka: {seconds:.0f} s wall", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
