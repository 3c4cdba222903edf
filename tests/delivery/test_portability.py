"""The package runs on Windows office PCs: no POSIX-only call outside code that checks first.

This machine cannot run Windows, so this test reads the code instead: a POSIX-only module or
function may only be used under an ``if`` that tests the platform (``sys.platform``,
``os.name``, ``hasattr``) or inside a ``try`` that handles its absence (``ImportError``,
``AttributeError``, ``OSError``, ``NotImplementedError``).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "ethics_trainer"

POSIX_MODULES = {"fcntl", "pwd", "grp", "resource", "termios", "tty", "pty", "posix", "syslog"}
POSIX_ATTRIBUTES = {
    "os": {
        "fork",
        "forkpty",
        "geteuid",
        "getuid",
        "getgid",
        "getegid",
        "getpgid",
        "setsid",
        "setpgrp",
        "killpg",
        "mkfifo",
        "mknod",
        "chown",
        "lchown",
        "fchown",
        "O_NONBLOCK",
        "O_NOFOLLOW",
        "O_CLOEXEC",
        "O_DIRECTORY",
        "sync",
        "statvfs",
        "fstatvfs",
        "getloadavg",
        "nice",
        "pipe2",
        "sched_getaffinity",
        "WNOHANG",
        "wait3",
        "wait4",
        "posix_fadvise",
    },
    "signal": {
        "SIGKILL",
        "SIGHUP",
        "SIGUSR1",
        "SIGUSR2",
        "SIGALRM",
        "SIGXFSZ",
        "SIGCHLD",
        "SIGPIPE",
        "SIGQUIT",
        "alarm",
        "setitimer",
        "pthread_kill",
        "sigwait",
    },
}
GUARD_EXCEPTIONS = {
    "ImportError",
    "ModuleNotFoundError",
    "AttributeError",
    "OSError",
    "NotImplementedError",
    "Exception",
}


def _mentions_platform(test: ast.expr) -> bool:
    for node in ast.walk(test):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ("platform", "name")
            and isinstance(node.value, ast.Name)
            and node.value.id in ("sys", "os")
        ):
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return node.func.id == "hasattr" or _mentions_platform_args(node)
        if isinstance(node, ast.Name) and node.id.upper() in ("WINDOWS", "POSIX", "IS_WINDOWS"):
            return True
    return False


def _mentions_platform_args(call: ast.Call) -> bool:
    return any(_mentions_platform(arg) for arg in call.args)


def _handles_absence(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    names = [handler.type] if not isinstance(handler.type, ast.Tuple) else handler.type.elts
    return any(isinstance(n, ast.Name) and n.id in GUARD_EXCEPTIONS for n in names)


def unguarded_posix_uses(tree: ast.AST) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST, guarded: bool) -> None:
        if isinstance(node, ast.If) and _mentions_platform(node.test):
            for child in ast.iter_child_nodes(node):
                visit(child, True)
            return
        if isinstance(node, ast.IfExp) and _mentions_platform(node.test):
            return
        if isinstance(node, ast.Try) and any(_handles_absence(h) for h in node.handlers):
            for child in node.body:
                visit(child, True)
            for child in [*node.handlers, *node.orelse, *node.finalbody]:
                visit(child, guarded)
            return
        if not guarded:
            if isinstance(node, ast.Import):
                found.extend((node.lineno, a.name) for a in node.names if a.name in POSIX_MODULES)
            if isinstance(node, ast.ImportFrom) and node.module in POSIX_MODULES:
                found.append((node.lineno, node.module))
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.attr in POSIX_ATTRIBUTES.get(node.value.id, ())
            ):
                found.append((node.lineno, f"{node.value.id}.{node.attr}"))
        for child in ast.iter_child_nodes(node):
            visit(child, guarded)

    visit(tree, False)
    return found


def test_no_posix_only_call_outside_guarded_code() -> None:
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, name in unguarded_posix_uses(tree):
            problems.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {name}")
    assert problems == [], "POSIX-only, unguarded:\n" + "\n".join(problems)


def test_the_checker_finds_what_it_should() -> None:
    bad = ast.parse("import fcntl\nos.fork()\nsignal.SIGKILL\n")
    assert [name for _, name in unguarded_posix_uses(bad)] == ["fcntl", "os.fork", "signal.SIGKILL"]
    good = ast.parse(
        "if sys.platform != 'win32':\n    import fcntl\n"
        "try:\n    import resource\nexcept ImportError:\n    resource = None\n"
        "flags = getattr(os, 'O_NONBLOCK', 0)\n"
        "if hasattr(os, 'fork'):\n    os.fork()\n"
    )
    assert unguarded_posix_uses(good) == []
