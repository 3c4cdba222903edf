"""The desktop app: the only package that imports PySide6. A thin layer over the core services."""

from ethics_trainer.ui.singletons import keep_singletons_alive

# Before any Qt call: PySide6 drops references to None/True (see singletons.py).
keep_singletons_alive()
