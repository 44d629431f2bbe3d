"""The package's structure: arrows go one way down the layers, no import cycles, and no
function-level import unless it is a marked lazy import (for start-up speed).

Every module of ``src/chuhai`` is parsed with :mod:`ast` (nothing is imported); both
module-level and function-level imports count. The layers, lowest first::

    base       chuhai (package), errors, messages, numbers, serialise
    support    i18n, fileio                      (renderer helpers below everything)
    data       chuhai.data
    rules      chuhai.rules
    engines    markets, entry, tenders           (must not import each other ...)
    portfolio  chuhai.batch                      (runs the engines over many firms)
    charts     chuhai.charts                     (figures over results)
    renderers  report, web, commands, cli, __main__  (... nor each other)

A module may import its own unit (top-level package) and any lower layer. Across units of
one layer only the declared links below are allowed. ``KNOWN_*`` list what is still wrong
on the day this test was written, so that the test is green while other branches fix them;
each entry says why it is there. Empty them, never grow them.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import chuhai

SRC = Path(chuhai.__file__).resolve().parent.parent
PACKAGE = SRC / "chuhai"

#: (layer, top-level units), lowest first. ``chuhai`` is the package module itself only.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("base", ("chuhai", "chuhai.errors", "chuhai.messages", "chuhai.numbers", "chuhai.serialise")),
    ("support", ("chuhai.i18n", "chuhai.fileio")),
    ("data", ("chuhai.data",)),
    ("rules", ("chuhai.rules",)),
    ("engines", ("chuhai.markets", "chuhai.entry", "chuhai.tenders")),
    ("portfolio", ("chuhai.batch",)),
    ("charts", ("chuhai.charts",)),
    ("renderers", ("chuhai.report", "chuhai.web", "chuhai.commands", "chuhai.cli",
                   "chuhai.__main__")),
)

#: Allowed arrows between units of the same layer: (importer prefix, imported prefix).
DECLARED_LINKS: frozenset[tuple[str, str]] = frozenset({
    ("chuhai.tenders.entrylink", "chuhai.entry"),  # a tender offer priced by the entry planner
    ("chuhai.web.services.report", "chuhai.report"),  # the web app serves the plan report
    ("chuhai.commands", "chuhai.report"),  # `chuhai report`, `plan --html`, `markets --html`
    ("chuhai.commands.serve", "chuhai.web"),  # `chuhai serve`: create_app and Settings only
    ("chuhai.cli", "chuhai.commands"),
    ("chuhai.__main__", "chuhai.cli"),
})

#: Arrows that break the layers today (importer, imported), each fixed on another branch.
KNOWN_UPWARD: frozenset[tuple[str, str]] = frozenset()

#: Import cycles today, as the edges (importer, imported) that close them: none.
KNOWN_CYCLE_EDGES: frozenset[tuple[str, str]] = frozenset()

#: Function-level imports without a "lazy"/"start-up" comment today: none.
KNOWN_FUNCTION_IMPORTS: frozenset[tuple[str, str]] = frozenset()

LAZY_MARKS = ("lazy", "start-up")


@dataclass(frozen=True, slots=True)
class Import:
    module: str  # the importing module
    target: str  # the imported module (a chuhai module, or a third-party top name)
    line: int
    in_function: bool
    marked: bool  # a comment on the line (or the line above) says lazy / start-up


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield alias.name if alias.name.startswith("chuhai") else alias.name.split(".")[0]
        return
    base = node.module or ""
    if node.level:  # relative import
        pkg = module.split(".")
        if MODULES[module].name != "__init__.py":
            pkg = pkg[:-1]
        pkg = pkg[:len(pkg) - (node.level - 1)]
        base = ".".join([*pkg, base] if base else pkg)
    if not base.startswith("chuhai"):
        yield base.split(".")[0]
        return
    for alias in node.names:  # `from pkg import sub` imports the submodule sub
        full = f"{base}.{alias.name}"
        yield full if full in MODULES else base


def _imports(module: str, path: Path) -> Iterator[Import]:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    tree = ast.parse(text, filename=str(path))
    in_function: set[int] = set()
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            in_function.update(id(n) for n in ast.walk(fn) if isinstance(n, ast.Import | ast.ImportFrom))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            around = " ".join(lines[max(node.lineno - 2, 0):node.lineno]).lower()
            marked = any(m in around for m in LAZY_MARKS)
            for target in _targets(module, node):
                yield Import(module, target, node.lineno, id(node) in in_function, marked)


IMPORTS = [imp for mod, path in MODULES.items() for imp in _imports(mod, path)]
INTERNAL = [imp for imp in IMPORTS if imp.target in MODULES]


#: Layers whose modules are one toolkit: they may import each other freely.
TOOLKIT_LAYERS = frozenset({"base", "support"})


def _unit(module: str) -> tuple[int, str]:
    """(layer rank, unit) of a chuhai module; a toolkit layer is one unit."""
    for rank, (layer, units) in enumerate(LAYERS):
        for unit in units:
            if module == unit or (unit != "chuhai" and module.startswith(unit + ".")):
                return rank, layer if layer in TOOLKIT_LAYERS else unit
    raise AssertionError(f"{module} is in no layer; add its package to LAYERS")


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def _allowed(importer: str, imported: str) -> bool:
    (r1, u1), (r2, u2) = _unit(importer), _unit(imported)
    if u1 == u2 or r2 < r1:
        return True
    return r2 == r1 and any(_within(importer, a) and _within(imported, b) for a, b in DECLARED_LINKS)


def test_the_walk_sees_the_package() -> None:
    """Not vacuous: the modules and the arrows known to exist are found."""
    assert len(MODULES) > 100 and "chuhai.web.app" in MODULES
    edges = {(i.module, i.target) for i in INTERNAL}
    assert ("chuhai.report.plan_report", "chuhai.i18n.catalogs") in edges
    assert ("chuhai.web.pages.markets", "chuhai.web.services.scan") in edges
    assert any(i.in_function and i.marked for i in INTERNAL)  # the lazy CLI imports


def test_every_module_has_a_layer() -> None:
    for module in MODULES:
        _unit(module)


def test_arrows_go_down_the_layers() -> None:
    wrong = sorted({(i.module, i.target) for i in INTERNAL if not _allowed(i.module, i.target)})
    fixed = sorted(KNOWN_UPWARD - set(wrong))
    new = [f"{a} -> {b}" for a, b in wrong if (a, b) not in KNOWN_UPWARD]
    assert not new, "imports against the layers (see docs/architecture.md):\n" + "\n".join(new)
    assert not fixed, f"fixed, remove from KNOWN_UPWARD: {fixed}"


def test_the_layer_check_would_fail() -> None:
    """The rules bite: sample arrows that must be refused."""
    for importer, imported in (("chuhai.data.warehouse", "chuhai.markets.scan"),
                               ("chuhai.rules", "chuhai.entry"),
                               ("chuhai.markets.scan", "chuhai.entry.planner"),
                               ("chuhai.entry.planner", "chuhai.tenders.model"),
                               ("chuhai.report.plan_report", "chuhai.web.render"),
                               ("chuhai.commands.report", "chuhai.web.plans"),
                               ("chuhai.web.pages.markets", "chuhai.report.plan_report"),
                               ("chuhai.i18n.catalogs", "chuhai.data.warehouse"),
                               ("chuhai.markets.scan", "chuhai.batch.run"),
                               ("chuhai.batch.run", "chuhai.report.batch_pages")):
        assert not _allowed(importer, imported), (importer, imported)
    assert _allowed("chuhai.commands.serve", "chuhai.web")
    assert _allowed("chuhai.tenders.entrylink", "chuhai.entry")


def _cycles(edges: set[tuple[str, str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    graph: dict[str, list[str]] = {}
    for a, b in edges:
        graph.setdefault(a, []).append(b)
        graph.setdefault(b, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles() -> None:
    edges = {(i.module, i.target) for i in INTERNAL if i.module != i.target}
    cycles = _cycles(edges - KNOWN_CYCLE_EDGES)
    assert not cycles, f"import cycles: {cycles}"
    stale = sorted(e for e in KNOWN_CYCLE_EDGES if not _cycles(edges - (KNOWN_CYCLE_EDGES - {e})))
    assert not stale, f"no longer closes a cycle, remove from KNOWN_CYCLE_EDGES: {stale}"


def test_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")}) == [["a", "b", "c"]]
    assert _cycles({("a", "b"), ("b", "c")}) == []


def test_function_level_imports_are_marked_lazy() -> None:
    unmarked = {(i.module, i.target): i for i in IMPORTS if i.in_function and not i.marked}
    new = [f"{i.module}:{i.line} imports {i.target}" for key, i in sorted(unmarked.items())
           if key not in KNOWN_FUNCTION_IMPORTS]
    assert not new, ("function-level imports without a '# lazy: start-up ...' comment (hoist "
                     "them, or say why they wait):\n" + "\n".join(new))
    fixed = sorted(KNOWN_FUNCTION_IMPORTS - set(unmarked))
    assert not fixed, f"fixed, remove from KNOWN_FUNCTION_IMPORTS: {fixed}"


@pytest.mark.parametrize("module", ["chuhai.report", "chuhai.commands"])
def test_renderers_do_not_reach_into_web(module: str) -> None:
    """The report never imports the web app; the commands only ``chuhai.web`` for serve."""
    hits = {(i.module, i.target) for i in INTERNAL
            if _within(i.module, module) and _within(i.target, "chuhai.web")}
    assert hits <= {("chuhai.commands.serve", "chuhai.web")}, hits
