"""The import graph of ``ethics_trainer``: no circles, and no upward import between layers.

Every ``import`` counts: inside functions (a lazy import is still a dependency) and under
``if TYPE_CHECKING:`` (a type named is a dependency of the design, even if it never runs). Modules are
compared at the level of the package tree: ``a.b`` importing ``a.b.c`` is an arrow from the
module ``a.b`` (its ``__init__``) to ``a.b.c``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import ethics_trainer

ROOT = Path(ethics_trainer.__file__).resolve().parent
PACKAGE = "ethics_trainer"

# Lower layers first; a module may import its own layer and those below it, never above.
# Within ``ui`` the same rule holds for its floors.
LAYERS: list[tuple[str, ...]] = [
    ("errors", "clock", "paths", "i18n", "logfile", "safe_cells", "fileio", "gc_pause", "record"),
    ("content", "quiz", "storage"),
    ("services", "study", "roster"),
    ("exams", "hr", "interchange"),
    ("cli", "ui", "__main__"),
]
UI_FLOORS: list[tuple[str, ...]] = [
    (
        "settings",
        "theme",
        "toolkit",
        "context",
        "instance_lock",
        "single_instance",
        "window_geometry",
    ),
    ("pages",),
    ("widgets",),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join([PACKAGE, *parts])


def imports_of(path: Path, name: str) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def graph() -> dict[str, set[str]]:
    paths = {
        module_name(p): p
        for p in ROOT.rglob("*.py")
        if "migrations" not in p.parts and "bundled_content" not in p.parts
    }
    edges: dict[str, set[str]] = {}
    for name, path in paths.items():
        targets = set()
        for imported in imports_of(path, name):
            # the longest known module the import names (``pkg.mod.func`` -> ``pkg.mod``)
            while imported and imported not in paths:
                imported = imported.rpartition(".")[0]
            if imported and imported != name and imported.startswith(PACKAGE + "."):
                targets.add(imported)
        edges[name] = targets
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    import sys

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        for v in sorted(edges):
            if v not in index:
                strong(v)
    finally:
        sys.setrecursionlimit(limit)
    return found


def _rank(parts: list[str], layers: list[tuple[str, ...]]) -> int | None:
    for rank, layer in enumerate(layers):
        if parts and parts[0] in layer:
            return rank
    return None


def layer_of(module: str) -> tuple[int, int | None]:
    """(layer, ui floor) of a module; ui modules not on a named floor are on the top floor."""
    parts = module.split(".")[1:]
    rank = _rank(parts, LAYERS)
    assert rank is not None, f"{module} is in no layer: add its package to LAYERS"
    if parts[0] != "ui" or len(parts) == 1:
        return rank, None
    floor = _rank(parts[1:], UI_FLOORS)
    return rank, len(UI_FLOORS) if floor is None else floor


def upward(edges: dict[str, set[str]]) -> list[str]:
    wrong = []
    for source, targets in sorted(edges.items()):
        if source == PACKAGE:
            continue
        src = layer_of(source)
        for target in sorted(targets):
            dst = layer_of(target)
            if dst[0] > src[0] or (
                src[0] == dst[0] and src[1] is not None and dst[1] is not None and dst[1] > src[1]
            ):
                wrong.append(f"{source} -> {target}")
    return wrong


def test_the_graph_sees_lazy_imports() -> None:
    edges = graph()
    assert "ethics_trainer.ui.app" in edges["ethics_trainer.cli.main"]  # inside a function
    assert "ethics_trainer.ui.toolkit.tasks" in edges["ethics_trainer.ui.exams.candidate"]


def test_no_import_circles() -> None:
    found = cycles(graph())
    assert not found, "import circles:\n" + "\n".join(" <-> ".join(c) for c in found)


def test_no_upward_imports() -> None:
    found = upward(graph())
    assert not found, "upward imports:\n" + "\n".join(found)


def test_checks_can_fail() -> None:
    assert cycles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"]]
    assert upward({"ethics_trainer.storage.db": {"ethics_trainer.services.attempts"}}) == [
        "ethics_trainer.storage.db -> ethics_trainer.services.attempts"
    ]
    assert upward({"ethics_trainer.ui.widgets.question": {"ethics_trainer.ui.quiz_view"}}) == [
        "ethics_trainer.ui.widgets.question -> ethics_trainer.ui.quiz_view"
    ]


UI = ROOT / "ui"
# Screens owned by the admin UI work (HR, proctor, exam editor) move to the palette separately.
NOT_YET_PALETTE = {"hr", "proctor.py", "definition_editor.py", "menu.py"}


def test_main_window_is_composed_not_mixed() -> None:
    """No mixins and no wiring by name in the UI: classes have one base, pages are built by
    typed functions, not looked up with ``getattr``."""
    for path in UI.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                assert not node.name.endswith("Mixin"), f"{path.name}: {node.name}"
                if path.name == "main_window.py":
                    assert len(node.bases) <= 1, f"{path.name}: {node.name} has several bases"
            composing = path.name in ("main_window.py", "pages.py", "startup.py") or (
                path.parent.name == "study"
            )
            if composing and isinstance(node, ast.Call):
                assert getattr(node.func, "id", "") != "getattr", (
                    f"getattr wiring in {path.relative_to(ROOT)}:{node.lineno}"
                )


def test_no_hard_coded_colours_outside_the_theme() -> None:
    """Colours come from the palette or theme.status_colours, so dark mode stays readable."""
    import re

    colour = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")
    found = []
    for path in UI.rglob("*.py"):
        if path.name == "theme.py" or path.name in NOT_YET_PALETTE or "hr" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if colour.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "hard-coded colours:\n" + "\n".join(found)
