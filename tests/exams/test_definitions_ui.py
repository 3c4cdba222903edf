"""The exam definition list and editor never wait for the database on the GUI thread: a hung
server leaves them responsive, and they catch up once it answers."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialogButtonBox

from ethics_trainer.content.loader import load_library
from ethics_trainer.content.model import Library
from ethics_trainer.errors import DatabaseUnavailable
from ethics_trainer.exams import definitions
from ethics_trainer.exams.definitions import ExamDraft
from ethics_trainer.storage.draw_parts import DrawPart
from ethics_trainer.ui.exams.definition_editor import DefinitionEditor
from ethics_trainer.ui.exams.definition_list import DefinitionList


class HangingService:
    """Wraps ``definitions`` calls: records the thread of each, holds them while ``up`` is
    clear (a server that stopped answering)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
        self.up = threading.Event()
        self.up.set()
        self.held = threading.Event()  # a call is waiting for the server right now
        self.calls: list[tuple[str, bool]] = []  # (name, ran off the main thread)
        for name in names:
            monkeypatch.setattr(definitions, name, self._wrap(name, getattr(definitions, name)))

    def _wrap(self, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            self.calls.append((name, threading.current_thread() is not threading.main_thread()))
            if not self.up.is_set():
                self.held.set()
                assert self.up.wait(10), "the test never released the database"
            return real(*args, **kwargs)

        return call

    def names(self) -> set[str]:
        return {name for name, _ in self.calls}

    @property
    def all_off_main_thread(self) -> bool:
        return bool(self.calls) and all(off for _, off in self.calls)


@pytest.fixture
def library(db, sample_content: Path) -> Library:  # type: ignore[no-untyped-def]
    library = load_library(sample_content)
    definitions.save_definition(
        db,
        ExamDraft(name="Sát hạch quý III", course_id="mau", parts=[DrawPart(count=2)]),
        library=library,
    )
    return library


def test_definition_dialogs_respond_while_the_database_hangs(
    db, library: Library, qtbot, monkeypatch
) -> None:
    service = HangingService(monkeypatch, "list_definitions", "save_definition", "get_definition")
    service.up.clear()  # the server stops answering before the list is opened
    try:
        dialog = DefinitionList(db, library)  # returns at once: the read waits in the background
        qtbot.addWidget(dialog)
        dialog.show()
        assert service.held.wait(5)
        assert dialog.busy and dialog.busy_bar.isVisible() and dialog.items.count() == 0
        assert not dialog.edit_button.isEnabled() and not dialog.archive_button.isEnabled()

        ticks: list[int] = []  # the GUI thread keeps running its event loop
        QTimer.singleShot(20, lambda: ticks.append(1))
        qtbot.waitUntil(lambda: bool(ticks), timeout=1000)

        with qtbot.waitSignal(dialog.editor_opened, timeout=1000) as opened:
            dialog.new_button.click()  # a new definition needs no database to open
        editor: DefinitionEditor = opened.args[0]
        editor.name.setText("Sát hạch quý IV")
        editor.parts.item(0, 2).setText("2")
        editor.save()  # queued behind the hung list read
        assert editor.busy and not editor.save_button.isEnabled() and not editor.body.isEnabled()
        assert editor.buttons.button(QDialogButtonBox.StandardButton.Cancel).isEnabled()
        assert editor.busy_bar.isVisible() and editor.notice.text()
        editor.save()  # a second click while saving does nothing
        QTimer.singleShot(20, lambda: ticks.append(2))
        qtbot.waitUntil(lambda: 2 in ticks, timeout=1000)
        assert [n for n, _ in service.calls] == ["list_definitions"]  # still held

        service.up.set()  # the server answers again: everything catches up
        with qtbot.waitSignal(editor.save_done, timeout=5000):
            pass
        qtbot.waitUntil(lambda: dialog.items.count() == 2 and not dialog.busy, timeout=5000)
    finally:
        service.up.set()
    assert service.names() >= {"list_definitions", "save_definition"}
    assert service.all_off_main_thread  # checked before the test's own calls below
    assert dialog.selected().name == "Sát hạch quý IV"  # the saved one is selected
    assert dialog.edit_button.isEnabled() and not dialog.busy_bar.isVisible()
    assert [d.name for d in definitions.list_definitions(db)] == [
        "Sát hạch quý IV",
        "Sát hạch quý III",
    ]


def test_closing_the_list_does_not_wait_for_a_hung_server(
    db, library: Library, qtbot, monkeypatch
) -> None:
    service = HangingService(monkeypatch, "list_definitions")
    service.up.clear()
    try:
        dialog = DefinitionList(db, library)
        qtbot.addWidget(dialog)
        dialog.show()
        assert service.held.wait(5)
        with qtbot.assertNotEmitted(dialog.loaded):
            dialog.reject()  # returns at once; the late answer is dropped
        assert not dialog.isVisible()
    finally:
        service.up.set()
    assert service.all_off_main_thread


def test_editing_loads_the_definition_afresh_in_the_background(
    db, library: Library, qtbot, monkeypatch
) -> None:
    service = HangingService(monkeypatch, "get_definition", "set_archived")
    dialog = DefinitionList(db, library)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.items.count() == 1 and not dialog.busy, timeout=5000)
    (stored,) = definitions.list_definitions(db)
    definitions.save_definition(  # another PC changes it after the list was read
        db,
        ExamDraft(name="Sát hạch quý III", course_id="mau", parts=[DrawPart()], minutes=50),
        definition_id=stored.id,
        library=library,
    )
    with qtbot.waitSignal(dialog.editor_opened, timeout=5000) as opened:
        dialog.edit_selected()
    editor: DefinitionEditor = opened.args[0]
    assert editor.minutes.value() == 50
    editor.reject()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=5000)

    service.up.clear()  # archiving while the server hangs: buttons wait, the dialog responds
    dialog.toggle_archive_selected(confirm=False)
    assert service.held.wait(5)
    assert dialog.busy and not dialog.archive_button.isEnabled()
    service.up.set()
    with qtbot.waitSignal(dialog.archive_done, timeout=5000):
        pass
    qtbot.waitUntil(lambda: dialog.items.count() == 0 and not dialog.busy, timeout=5000)
    assert service.names() == {"get_definition", "set_archived"}
    assert service.all_off_main_thread


def test_list_shows_reconnecting_and_retries_when_the_server_is_down(
    db, library: Library, qtbot, monkeypatch
) -> None:
    real = definitions.list_definitions
    down = [True]
    threads: list[bool] = []

    def list_definitions(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread() is not threading.main_thread())
        if down[0]:
            down[0] = False
            raise DatabaseUnavailable("down")
        return real(*args, **kwargs)

    monkeypatch.setattr(definitions, "list_definitions", list_definitions)
    dialog = DefinitionList(db, library)
    qtbot.addWidget(dialog)
    dialog.retry.setInterval(50)
    with qtbot.waitSignal(dialog.load_failed, timeout=5000):
        pass
    assert dialog.notice.text().startswith("Đang kết nối lại…")
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        pass  # the retry timer reads the list again
    assert dialog.items.count() == 1 and dialog.notice.text() == ""
    assert threads == [True, True]


def test_editor_shows_a_refused_save_and_stays_open(db, library: Library, qtbot) -> None:
    editor = DefinitionEditor(db, library)
    qtbot.addWidget(editor)
    editor.name.setText("")  # no name: the core refuses it
    with qtbot.waitSignal(editor.save_failed, timeout=5000) as failed:
        editor.save()
    assert failed.args == ["Vui lòng nhập tên kỳ thi."]
    assert editor.saved is None and not editor.busy and editor.save_button.isEnabled()
