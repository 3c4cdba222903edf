"""The desktop app: the only package that imports PySide6. A thin layer over the core services."""

# These import no PySide6, and come first: PySide6's import hook would otherwise read the
# sources of the modules they import, before it is answered (feature_scan.py).
from ethics_trainer.gc_pause import pause_for_gui
from ethics_trainer.ui.feature_scan import answer_for_own_modules
from ethics_trainer.ui.raster_threads import paint_on_gui_thread
from ethics_trainer.ui.singletons import keep_singletons_alive

# Before the launch's imports: a GUI process collects garbage on its GUI thread only
# (toolkit/gui_gc.py), so automatic collection goes off now (gc_pause.py says why).
pause_for_gui()
# Before anything is painted: Qt's fills stay on the GUI thread (raster_threads.py says why).
paint_on_gui_thread()

# isort: split
import PySide6  # noqa: E402, F401 (loads PySide6's import hook, which feature_scan answers)

# Before any Qt call: PySide6 drops references to None/True (see singletons.py).
keep_singletons_alive()
# Before our UI modules are imported: PySide6 would read each one's source (feature_scan.py).
answer_for_own_modules()
