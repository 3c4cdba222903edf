"""Shared fixtures: every test gets its own data folder and SQLite file (never the real one)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
BUNDLED_CONTENT = ROOT / "content"
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point every path override at the test's own folder; a neutral locale (the CLI follows
    the locale's language), and the interface language restored after each test."""
    from ethics_trainer import i18n

    monkeypatch.setenv("ETHICS_TRAINER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("ETHICS_TRAINER_DATABASE_URL", raising=False)
    monkeypatch.delenv("ETHICS_TRAINER_CONTENT", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("LANG", "C.UTF-8")
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    language = i18n.current_language()
    yield
    i18n.set_language(language)
    _collect_on_main_thread()


def _collect_on_main_thread() -> None:
    """Once the GUI package is imported, Python's automatic collection is off (gc_pause.py,
    ui/toolkit/gui_gc.py) and only the GUI thread's timer collects; a test that runs no event
    loop gets its turn here."""
    import sys

    gui_gc = sys.modules.get("ethics_trainer.ui.toolkit.gui_gc")
    if gui_gc is not None:
        gui_gc.collect_if_due()


@pytest.fixture(autouse=True)
def _application_look_restored() -> Iterator[None]:
    """The application's style sheet, font and palette are as they were after every test:
    a test that changes the font size or theme (and the style sheet set with it) must not
    widen the next test's windows. Only when Qt is already in use (no PySide6 import here)."""
    import sys

    widgets = sys.modules.get("PySide6.QtWidgets")
    app = widgets.QApplication.instance() if widgets is not None else None
    if app is None:  # the test may create the application: no style sheet to start with
        yield
        widgets = sys.modules.get("PySide6.QtWidgets")
        app = widgets.QApplication.instance() if widgets is not None else None
        if app is not None and app.styleSheet():
            app.setStyleSheet("")
        return
    sheet, font, palette = app.styleSheet(), app.font(), app.palette()
    yield
    if app.styleSheet() != sheet:
        app.setStyleSheet(sheet)
    if app.font() != font:
        app.setFont(font)
    if app.palette() != palette:
        app.setPalette(palette)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def db(db_url: str) -> Iterator[object]:
    from ethics_trainer.storage.db import open_database

    database = open_database(db_url)
    yield database
    database.dispose()


SAMPLE_COURSE = """---
id: mau
title: Khoá mẫu
final_quiz:
  questions: 3
  minutes: 10
  pass_percent: 60
---
Khoá học dùng trong kiểm thử.
"""

SAMPLE_LESSON = """---
id: mau-l1
title: Đạo đức công vụ
minutes: 4
tags: [đạo đức]
sources: [Bài viết Tạp chí Cộng sản 11/2022]
---
# Đạo đức công vụ

Cần, kiệm, liêm, chính, chí công vô tư.

| Phẩm chất | Ý nghĩa |
|---|---|
| Cần | Siêng năng |

> Trích dẫn.
"""

SAMPLE_BANK = """---
id: mau-b1
title: Câu hỏi mẫu
lesson: mau-l1
---

## Phẩm chất cốt lõi

Phẩm chất cốt lõi của đạo đức công vụ là gì?

- [ ] Nhân, lễ, nghĩa
- [x] Cần, kiệm, liêm, chính, chí công vô tư
- [ ] Nhanh, gọn, rẻ

**Giải thích:** Theo tư tưởng Hồ Chí Minh.

**Nguồn:** S44

**Mã:** mau-q1

## Nhiều đáp án

Những việc nào CBCC không được làm khi tiếp dân?

- [x] Hách dịch
- [x] Gây phiền hà
- [ ] Lắng nghe

**Giải thích:** Luật CBCC.

**Nguồn:** Luật CBCC

**Mã:** mau-q2

## Đúng sai

Công chức được hẹn giải quyết hồ sơ ngoài giờ, ngoài cơ quan.

- [ ] Đúng
- [x] Sai

**Giải thích:** QĐ 522.

**Nguồn:** QĐ 522/QĐ-UBND

**Mã:** mau-q3

## Tình huống

Người dân nộp thiếu giấy tờ.

- [x] Hướng dẫn đầy đủ một lần bằng văn bản
  > Tốt nhất.
- [ ] (50%) Hướng dẫn miệng
  > Chấp nhận được.
- [ ] Từ chối nhận
  > Sai.

**Giải thích:** Hướng dẫn một lần.

**Nguồn:** Quy tắc ứng xử

**Loại:** graded

**Mã:** mau-q4
"""


def write_sample_content(root: Path) -> Path:
    course = root / "mau"
    (course / "lessons").mkdir(parents=True)
    (course / "questions").mkdir(parents=True)
    (course / "course.md").write_text(SAMPLE_COURSE, encoding="utf-8")
    (course / "lessons" / "01-dao-duc.md").write_text(SAMPLE_LESSON, encoding="utf-8")
    (course / "questions" / "01-cau-hoi.md").write_text(SAMPLE_BANK, encoding="utf-8")
    return root


@pytest.fixture
def sample_content(tmp_path: Path) -> Path:
    return write_sample_content(tmp_path / "content")


@pytest.fixture
def bundled_copy(tmp_path: Path) -> Path:
    target = tmp_path / "bundled"
    shutil.copytree(BUNDLED_CONTENT, target)
    return target


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[object]:
    """One throwaway PostgreSQL server per test session (see tests/postgres.py)."""
    from .postgres import start_server

    server, reason = start_server()
    if server is None:
        pytest.skip(reason)
    yield server
    server.destroy()


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """A fresh, empty database on the session's server."""
    return postgres_server.create_database()
