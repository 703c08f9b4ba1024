"""The layout's promises: no import cycles (function-level imports included), the product never imports the
sandbox, and each package imports only what its place in the architecture allows."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "handlers", "sandbox")

# package -> packages it may import (besides itself, bot.errors and bot.metrics, which everything may use)
ALLOWED = {
    "bot.judgement": set(),
    "bot.rules": {"bot.judgement"},
    "bot.db": set(),
    "bot.services": {"bot.db"},
    "bot.case": {"bot.services", "bot.judgement", "bot.rules", "bot.db"},
    "bot.web": {"bot.db", "bot.settings", "bot.rules"},
    "handlers": {"bot.case", "bot.judgement", "bot.services", "bot.db", "bot.rules"},
    "bot.worker": {"handlers", "bot.case", "bot.services", "bot.db", "bot.rules", "bot.settings"},
    # `migration-bot setup zendesk|gitlab|slack`: plans and applies the services' configuration through the clients.
    "bot.setup": {"bot.services", "bot.rules", "bot.settings"},
}
SHARED = {"bot", "bot.errors", "bot.metrics", "bot.logs"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    out = {}
    for pkg in PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            if "migrations" not in path.parts:
                out[module_name(path)] = path
    return out


def imports(path: Path, known: dict[str, Path]) -> set[str]:
    """Every project module this file imports, at any depth of the code (not only at the top)."""
    found = set()
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for block in ast.walk(tree):  # imports under `if TYPE_CHECKING:` never run, so they make no cycle
        if isinstance(block, ast.If) and ast.unparse(block.test).endswith("TYPE_CHECKING"):
            block.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != me:
                found.add(name)
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(path, known) for name, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
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


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles(graph):
    assert cycles(graph) == []


def test_the_product_never_imports_the_sandbox(graph):
    offenders = {m: sorted(d for d in deps if d.split(".")[0] == "sandbox")
                 for m, deps in graph.items() if m.split(".")[0] != "sandbox"}
    assert {m: d for m, d in offenders.items() if d} == {}


def _owner(module: str) -> str | None:
    for pkg in sorted(ALLOWED, key=len, reverse=True):
        if module == pkg or module.startswith(pkg + "."):
            return pkg
    return None


def test_each_package_imports_only_what_its_place_allows(graph):
    wrong = {}
    for module, deps in graph.items():
        owner = _owner(module)
        if owner is None:
            continue
        for dep in deps:
            target = _owner(dep) or dep
            if target != owner and target not in ALLOWED[owner] and dep not in SHARED:
                wrong.setdefault(module, []).append(dep)
    assert wrong == {}


def test_bot_top_level_stays_small():
    top = [p.name for p in (ROOT / "bot").glob("*.py")]
    assert len(top) <= 15, top
