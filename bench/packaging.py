"""Packaged app against the venv: bundle size and start time of the same commands.

    bash .ci/bootstrap package                       # builds dist/ethics-trainer (PyInstaller)
    .venv/bin/python bench/packaging.py [--runs 7]   # PyInstaller bundle against the venv
    .venv/bin/python bench/packaging.py --compare    # also builds and measures a Nuitka bundle

``--compare`` is never part of CI: it makes ``build/nuitka-venv`` (the run lock plus Nuitka;
``--nuitka-python`` names another), compiles the same launcher with ``nuitka --standalone
--enable-plugin=pyside6`` (what ``pyside6-deploy`` runs) under ``nice -n 5`` into
``build/nuitka/launcher.dist``, then measures it beside the others; ``--nuitka-bytecode``
builds instead into ``build/nuitka-bytecode/`` with the third-party packages shipped as
bytecode (only ethics_trainer compiled to C: 15 CPU-minutes here, against ≈ 95 for the full
compile); ``--nuitka-dist DIR`` and ``--nuitka-bytecode-dist DIR`` measure builds made earlier
instead of building again. The packagers' own overhead,
on a bare Qt program, is bench/packaging_bare.py. Briefcase is not built: see
docs/packaging.md for why.

Every program is measured in the same run, interleaved (venv, PyInstaller, Nuitka, venv, …),
so a change of load on a shared machine hits them alike; figures are medians of fresh
processes and ratios to the venv run (the baseline). Rows:

* ``--version`` and ``check`` of the bundled course: start → exit;
* window shown: start → the main window is mapped on a virtual screen (an Xvfb of the
  bench's own), found by polling ``xdotool`` every 10 ms; the process is then killed;
* size: the folder on disk, and gzip-compressed (what a download or an installer carries).

Writes bench/packaging.json and prints a Markdown table for bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
PYINSTALLER_DIST = ROOT / "dist" / "ethics-trainer"
NUITKA_VENV = ROOT / "build" / "nuitka-venv"
NUITKA_OUT = ROOT / "build" / "nuitka"
NUITKA_BYTECODE_OUT = ROOT / "build" / "nuitka-bytecode"
# The run dependencies (top-level import names) that ``--nuitka-bytecode`` ships as bytecode,
# as PyInstaller ships everything: Nuitka then compiles only our package (and Qt's glue) to C.
THIRD_PARTY = (
    "alembic", "annotated_types", "babel", "cffi", "cryptography", "defusedxml", "docx",
    "et_xmlfile", "fontTools", "fpdf", "lxml", "mako", "markdown", "markupsafe", "openpyxl",
    "packaging", "PIL", "platformdirs", "psycopg", "psycopg_binary", "pycparser", "pydantic",
    "pydantic_core", "segno", "sqlalchemy", "sqlmodel", "typing_extensions",
    "typing_inspection", "yaml", "zxingcpp",
)  # fmt: skip
# What --compare installs beside the run lock (Nuitka's own helpers; patchelf comes from apt).
NUITKA_REQUIREMENTS = ("nuitka==4.3.3", "ordered-set==4.1.0", "zstandard==0.25.0")
WINDOW_TIMEOUT = 120.0


@dataclass(frozen=True)
class Program:
    """One way of shipping the app: its CLI, its windowed program and its folder (``args`` go
    before each command's own: the venv runs the bare program as ``python script.py``)."""

    name: str
    cli: Path
    gui: Path
    folder: Path
    args: tuple[str, ...] = ()

    def command(self, program: Path, *args: str) -> list[str]:
        return [str(program), *self.args, *args]


# What is timed start → exit, as (figure, arguments): the app's commands, and the bare
# program's (bench/bare_package_app.py) that mirror them.
APP_COMMANDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("start → exit, `--version`", ("--version",)),
    ("start → exit, `check` (bundled course)", ("check",)),
)
BARE_COMMANDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("start → exit, `--version` (Python only, no Qt)", ("--version",)),
    ("start → window shown offscreen → exit", ("--quit",)),
)


def folder_mb(path: Path) -> float:
    total = sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())
    return total / 1e6


class _Counter:
    """A write-only sink that counts bytes (the compressed size without writing a file)."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass


def compressed_mb(path: Path) -> float:
    """The folder as a .tar.gz at gzip's default level (the .deb uses gzip too)."""
    counter = _Counter()
    with (
        gzip.GzipFile(fileobj=counter, mode="wb", compresslevel=6) as zipped,
        tarfile.open(fileobj=zipped, mode="w|") as tar,
    ):
        tar.add(path, arcname=path.name)
    return counter.size / 1e6


def run_once(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, capture_output=True, check=True)
    return time.perf_counter() - start


def window_once(cmd: list[str], env: dict[str, str]) -> float:
    """Start → the app's main window is mapped (visible) on the X server; then kill it."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, env=env, stdout=log, stderr=log, start_new_session=True)
        try:
            while time.perf_counter() - start < WINDOW_TIMEOUT:
                found = subprocess.run(
                    ["xdotool", "search", "--onlyvisible", "--pid", str(process.pid)],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if found.stdout.strip():
                    return time.perf_counter() - start
                if process.poll() is not None:
                    log.seek(0)
                    tail = log.read().decode(errors="replace")[-2000:]
                    raise RuntimeError(f"{cmd[0]} exited ({process.returncode}):\n{tail}")
                time.sleep(0.01)
            raise RuntimeError(f"{cmd[0]}: no window after {WINDOW_TIMEOUT:.0f} s")
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextlib.contextmanager
def virtual_screen() -> Iterator[str]:
    """An Xvfb of our own (its display number chosen by the server), stopped afterwards.
    ``-noreset``: by default the server resets when its last client leaves, and a program
    started during the reset cannot connect ("could not connect to display") and aborts."""
    read, write = os.pipe()
    server = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            str(write),
            "-screen",
            "0",
            "1366x768x24",
            "-nolisten",
            "tcp",
            "-noreset",
        ],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait()


def measure(
    programs: list[Program],
    runs: int,
    display: str | None,
    commands: tuple[tuple[str, tuple[str, ...]], ...] = APP_COMMANDS,
) -> list[dict[str, object]]:
    """Each row: median seconds per program, the programs interleaved run by run."""
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "ETHICS_TRAINER_DATA_DIR": data, "ETHICS_TRAINER_LANG": "en"}
        env.pop("ETHICS_TRAINER_CONTENT", None)
        env.pop("ETHICS_TRAINER_DATABASE_URL", None)
        cli_env = {**env, "QT_QPA_PLATFORM": "offscreen"}
        gui_env = {**env, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display or ""}
        rows: list[dict[str, object]] = []

        def cli_case(args: tuple[str, ...]) -> Callable[[Program], float]:
            return lambda p: run_once(p.command(p.cli, *args), cli_env)

        cases = [(figure, cli_case(args)) for figure, args in commands]
        if display:
            cases.append(
                (
                    "start → main window shown (Xvfb)",
                    lambda p: window_once(p.command(p.gui), gui_env),
                )
            )
        for figure, once in cases:
            samples: dict[str, list[float]] = {p.name: [] for p in programs}
            for program in programs:
                once(program)  # warm-up: the page cache holds each program alike
            for _ in range(runs):
                for program in programs:
                    samples[program.name].append(once(program))
            medians = {name: statistics.median(values) for name, values in samples.items()}
            rows.append({"figure": figure, "seconds": medians})
    return rows


def nuitka_python(python: Path | None) -> Path:
    """A Python with Nuitka beside the run lock: the one given, or build/nuitka-venv (made once)."""
    if python is not None:
        return python
    python = NUITKA_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(NUITKA_VENV)], check=True)
        pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        subprocess.run([*pip, "--require-hashes", "-r", str(ROOT / ".ci/lock/run.txt")], check=True)
        subprocess.run([*pip, *NUITKA_REQUIREMENTS], check=True)
        subprocess.run([*pip, "--no-deps", "--no-build-isolation", "-e", str(ROOT)], check=True)
    return python


def run_nuitka(python: Path, options: list[str]) -> float:
    """One Nuitka build at ``nice -n 5`` (the machine is shared), this checkout first on the
    path whatever the venv's editable install points at; returns its wall seconds. Nuitka
    uses ccache by itself when it is on PATH (a rebuild then skips the C compiler)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    subprocess.run(
        ["nice", "-n", "5", str(python), "-m", "nuitka", *options], cwd=ROOT, env=env, check=True
    )
    return time.perf_counter() - started


def build_nuitka(python: Path | None, *, bytecode: bool = False) -> Path:
    """Compile the app with Nuitka (every module to C, or only ours with ``bytecode``);
    returns the dist folder."""
    seconds = run_nuitka(nuitka_python(python), nuitka_options(bytecode=bytecode))
    dist = (NUITKA_BYTECODE_OUT if bytecode else NUITKA_OUT) / "launcher.dist"
    finish_nuitka_dist(dist)
    print(f"Nuitka build: {seconds:.0f} s", file=sys.stderr)
    return dist


def nuitka_options(*, bytecode: bool = False) -> list[str]:
    """The same program as the PyInstaller spec: every subcommand, data, the bundled course.
    ``bytecode``: the third-party packages as bytecode (Nuitka's anti-bloat custom mode), so
    only ethics_trainer is compiled to C; what PyInstaller does for every module."""
    out = NUITKA_BYTECODE_OUT if bytecode else NUITKA_OUT
    custom = (
        [f"--noinclude-custom-mode={name}:bytecode" for name in THIRD_PARTY] if bytecode else []
    )
    return [
        "--standalone",
        "--assume-yes-for-downloads",
        "--enable-plugin=pyside6",
        "--jobs=2",
        "--lto=no",
        "--include-package=ethics_trainer",  # subcommands are imported by name
        "--include-package-data=ethics_trainer",
        "--include-data-dir=content=ethics_trainer/bundled_content",
        "--include-module=sqlalchemy.dialects.sqlite",
        "--include-package=psycopg",
        # What the PyInstaller spec excludes, so both bundles hold the same program.
        "--nofollow-import-to=pytest",
        "--nofollow-import-to=hypothesis",
        "--nofollow-import-to=tkinter",
        "--nofollow-import-to=IPython",
        "--noinclude-pytest-mode=nofollow",
        "--noinclude-setuptools-mode=nofollow",
        "--noinclude-IPython-mode=nofollow",
        "--nofollow-import-to=ethics_trainer.bundled_content",
        *custom,
        f"--output-dir={out.relative_to(ROOT)}",
        f"--report={(out / 'compilation-report.xml').relative_to(ROOT)}",
        "--output-filename=ethics-trainer",
        ".ci/packaging/launcher.py",
    ]


def finish_nuitka_dist(dist: Path) -> None:
    """Alembic reads its migration scripts as files (Nuitka ships code only compiled), and the
    menu entry runs a windowed program: a link named like PyInstaller's."""
    source = ROOT / "ethics_trainer" / "storage" / "migrations"
    target = dist / "ethics_trainer" / "storage" / "migrations"
    for path in source.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            (target / path.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / path.relative_to(source))
    gui = dist / "ethics-trainer-gui"
    if not gui.exists():
        gui.symlink_to("ethics-trainer")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--compare", action="store_true", help="also build and measure Nuitka")
    parser.add_argument("--nuitka-dist", type=Path, help="measure this Nuitka build (no compile)")
    parser.add_argument(
        "--nuitka-bytecode-dist", type=Path, help="measure this --nuitka-bytecode build too"
    )
    parser.add_argument("--nuitka-python", type=Path, help="a Python with Nuitka installed")
    parser.add_argument(
        "--nuitka-bytecode", action="store_true", help="--compare: third-party as bytecode"
    )
    parser.add_argument("--no-window", action="store_true", help="skip the window row")
    args = parser.parse_args()
    if not (PYINSTALLER_DIST / "ethics-trainer").exists():
        print("no bundle: run `bash .ci/bootstrap package` first", file=sys.stderr)
        return 1
    programs = [
        Program("venv", VENV / "bin" / "ethics-trainer", VENV / "bin" / "ethics-trainer-gui", VENV),
        Program(
            "PyInstaller",
            PYINSTALLER_DIST / "ethics-trainer",
            PYINSTALLER_DIST / "ethics-trainer-gui",
            PYINSTALLER_DIST,
        ),
    ]
    nuitka, nuitka_bytecode = args.nuitka_dist, args.nuitka_bytecode_dist
    if args.compare and args.nuitka_bytecode and nuitka_bytecode is None:
        nuitka_bytecode = build_nuitka(args.nuitka_python, bytecode=True)
    elif args.compare and nuitka is None:
        nuitka = build_nuitka(args.nuitka_python)
    for name, dist in (("Nuitka", nuitka), ("Nuitka, ours only in C", nuitka_bytecode)):
        if dist is not None:
            finish_nuitka_dist(dist)
            programs.append(
                Program(name, dist / "ethics-trainer", dist / "ethics-trainer-gui", dist)
            )
    debs = sorted((ROOT / "dist").glob("*.deb"))
    print(
        compare(
            programs,
            args.runs,
            window=not args.no_window,
            commands=APP_COMMANDS,
            output=ROOT / "bench" / "packaging.json",
            deb=debs[-1] if debs else None,
        )
    )
    return 0


def compare(
    programs: list[Program],
    runs: int,
    *,
    window: bool,
    commands: tuple[tuple[str, tuple[str, ...]], ...],
    output: Path,
    deb: Path | None = None,
) -> str:
    """Times and sizes of every program (the first is the baseline), written to ``output``
    as JSON; returns the Markdown table."""
    window = window and bool(shutil.which("Xvfb") and shutil.which("xdotool"))
    if window:
        with virtual_screen() as display:
            rows = measure(programs, runs, display, commands)
    else:
        rows = measure(programs, runs, None, commands)
    sizes = {p.name: {"disk_mb": folder_mb(p.folder)} for p in programs}
    for program in programs[1:]:
        sizes[program.name]["gzip_mb"] = compressed_mb(program.folder)
    if deb is not None:
        sizes["PyInstaller"]["deb_mb"] = deb.stat().st_size / 1e6
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    result = {
        "machine": f"{os.cpu_count()} cores, load average {load[0]:.1f} at the end",
        "runs": runs,
        "timings": rows,
        "sizes": sizes,
    }
    output.write_text(json.dumps(result, indent=2) + "\n")
    return table(programs, rows, sizes)


def table(
    programs: list[Program], rows: list[dict[str, object]], sizes: dict[str, dict[str, float]]
) -> str:
    names = [p.name for p in programs]
    head = "| figure | " + " | ".join(f"{n}" for n in names) + " |"
    lines = [head, "|---" * (len(names) + 1) + "|"]
    for row in rows:
        seconds: dict[str, float] = row["seconds"]  # type: ignore[assignment]
        base = seconds["venv"]
        cells = [
            f"{seconds[n]:.3f} s" + ("" if n == "venv" else f" ({seconds[n] / base:.2f}×)")
            for n in names
        ]
        lines.append(f"| {row['figure']} | " + " | ".join(cells) + " |")
    base_mb = sizes["venv"]["disk_mb"]
    cells = [
        f"{sizes[n]['disk_mb']:.0f} MB"
        + ("" if n == "venv" else f" ({sizes[n]['disk_mb'] / base_mb:.2f}×)")
        for n in names
    ]
    lines.append("| size on disk | " + " | ".join(cells) + " |")
    cells = ["—" if "gzip_mb" not in sizes[n] else f"{sizes[n]['gzip_mb']:.0f} MB" for n in names]
    lines.append("| folder as .tar.gz | " + " | ".join(cells) + " |")
    if "deb_mb" in sizes.get("PyInstaller", {}):
        cells = ["—" if "deb_mb" not in sizes[n] else f"{sizes[n]['deb_mb']:.0f} MB" for n in names]
        lines.append("| `.deb` (gzip) | " + " | ".join(cells) + " |")
    return "\n".join(lines)  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
