"""Shipped bundle against the venv: bundle size and start time of the same commands.

    bash .ci/bootstrap package                       # builds dist/ethics-trainer (Nuitka)
    .venv/bin/python bench/packaging.py [--runs 7]   # the shipped bundle against the venv
    .venv/bin/python bench/packaging.py --compare    # also builds and measures PyInstaller's

The shipped bundle is Nuitka's (.ci/packaging/nuitka_build.py: our package compiled to C,
the third-party packages as bytecode), chosen by this comparison (bench/notes/41). To measure
the choice again, ``--compare`` builds the same program with PyInstaller
(bench/pyinstaller/ethics-trainer.spec) in a venv of its own, ``build/pyinstaller-venv`` (the
run lock plus PYINSTALLER_REQUIREMENTS, made once), into ``build/pyinstaller-dist/``, never
part of CI or of the product; ``--pyinstaller-dist DIR`` measures a build made earlier and
``--nuitka-dist DIR`` another Nuitka build instead of dist/ethics-trainer. The packagers' own
overhead, on a bare Qt program, is bench/packaging_bare.py. Briefcase is not built: see
docs/packaging.md for why.

Every program is measured in the same run, interleaved (venv, Nuitka, PyInstaller, venv, …),
so a change of load on a shared machine hits them alike; figures are medians of fresh
processes and ratios to the venv run (the baseline). Rows:

* ``--version`` and ``check`` of the bundled course: start → exit;
* window shown: start → the main window is mapped on a virtual screen (an Xvfb of the
  bench's own), found by polling ``xdotool`` every 10 ms; the process is then killed;
* size: the folder on disk, gzip-compressed (what a download or an installer carries), and
  the .deb that ``bash .ci/bootstrap package`` made from the shipped folder.

Writes bench/packaging.json and prints a Markdown table for bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import importlib.util
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
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
SHIPPED_DIST = ROOT / "dist" / "ethics-trainer"
PYINSTALLER_VENV = ROOT / "build" / "pyinstaller-venv"
PYINSTALLER_OUT = ROOT / "build" / "pyinstaller-dist"
PYINSTALLER_SPEC = ROOT / "bench" / "pyinstaller" / "ethics-trainer.spec"
# What --compare installs beside the run lock: the PyInstaller the product shipped until it
# moved to Nuitka (the versions its lock held), so a new figure compares with the old ones.
PYINSTALLER_REQUIREMENTS = (
    "pyinstaller==6.22.3",
    "pyinstaller-hooks-contrib==2026.9",
    "altgraph==0.17.5",
)


def _load_build() -> ModuleType:
    """The product's build script (.ci/packaging/nuitka_build.py, not a package: it runs before
    anything is installed), so the bench measures and rebuilds exactly what ships."""
    path = ROOT / ".ci" / "packaging" / "nuitka_build.py"
    spec = importlib.util.spec_from_file_location("nuitka_build", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


nuitka_build = _load_build()
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


def pyinstaller_python() -> Path:
    """A Python with PyInstaller beside the run lock: build/pyinstaller-venv, made once (the
    product's venv holds Nuitka, not PyInstaller)."""
    python = PYINSTALLER_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PYINSTALLER_VENV)], check=True)
        pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        subprocess.run([*pip, "--require-hashes", "-r", str(ROOT / ".ci/lock/run.txt")], check=True)
        subprocess.run([*pip, *PYINSTALLER_REQUIREMENTS], check=True)
        subprocess.run([*pip, "--no-deps", "--no-build-isolation", "-e", str(ROOT)], check=True)
    return python


def build_pyinstaller() -> Path:
    """The same program as the shipped one, by PyInstaller (at ``nice -n 5``: the machine may
    be shared); returns its folder."""
    started = time.perf_counter()
    subprocess.run(
        [
            "nice", "-n", "5", str(pyinstaller_python()), "-m", "PyInstaller", "--noconfirm",
            "--log-level=WARN", f"--distpath={PYINSTALLER_OUT}",
            f"--workpath={ROOT / 'build' / 'pyinstaller-work'}", str(PYINSTALLER_SPEC),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )  # fmt: skip
    print(f"PyInstaller build: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return PYINSTALLER_OUT / "ethics-trainer"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--compare", action="store_true", help="also build and time PyInstaller")
    parser.add_argument("--pyinstaller-dist", type=Path, help="time this PyInstaller build")
    parser.add_argument("--nuitka-dist", type=Path, default=SHIPPED_DIST, help="another Nuitka")
    parser.add_argument("--no-window", action="store_true", help="skip the window row")
    args = parser.parse_args()
    nuitka: Path = args.nuitka_dist
    if not (nuitka / "ethics-trainer").exists():
        print(f"no bundle in {nuitka}: run `bash .ci/bootstrap package` first", file=sys.stderr)
        return 1
    programs = [
        Program("venv", VENV / "bin" / "ethics-trainer", VENV / "bin" / "ethics-trainer-gui", VENV),
        Program("Nuitka", nuitka / "ethics-trainer", nuitka / "ethics-trainer-gui", nuitka),
    ]
    pyinstaller: Path | None = args.pyinstaller_dist
    if args.compare and pyinstaller is None:
        pyinstaller = build_pyinstaller()
    if pyinstaller is not None:
        programs.append(
            Program(
                "PyInstaller",
                pyinstaller / "ethics-trainer",
                pyinstaller / "ethics-trainer-gui",
                pyinstaller,
            )
        )
    debs = sorted((ROOT / "dist").glob("*.deb"))
    print(
        compare(
            programs,
            args.runs,
            window=not args.no_window,
            commands=APP_COMMANDS,
            output=ROOT / "bench" / "packaging.json",
            deb=debs[-1] if debs and nuitka == SHIPPED_DIST else None,
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
    if deb is not None:  # made from the shipped folder, the second program
        sizes[programs[1].name]["deb_mb"] = deb.stat().st_size / 1e6
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
    if any("deb_mb" in sizes[n] for n in names):
        cells = ["—" if "deb_mb" not in sizes[n] else f"{sizes[n]['deb_mb']:.0f} MB" for n in names]
        lines.append("| `.deb` (gzip) | " + " | ".join(cells) + " |")
    return "\n".join(lines)  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
