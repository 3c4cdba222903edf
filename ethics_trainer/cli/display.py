"""Is there a screen to open a window on? Asked before Qt is loaded, because without one Qt's
xcb plugin aborts the process (exit 134) with a message about plugins that says nothing to a
person. Windows and macOS always have a session; elsewhere X11 or Wayland must be reachable,
or Qt must have been told to draw elsewhere (``QT_QPA_PLATFORM=offscreen``, as tests do)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from ethics_trainer.i18n import tr

# Exit status of a launch that cannot show a window: the caller chose the wrong place to run it.
NO_DISPLAY_STATUS = 2


def has_display(environ: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    env = os.environ if environ is None else environ
    plat = sys.platform if platform is None else platform
    if plat.startswith(("win", "darwin")):
        return True
    requested = env.get("QT_QPA_PLATFORM", "").split(":")[0].strip()
    if requested and requested not in ("xcb", "wayland", "wayland-egl"):
        return True  # offscreen, minimal, vnc, eglfs, linuxfb...: no desktop session needed
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


# The subcommands that open a window (None: no subcommand, the desktop app).
WINDOW_COMMANDS = frozenset({None, "gui", "candidate", "proctor"})


def no_display_message() -> str:
    return tr("cli.no_display")
