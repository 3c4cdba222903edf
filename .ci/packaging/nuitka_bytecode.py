"""Nuitka user plugin: ship every module as bytecode instead of compiling it to C.

Used by ``python -m bench.packaging --compare --nuitka-mode bytecode`` only (never by CI or the
release build). A full Nuitka compile of this app (≈ 2,000 modules: Qt bindings, SQLAlchemy,
pydantic, fontTools, …) did not finish on the shared 2-core build machine; with this plugin
Nuitka only freezes the modules into its one-folder layout, as PyInstaller does, so its
bundle size and start time can still be compared. The entry point is compiled (Nuitka
requires it).
"""

from nuitka.plugins.PluginBase import NuitkaPluginBase


class NuitkaPluginBytecodeOnly(NuitkaPluginBase):
    plugin_name = "bytecode-only"
    plugin_desc = "Include every module as bytecode (a freezer, not a compiler)."

    @staticmethod
    def isAlwaysEnabled() -> bool:
        return True

    def decideCompilation(self, module_name):  # noqa: ANN001, ANN201 (Nuitka's hook)
        # No opinion where Nuitka needs compiled code: the entry point, its own pre/post-load
        # trigger modules ("PySide6-postLoad"), and what its anti-bloat rules patch.
        name = str(module_name)
        if name == "__main__" or "-" in name or name in ("xmlrpc.server",):
            return None
        return "bytecode"
