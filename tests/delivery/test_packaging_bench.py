"""The packager comparison (``bench/packaging.py --compare``) is a developer's tool: CI never
builds the alternatives, and its table reads as the README shows it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bench import packaging

ROOT = Path(__file__).resolve().parents[2]


def test_ci_never_builds_the_alternative_packagers() -> None:
    ci = [ROOT / ".ci" / "run", ROOT / ".ci" / "bootstrap", ROOT / ".ci/packaging/build-linux.sh"]
    ci += sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    for path in ci:
        text = path.read_text(encoding="utf-8")
        for word in ("--compare", "nuitka", "Nuitka", "briefcase"):
            assert word not in text, f"{path.name} mentions {word}"


def test_table_gives_ratios_to_the_venv(tmp_path: Path) -> None:
    programs = [
        packaging.Program(name, tmp_path, tmp_path, tmp_path)
        for name in ("venv", "PyInstaller", "Nuitka")
    ]
    rows = [
        {
            "figure": "start → exit, `--version`",
            "seconds": {"venv": 0.1, "PyInstaller": 0.5, "Nuitka": 0.2},
        }
    ]
    sizes = {
        "venv": {"disk_mb": 500.0},
        "PyInstaller": {"disk_mb": 250.0, "gzip_mb": 120.0, "deb_mb": 121.0},
        "Nuitka": {"disk_mb": 300.0, "gzip_mb": 100.0},
    }
    lines = packaging.table(programs, rows, sizes).splitlines()
    assert lines[0] == "| figure | venv | PyInstaller | Nuitka |"
    assert lines[2] == "| start → exit, `--version` | 0.100 s | 0.500 s (5.00×) | 0.200 s (2.00×) |"
    assert lines[3] == "| size on disk | 500 MB | 250 MB (0.50×) | 300 MB (0.60×) |"
    assert lines[4] == "| folder as .tar.gz | — | 120 MB | 100 MB |"
    assert lines[5] == "| `.deb` (gzip) | — | 121 MB | — |"


def test_compressed_size_counts_a_real_archive(tmp_path: Path) -> None:
    folder = tmp_path / "app"
    folder.mkdir()
    (folder / "random.bin").write_bytes(bytes(range(256)) * 4000)  # compresses well
    assert 0 < packaging.compressed_mb(folder) < packaging.folder_mb(folder) / 10


def test_a_nuitka_folder_gets_the_migration_scripts_and_the_windowed_name(tmp_path: Path) -> None:
    dist = tmp_path / "launcher.dist"
    dist.mkdir()
    packaging.finish_nuitka_dist(dist)
    migrations = dist / "ethics_trainer" / "storage" / "migrations"
    assert (migrations / "env.py").is_file()
    assert len(list((migrations / "versions").glob("*.py"))) >= 4
    assert (dist / "ethics-trainer-gui").is_symlink()


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
    """``--nuitka-bytecode`` compiles only our package to C: a dependency added to
    pyproject.toml but not to THIRD_PARTY would be compiled too (an hour-long build again)."""
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
    missing = sorted(imports - qt - set(packaging.THIRD_PARTY))
    assert not missing, f"add to bench/packaging.py THIRD_PARTY: {missing}"
    options = packaging.nuitka_options(bytecode=True)
    for name in packaging.THIRD_PARTY:
        assert f"--noinclude-custom-mode={name}:bytecode" in options
    assert not [o for o in packaging.nuitka_options() if o.startswith("--noinclude-custom-mode")]
