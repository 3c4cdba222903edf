"""The shipped bundle is Nuitka's, built by .ci/packaging/nuitka_build.py on Linux (CI) and
Windows; PyInstaller lives on only in the comparison (``bench/packaging.py --compare``), whose
table reads as the README shows it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench import packaging

ROOT = Path(__file__).resolve().parents[2]
build = packaging.nuitka_build
PRODUCT_PATH = [
    ROOT / ".ci" / "run",
    ROOT / ".ci" / "bootstrap",
    ROOT / ".ci" / "packaging" / "build-linux.sh",
    ROOT / ".ci" / "packaging" / "nuitka_build.py",
    ROOT / ".ci" / "packaging" / "windows" / "build.ps1",
    ROOT / ".ci" / "packaging" / "windows" / "installer.iss",
    *sorted((ROOT / ".github" / "workflows").glob("*.yml")),
]


def test_the_product_path_never_builds_the_alternative_packagers() -> None:
    for path in PRODUCT_PATH:
        text = path.read_text(encoding="utf-8")
        for word in ("--compare", "PyInstaller", "pyinstaller", "briefcase", ".spec"):
            assert word not in text, f"{path.name} mentions {word}"
    lock = (ROOT / ".ci" / "lock" / "package.txt").read_text(encoding="utf-8")
    assert re.search(r"^nuitka==", lock, re.MULTILINE), "the package lock has no Nuitka"
    assert not re.search(r"^pyinstaller", lock, re.MULTILINE), "PyInstaller is still locked"
    assert not list((ROOT / ".ci").rglob("*.spec"))


def test_linux_and_windows_builds_run_the_same_nuitka_script() -> None:
    linux = (ROOT / ".ci/packaging/build-linux.sh").read_text(encoding="utf-8")
    windows = (ROOT / ".ci/packaging/windows/build.ps1").read_text(encoding="utf-8")
    assert re.search(r"^\$PY \.ci/packaging/nuitka_build\.py ", linux, re.MULTILINE)
    assert re.search(r"^& \$py \.ci\\packaging\\nuitka_build\.py ", windows, re.MULTILINE)
    workflow = (ROOT / ".github/workflows/windows.yml").read_text(encoding="utf-8")
    assert ".ci\\packaging\\windows\\build.ps1" in workflow


def test_the_installer_packs_the_programs_the_windows_build_makes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The Start-menu entry runs ``ethics-trainer-gui.exe``: the windowed build must be named
    so (no console window), and the CLI build must keep its console (a console program that
    cmd.exe and PowerShell wait for)."""
    monkeypatch.setattr(build, "WINDOWS", True)
    cli = build.options(Path("out"))
    gui = build.options(Path("out"), windowed=True)
    assert "--windows-console-mode=force" in cli and "--output-filename=ethics-trainer" in cli
    assert "--windows-console-mode=disable" in gui
    assert "--output-filename=ethics-trainer-gui" in gui
    installer = (ROOT / ".ci/packaging/windows/installer.iss").read_text(encoding="utf-8")
    shortcuts = re.findall(r'Filename: "\{app\}\\([^"]+)"', installer)
    assert shortcuts and set(shortcuts) == {"ethics-trainer-gui.exe"}
    assert 'Source: "..\\..\\..\\dist\\ethics-trainer\\*"' in installer
    monkeypatch.setattr(build, "WINDOWS", False)
    assert not [o for o in build.options(Path("out")) if o.startswith("--windows")]


def test_table_gives_ratios_to_the_venv(tmp_path: Path) -> None:
    programs = [
        packaging.Program(name, tmp_path, tmp_path, tmp_path)
        for name in ("venv", "Nuitka", "PyInstaller")
    ]
    rows = [
        {
            "figure": "start → exit, `--version`",
            "seconds": {"venv": 0.1, "Nuitka": 0.2, "PyInstaller": 0.5},
        }
    ]
    sizes = {
        "venv": {"disk_mb": 500.0},
        "Nuitka": {"disk_mb": 300.0, "gzip_mb": 100.0, "deb_mb": 101.0},
        "PyInstaller": {"disk_mb": 250.0, "gzip_mb": 120.0},
    }
    lines = packaging.table(programs, rows, sizes).splitlines()
    assert lines[0] == "| figure | venv | Nuitka | PyInstaller |"
    assert lines[2] == "| start → exit, `--version` | 0.100 s | 0.200 s (2.00×) | 0.500 s (5.00×) |"
    assert lines[3] == "| size on disk | 500 MB | 300 MB (0.60×) | 250 MB (0.50×) |"
    assert lines[4] == "| folder as .tar.gz | — | 100 MB | 120 MB |"
    assert lines[5] == "| `.deb` (gzip) | — | 101 MB | — |"


def test_compressed_size_counts_a_real_archive(tmp_path: Path) -> None:
    folder = tmp_path / "app"
    folder.mkdir()
    (folder / "random.bin").write_bytes(bytes(range(256)) * 4000)  # compresses well
    assert 0 < packaging.compressed_mb(folder) < packaging.folder_mb(folder) / 10


def test_a_nuitka_folder_gets_the_migration_scripts_and_the_windowed_name(tmp_path: Path) -> None:
    dist = tmp_path / "launcher.dist"
    dist.mkdir()
    build.finish(dist)
    migrations = dist / "ethics_trainer" / "storage" / "migrations"
    assert (migrations / "env.py").is_file()
    assert len(list((migrations / "versions").glob("*.py"))) >= 4
    if sys.platform == "win32":  # there the windowed program is a second .exe, not a link
        assert not (dist / "ethics-trainer-gui").exists()
    else:  # relative: it survives the move to dist/ and into /opt
        assert os.readlink(dist / "ethics-trainer-gui") == "ethics-trainer"
    build.finish(dist)  # finishing twice (a rebuild into the same folder) is no error


def test_the_venv_runs_the_bare_program_as_a_script_before_its_arguments(tmp_path: Path) -> None:
    python = tmp_path / "python"
    program = packaging.Program("venv", python, python, tmp_path, args=("bare.py",))
    assert program.command(program.cli, "--quit") == [str(python), "bare.py", "--quit"]
    bundle = packaging.Program("Nuitka", tmp_path / "app", tmp_path / "app", tmp_path)
    assert bundle.command(bundle.cli, "--version") == [str(tmp_path / "app"), "--version"]


def test_the_bare_program_answers_each_timed_command() -> None:
    """What bench/packaging_bare.py times must run and exit 0 (a broken program would time its
    own crash), and ``--version`` must not load Qt: it times the loader alone."""
    script = ROOT / "bench" / "bare_package_app.py"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for _figure, args in packaging.BARE_COMMANDS:
        done = subprocess.run(
            [sys.executable, str(script), *args], env=env, capture_output=True, timeout=120
        )
        assert done.returncode == 0, done.stderr.decode(errors="replace")
    probe = (
        "import runpy, sys\n"
        "sys.argv = ['bare', '--version']\n"
        "try:\n"
        f"    runpy.run_path({str(script)!r}, run_name='__main__')\n"
        "except SystemExit as done:\n"
        "    assert done.code == 0\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was loaded'\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode(errors="replace")


def test_the_bytecode_build_ships_every_run_dependency_as_bytecode() -> None:
    """The shipped build compiles only our package to C: a dependency added to pyproject.toml
    but not to THIRD_PARTY would be compiled too (an hour-long build again)."""
    import tomllib
    from importlib.metadata import packages_distributions

    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {Requirement(dep).name.lower().replace("_", "-") for dep in project["dependencies"]}
    imports = {
        name
        for name, dists in packages_distributions().items()
        if any(d.lower().replace("_", "-") in wanted for d in dists) and not name.startswith("_")
    }
    # Qt's bindings are Nuitka's PySide6 plugin's business (extension modules, as in a bare app).
    qt = {name for name in imports if name.split("/")[0].lower().startswith(("pyside", "shiboken"))}
    missing = sorted(imports - qt - set(build.THIRD_PARTY))
    assert not missing, f"add to .ci/packaging/nuitka_build.py THIRD_PARTY: {missing}"
    options = build.options(Path("out"))
    for name in build.THIRD_PARTY:
        assert f"--noinclude-custom-mode={name}:bytecode" in options
    assert "--noinclude-custom-mode=ethics_trainer:bytecode" not in options
    for name in ("pytest", "hypothesis", "mypy", "pygments"):  # test-only: never in the bundle
        assert f"--nofollow-import-to={name}" in options
