"""The import graph of src/reportnlp, read with ast (nothing is imported).

    python scripts/import_graph.py            # one line per module: what it imports
    python scripts/import_graph.py --dot      # Graphviz dot, for a picture
    python scripts/import_graph.py --check    # exit 1 when the module-level imports have a cycle

An import at the top of a module is an edge; an import inside a function (done when the
function first runs, to keep a module light or to break a cycle) is a lazy edge, marked
``(lazy)``. tests/test_import_graph.py fails when the module-level graph has a cycle, and
docs/DEVELOPING.md shows this script's output.
"""
from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path
from typing import Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "reportnlp"


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(current: str, is_package: bool, node: ast.ImportFrom) -> List[str]:
    """Absolute names of what a ``from ... import ...`` names (modules, or the module of a name)."""
    base = current.split(".") if is_package else current.split(".")[:-1]
    if node.level:
        base = base[: len(base) - (node.level - 1)]
        prefix = ".".join(base + ([node.module] if node.module else []))
    else:
        prefix = node.module or ""
    names = [f"{prefix}.{alias.name}" for alias in node.names]
    return [prefix] + names if node.module else names  # from . import x names x only


def edges(package: Path = PACKAGE) -> Dict[str, Dict[str, bool]]:
    """module -> {imported module: lazy?} for the package's own modules."""
    paths = sorted(package.rglob("*.py"))
    modules = {module_name(p, package): p for p in paths}
    graph: Dict[str, Dict[str, bool]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found: Dict[str, bool] = {}
        top = set(id(n) for n in tree.body)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                targets = _resolve(name, path.name == "__init__.py", node)
            else:
                continue
            lazy = id(node) not in top
            for target in targets:
                target = _own_module(target, modules)
                if target and target != name:
                    found[target] = found.get(target, True) and lazy
        graph[name] = found
    return graph


def _own_module(target: str, modules: Dict[str, Path]) -> Optional[str]:
    while target:
        if target in modules:
            return target
        target = target.rpartition(".")[0]
    return None


def cycles(graph: Dict[str, Dict[str, bool]], *, lazy: bool = False) -> List[Tuple[str, ...]]:
    """Cycles among module-level imports (``lazy``: counting imports inside functions too)."""
    found: List[Tuple[str, ...]] = []
    state: Dict[str, int] = {}
    stack: List[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target, is_lazy in sorted(graph.get(node, {}).items()):
            if is_lazy and not lazy:
                continue
            if state.get(target) == 1:
                found.append(tuple(stack[stack.index(target):]) + (target,))
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def _short(name: str) -> str:
    return name.split(".", 1)[1] if "." in name else name


def as_text(graph: Dict[str, Dict[str, bool]]) -> str:
    lines = []
    for name in sorted(graph):
        targets = graph[name]
        shown = [_short(t) + (" (lazy)" if lazy else "") for t, lazy in sorted(targets.items())]
        lines.append(f"{_short(name)}: {', '.join(shown) if shown else '-'}")
    return "\n".join(lines)


def as_dot(graph: Dict[str, Dict[str, bool]]) -> str:
    lines = ["digraph reportnlp {", "  rankdir=LR; node [shape=box, fontsize=10];"]
    for name in sorted(graph):
        for target, lazy in sorted(graph[name].items()):
            style = ' [style=dashed]' if lazy else ""
            lines.append(f'  "{_short(name)}" -> "{_short(target)}"{style};')
    lines.append("}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dot", action="store_true", help="Graphviz dot instead of text")
    parser.add_argument("--check", action="store_true", help="exit 1 on a module-level import cycle")
    args = parser.parse_args(argv)
    graph = edges()
    if args.check:
        found = cycles(graph)
        for cycle in found:
            print("cycle: " + " -> ".join(map(_short, cycle)))
        return 1 if found else 0
    print(as_dot(graph) if args.dot else as_text(graph))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
