"""The learner's own certificate from the main window, in the preview HR uses.

The certificate is numbered, signed and drawn by the core service in the window's one
:class:`TaskRunner` (off the GUI thread); the preview (Save as PDF, Print) is HR's own
:class:`~ethics_trainer.ui.hr.preview.CertificatePreview`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ethics_trainer.i18n import tr
from ethics_trainer.ui.context import AppContext
from ethics_trainer.ui.study.session import learning_session
from ethics_trainer.ui.toolkit.tasks import Lane, TaskRunner

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from ethics_trainer.hr.own_certificate import OwnCertificate
    from ethics_trainer.ui.hr.preview import CertificatePreview


class CertificateController(QObject):
    """Signals: ``opened(CertificatePreview)`` once the preview is on screen; ``busy(bool)``
    while a certificate is being made (the buttons that ask for one are disabled);
    ``saved(message)`` after Save, for the status bar."""

    opened = Signal(object)
    busy = Signal(bool)
    saved = Signal(str)

    def __init__(self, window: QWidget, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__(window)
        self.window, self.ctx, self.runner = window, ctx, runner
        self.preview: CertificatePreview | None = None
        self._making = False
        self._prepared = False

    def prepare(self) -> None:
        """A certificate is on offer (final quiz passed, a completed course on the progress
        page): load the PDF machinery in the background now, so the click is quick."""
        if self._prepared:
            return
        self._prepared = True

        def op() -> None:
            from ethics_trainer.hr.own_certificate import prepare

            prepare()

        def failed(exc: BaseException) -> None:
            # Nothing the person asked for failed: the click makes the certificate anyway and
            # shows any error then. Kept in the log for support.
            log.warning("certificate warm-up failed", exc_info=exc)
            self._prepared = False

        self.runner.run(op, on_error=failed, lane=Lane.IO)

    def open(self, course_id: str) -> None:
        """Make the learner's certificate for ``course_id`` and show it (a clear message, in
        the person's language, if she has not passed yet)."""
        session = learning_session(self.ctx)
        if session is None or self._making:
            return
        course = session.library.course(course_id)
        title = course.title if course is not None else course_id
        data_dir, learner_id = self.ctx.paths.data_dir, session.learner.id

        def op() -> OwnCertificate:
            from ethics_trainer.hr.own_certificate import own_certificate

            return own_certificate(
                session.db,
                data_dir,
                learner_id=learner_id,
                course_id=course_id,
                course_title=title,
                clock=session.clock,
            )

        def done(certificate: OwnCertificate) -> None:
            self._set_making(False)
            self.show(certificate)

        def failed(exc: BaseException) -> None:
            from ethics_trainer.ui.toolkit.errors import show_error

            self._set_making(False)
            show_error(self.window, exc)

        self._set_making(True)
        self.runner.run(op, on_done=done, on_error=failed, title=tr("uis.cert.making"))

    def show(self, certificate: OwnCertificate) -> CertificatePreview:
        from PySide6.QtCore import Qt  # not at import: before the first paint (issue #17)

        from ethics_trainer.ui.hr.preview import CertificatePreview

        if self.preview is not None:
            self.preview.close()
        note = "" if certificate.org_set_up else tr("uis.cert.default_org")
        dialog = CertificatePreview(
            certificate.pdf, self.window, default_name=certificate.file_name, note=note
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._closed)
        number = certificate.number
        dialog.saved.connect(
            # the file's name: a whole path would run into the status bar's learner name
            lambda path: self.saved.emit(tr("uis.cert.saved", number=number, path=Path(path).name))
        )
        self.preview = dialog
        dialog.open()
        self.opened.emit(dialog)
        return dialog

    def _closed(self) -> None:
        self.preview = None

    def _set_making(self, making: bool) -> None:
        self._making = making
        self.busy.emit(making)
