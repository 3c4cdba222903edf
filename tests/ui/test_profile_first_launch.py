"""On first launch the profile page opens on the form a new learner fills in, at the top of
a 1024×768 window; the list of profiles on this computer (empty then, half the page) appears
once a profile exists."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox

from ethics_trainer.services.learners import LearnerInfo
from tests.ui.helpers import open_window


def test_first_launch_shows_the_form_not_an_empty_list(qtbot, paths) -> None:
    window = open_window(qtbot, paths)
    window.resize(1024, 768 - 70)  # maximised: taskbar and title bar taken
    page = window.profile_page
    qtbot.waitUntil(lambda: window.pages.currentWidget() is page, timeout=10000)
    form = page.full_name.parentWidget()
    assert form.geometry().top() < page.height() // 3, form.geometry()
    existing = page.findChild(QGroupBox, "existingProfiles")
    assert existing is not None and existing.isHidden()

    page.set_learners(
        [LearnerInfo(id=1, full_name="Nguyễn Văn An", employee_code="", unit="", position="")]
    )
    assert not existing.isHidden()
    window.close()
