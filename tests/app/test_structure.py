"""The shape of the code: imports point down the layers and never in a circle, no import hides
inside a function, one module owns session state and one the address, and every key a page
leaves in session state was declared by the module that owns it.

Layers, bottom to top (ui/__init__.py explains each):

    ssw_core            the domain core (no Streamlit)
    ui.base             state, the link, text, data access, chart builders
    ui.parts            shared widgets and placement: sidebar, shell, inputs, figures, place
    ui.<family>         one package per page family: monitor, scenario, uploads, present
    pages/*, app.py     the pages (thin), and the entry point
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.app.conftest import PAGES, open_app
from ui.base import session

REPO = Path(__file__).resolve().parents[2]
FAMILIES = ("monitor", "scenario", "uploads", "present")


def _module_name(path: Path) -> str:
    rel = path.relative_to(REPO).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, Path]:
    files = [REPO / "app.py", *REPO.glob("pages/*.py")]
    files += [*REPO.glob("ui/**/*.py"), *REPO.glob("ssw_core/**/*.py")]
    return {_module_name(p): p for p in files}


MODULES = _sources()


def _imports(tree: ast.Module) -> list[tuple[str, ast.AST]]:
    """Every project module a file imports (anywhere in it), with the import node."""
    out = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [
                f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in MODULES else node.module
                for a in node.names
            ]
        out += [(n, node) for n in names if n.split(".")[0] in ("ui", "ssw_core", "pages", "app")]
    return out


def _graph() -> dict[str, set[str]]:
    graph = {}
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = {target for target, _ in _imports(tree)}
    return graph


def _layer(name: str) -> tuple[int, str]:
    """(layer, unit): a module may import lower layers, and its own unit of the same layer."""
    parts = name.split(".")
    if parts[0] == "ssw_core":
        return 0, "ssw_core"
    if parts[0] == "ui" and len(parts) > 1 and parts[1] == "base":
        return 1, "ui.base"
    if parts[0] == "ui" and len(parts) > 1 and parts[1] == "parts":
        return 2, "ui.parts"
    if parts[0] == "ui" and len(parts) > 1 and parts[1] in FAMILIES:
        return 3, f"ui.{parts[1]}"
    if name == "ui":
        return 1, "ui.base"  # the package's docstring only
    return 4, name  # a page or app.py: each a unit of its own


def test_the_layers_are_known():
    unknown = [n for n in MODULES if n.startswith("ui.") and _layer(n)[0] == 4]
    assert not unknown, f"modules outside the layers: {unknown}"


def test_imports_only_point_down():
    upward = []
    for name, targets in _graph().items():
        layer, unit = _layer(name)
        for target in targets:
            t_layer, t_unit = _layer(target)
            if t_layer > layer or (t_layer == layer and t_unit != unit):
                upward.append(f"{name} -> {target}")
    assert not upward, upward


def test_no_import_cycle():
    graph = _graph()
    cycles = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*path[path.index(nxt) :], nxt]))
            elif nxt in graph and state.get(nxt) is None:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(graph):
        if state.get(node) is None:
            visit(node, [node])
    assert not cycles, cycles


def _top_level_imports(tree: ast.Module) -> set[int]:
    return {id(n) for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)}


def test_no_import_hides_inside_a_function_in_the_ui():
    hidden = []
    for name, path in MODULES.items():
        if name.startswith("ssw_core"):
            continue  # the core imports openpyxl and vl-convert only when a file is made
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = _top_level_imports(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in top:
                hidden.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert not hidden, hidden


def _attribute_uses(attr: str) -> set[str]:
    users = set()
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.Attribute) and n.attr == attr for n in ast.walk(tree)):
            users.add(name)
    return users


def test_one_owner_of_session_state_and_one_of_the_address():
    assert _attribute_uses("session_state") == {"ui.base.session"}
    assert _attribute_uses("query_params") == {"ui.base.link"}


def test_widget_keys_are_declared_constants_not_strings():
    # A key written as a string is a key nobody declared (or another module's, retyped).
    literal = []
    for name, path in MODULES.items():
        if name.startswith("ssw_core"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func.attr if isinstance(node.func, ast.Attribute) else ""
            for kw in node.keywords:
                # A container's key is a CSS class, not state.
                string = isinstance(kw.value, ast.Constant | ast.JoinedStr)
                if kw.arg == "key" and string and func != "container":
                    literal.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert not literal, literal


@pytest.mark.parametrize("page", PAGES)
def test_every_key_a_page_leaves_in_session_state_is_declared(page):
    at = open_app(page, country="MDA")
    names = [str(k) for k in at.session_state if not str(k).startswith("$$")]
    assert names, "the page keeps some state"
    undeclared = [n for n in names if session.lookup(n) is None]
    assert not undeclared, undeclared


def test_the_registry_names_an_owner_for_every_key():
    keys = session.registry()
    assert len(keys) > 60
    for key in keys:
        assert key.owner.startswith("ui."), key
        assert key.owner in MODULES, key
