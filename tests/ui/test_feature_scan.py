"""PySide6's import hook asks whether each imported module uses PySide6 (feature_scan.py):
ours and the standard library's are answered from their names and paths, any other module is
still read the way PySide6 reads it (issue #17)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import platformdirs
import pytest

import ethics_trainer.clock
from ethics_trainer.ui.feature_scan import in_standard_library


def test_the_standard_library_is_known_by_its_path() -> None:
    assert in_standard_library(json)
    assert not in_standard_library(sys)  # built in: no file, PySide6 answers it without reading
    assert not in_standard_library(platformdirs)  # installed, in site-packages
    assert not in_standard_library(ethics_trainer.clock)


@pytest.mark.parametrize(("text", "answer"), [("from PySide6 import QtCore", 0), ("x = 1", -1)])
def test_another_module_is_still_read(tmp_path: Path, monkeypatch, text: str, answer: int) -> None:
    """0: "uses PySide6, no feature selected"; -1: "ignore this module" (PySide6's values)."""
    import ethics_trainer.ui  # noqa: F401 (installs the answer)

    name = f"et_scan_probe_{answer + 1}"
    (tmp_path / f"{name}.py").write_text(f"# {text}\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, name, raising=False)
    __import__(name)  # an import statement's path: PySide6's hook sees it
    feature = sys.modules["shibokensupport.feature"]
    assert feature.pyside_feature_dict[name] == answer
