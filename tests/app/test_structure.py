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


def _schema_values() -> dict[object, str]:
    """Values the data's schema and the core's rules own, each with what it is: population
    series keys, region codes and the geos of whole regions, the units of the shipped figures
    and of the core's rules, and the thresholds of those rules."""
    import polars as pl

    from ssw_core import figures, schema, workforce

    units = set(pl.read_parquet(REPO / "data" / "observations.parquet")["unit"].unique())
    units |= {*workforce.COUNT_UNITS, *workforce.REPORTED_RATE_UNITS, *figures.CASELOAD_UNITS}
    units -= set(figures.UNITLESS)  # 'year', 'status', 'flag', 'text': also ordinary words
    values: dict[object, str] = {u: "a unit" for u in units if u}
    values |= {s: "a population series" for s in schema.SERIES}
    values |= {g: "the geo of a region" for g in figures.ALL_REGION_GEOS}
    values |= {r: "a region code" for r in schema.REGIONS}
    values |= {
        workforce.UN_WB_GAP_NOTED: "the UN/World Bank gap that earns a caveat",
        workforce.MAX_YEAR_GAP: "the largest gap between a count's and a population's year",
    }
    return values


def _literals(tree: ast.Module) -> list[ast.Constant]:
    """Every constant in a module, except docstrings."""
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and id(n) not in docs]


def _compared(tree: ast.Module) -> set[int]:
    """The ids of constants compared with something (`x == "a"`, `x in ("a", "b")`)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for side in (node.left, *node.comparators):
                out |= {id(n) for n in ast.walk(side) if isinstance(n, ast.Constant)}
    return out


def _spelled(tree: ast.Module) -> list[tuple[int, object, str]]:
    """(line, value, what) for each schema value a module spells. A one-word unit ('posts',
    'persons') is also the name of a field or a column: it counts only where compared."""
    values, compared = _schema_values(), _compared(tree)
    found = []
    for node in _literals(tree):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, str | float):
            continue  # small whole numbers (3, 10) are everywhere: floats and words only
        what = values.get(value)
        if what is None:
            continue
        one_word_unit = what == "a unit" and " " not in str(value)
        if one_word_unit and id(node) not in compared:
            continue
        found.append((node.lineno, value, what))
    return found


def test_the_pages_spell_no_schema_value_or_threshold():
    # The rules about the data live in ssw_core (figures, workforce, schema), each once: a
    # page that compares a unit, a series key, a region code or a threshold by itself is
    # growing a rule back (issue 21: the 10 % gap, the child-population series, the region
    # codes). The pages translate codes the core hands them; they decide nothing.
    found = [
        f"{path.relative_to(REPO)}:{line}: {value!r} is {what}"
        for name, path in MODULES.items()
        if not name.startswith("ssw_core")
        for line, value, what in _spelled(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert not found, "\n".join(found)


def test_the_schema_value_check_finds_what_it_looks_for():
    # The check above is not blind: the lines the pages had before are found.
    before = (
        'child = pop.filter(pl.col("series") == "sowc_0_17")\n'
        "if gap >= 0.10: pass\n"
        'if r.get("unit") in ("positions", "staff units"): pass\n'
        'geos = {"eca": ["ECA_REGION"]}\n'
        'columns = {"persons": 1}\n'  # a column named like a unit, not compared: not a rule
    )
    assert {v for _, v, _ in _spelled(ast.parse(before))} == {
        "sowc_0_17",
        0.10,
        "positions",
        "staff units",
        "eca",
        "ECA_REGION",
    }


def test_the_scenario_inputs_follow_the_parameters_declarations():
    # Each model parameter is declared once (ssw_core.parameters): an input of it is a
    # percentage exactly when the parameter is held as a fraction, and every value its widget
    # offers is one the model accepts. The validation, the tornado and the outputs read the
    # same declaration.
    from ssw_core.parameters import PARAMETERS
    from ui.scenario import inputs, wisn

    checked = 0
    for field in (*inputs.FIELDS, *wisn.FIELDS):
        p = PARAMETERS.get(field.model_field)
        if p is None:
            continue
        assert field.percent == p.percent, field.key
        for end in (field.low, field.high, field.default):
            if end is not None:
                p.check(field.to_model(end))
        checked += 1
    assert checked >= 15


def test_the_views_ask_the_model_step_not_the_model():
    # The Scenario lab's model runs in one step (ui/scenario/model.py); a view that needs it
    # again (a preset to compare with, the tornado) asks the Model, so every view shows the
    # same inputs under the same rules.
    model_calls = {
        "evaluate",
        "tornado",
        "with_scenario",
        "plan_to_zero",
        "project",
        "sensitivity",
        "story",
        "residuals",
    }
    found = []
    for name, path in MODULES.items():
        if not name.startswith(("ui", "pages")) or name == "ui.scenario.model":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in (
                "ssw_core.plan",
                "ssw_core.projection",
                "ssw_core.sensitivity",
            ):
                found += [f"{name}: {a.name}" for a in node.names if a.name in model_calls]
    assert not found, found


def test_one_way_to_cache_in_the_ui():
    # A display value made once for every session is `ui.base.memo.shared`; the data, by its
    # fingerprint, `ui.base.data`; the text catalogue, `ui.base.i18n` (below memo, which reads
    # the language from it). No page or part keeps a cache of its own (an lru_cache forgets
    # the language or the data's version unless each caller remembers to pass them).
    own = ("cache", "lru_cache", "cache_data", "cache_resource")
    found = []
    for name, path in MODULES.items():
        if not name.startswith(("ui", "pages", "app")) or name in ("ui.base.data", "ui.base.i18n"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                for d in node.decorator_list:
                    target = d.func if isinstance(d, ast.Call) else d
                    label = (
                        target.attr
                        if isinstance(target, ast.Attribute)
                        else getattr(target, "id", "")
                    )
                    if label in own:
                        found.append(f"{name}.{node.name}: @{label}")
    assert not found, found


def test_links_to_other_pages_carry_declared_parameters_only():
    # A link to another page is built by link.query from declared parameters (a misspelt
    # name is a KeyError here, not a warning on the page it opens); no page writes the
    # parameters of a link by hand.
    found = []
    for name, path in MODULES.items():
        if not name.startswith(("ui", "pages", "app")):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.keyword)
                and node.arg == "query_params"
                and isinstance(node.value, ast.Dict | ast.IfExp | ast.DictComp)
            ):
                found.append(f"{name}:{node.value.lineno}")
    assert not found, found


def test_a_link_is_built_from_declared_parameters():
    from ui.base import link
    from ui.parts import sidebar  # declares country and region

    assert sidebar.COUNTRY.name == "country"

    assert link.query(country="MDA", region=None) == {"country": "MDA"}
    assert link.query(country="all") == {}  # the default is left out, as publish() does
    with pytest.raises(KeyError):
        link.query(countyr="MDA")


_WRITES = {"set", "setdefault", "pop", "set_item", "adopt", "publish", "withdraw"}


def _key_writes_by_others() -> list[str]:
    """Writes (`.set`, `.pop`, `.publish`, ...) to a session key or link parameter that the
    writing module did not declare: through a name it imported, or through another module."""
    found = []
    for name, path in MODULES.items():
        if not name.startswith(("ui", "pages", "app")):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {
            a.asname or a.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ui")
            for a in node.names
            if a.name.isupper()
        }
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Attribute) and node.attr in _WRITES):
                continue
            chain, target = [node.attr], node.value
            while isinstance(target, ast.Attribute):  # PARAM.key.set, module.KEY.set
                chain.append(target.attr)
                target = target.value
            if not isinstance(target, ast.Name):
                continue
            names = [target.id, *reversed(chain)]
            by_import = target.id in imported
            by_module = any(n.isupper() for n in names[1:-1])  # module.KEY.set
            if by_import or by_module:
                found.append(f"{name}:{node.lineno}: {'.'.join(names)}")
    return found


def test_a_session_key_is_written_only_by_the_module_that_declares_it():
    # session.Key says its owner is 'the only one that may change it': checked here. Another
    # module reads a key, or calls a function of the owner that changes it.
    assert _key_writes_by_others() == []
