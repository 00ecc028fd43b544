"""The shape of the code base, as docs/decisions/0006-layout.md sets it: no module over 500 lines,
no import circle between modules, and no app importing one later in the journey. Read from the
source with `ast`, so the rule holds for every file, imported by a test or not."""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "wirausaha"
MAX_LINES = 500

# The journey's order: an app may import from its own rank and those below it, never above.
# Cross-cutting interfaces (the API that mounts every router, the demo that seeds every stage)
# and the project's own modules (settings, urls, home, testing) sit above all of them.
RANKS = {
    "common": 0,
    "reference": 1,
    "accounts": 2,
    "notifications": 3,
    "documents": 3,
    "registry": 4,
    "programs": 5,
    "centres": 6,
    "allocation": 7,
    "training": 8,
    "coaching": 9,
    "licensing": 10,
    "finance": 11,
    "market": 12,
    "grievances": 13,
    "monitoring": 15,
    "journey": 20,
    "operations": 30,
    "api": 30,
    "demo": 30,
}


def python_files() -> list[Path]:
    files = [*PACKAGE.rglob("*.py"), *(ROOT / "tests").rglob("*.py"), *(ROOT / "bench").rglob("*.py")]
    return sorted(p for p in files if "migrations" not in p.parts)


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, known: set[str], root: Path = ROOT) -> set[str]:
    """The project modules a file imports, resolved the way Python resolves them."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            candidates = [module, *(f"{module}.{alias.name}" for alias in node.names)]
        else:
            continue
        found.update(c for c in candidates if c in known and c != name)
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    paths = {module_name(p): p for p in python_files()}
    known = set(paths)
    return {name: imported_modules(path, known) for name, path in paths.items()}


def test_no_module_is_longer_than_500_lines():
    too_long = {
        str(p.relative_to(ROOT)): n
        for p in python_files()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}


def test_no_modules_import_each_other_in_a_circle(graph):
    # Tarjan's strongly connected components: any component of two or more modules is a circle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph[module]:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    assert circles == []


def app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "wirausaha" and len(parts) > 2 else None


def test_every_app_has_a_place_in_the_journey():
    apps = {p.name for p in PACKAGE.iterdir() if (p / "apps.py").exists()}
    assert apps - set(RANKS) == set()


def test_no_app_imports_one_later_in_the_journey(graph):
    # An app's tests may build records of later stages (a scoping test of the registry's
    # queries from accounts, say): nothing imports a test module, so no coupling follows.
    upward = defaultdict(set)
    for module, imported in graph.items():
        app = app_of(module)
        if app is None or ".tests." in f"{module}.":
            continue
        for target in imported:
            other = app_of(target)
            if other is not None and RANKS[other] > RANKS[app]:
                upward[module].add(target)
    assert dict(upward) == {}


def test_the_layout_check_sees_relative_and_absolute_imports(tmp_path):
    # The checks above read real files; this one proves they would see a circle made of one
    # absolute and one relative import, and that it points upward.
    registry, training = tmp_path / "wirausaha" / "registry", tmp_path / "wirausaha" / "training"
    registry.mkdir(parents=True)
    training.mkdir(parents=True)
    (registry / "a.py").write_text("from wirausaha.training import b\n")
    (training / "b.py").write_text("from ..registry import a\n")
    known = {"wirausaha.registry.a", "wirausaha.training.b"}
    assert imported_modules(registry / "a.py", known, tmp_path) == {"wirausaha.training.b"}
    assert imported_modules(training / "b.py", known, tmp_path) == {"wirausaha.registry.a"}
    assert RANKS[app_of("wirausaha.training.b")] > RANKS[app_of("wirausaha.registry.a")]


HOMES = {"views", "urls", "forms", "api", "schemas", "actions", "queries", "tasks", "admin", "models"}


def test_every_sub_area_is_a_folder_not_a_file_name_suffix():
    # `views_import.py` (or `import_views.py`) beside `views.py` hides a sub-area in a name; it belongs
    # in `imports/views.py`.
    suffixed = sorted(
        str(p.relative_to(ROOT))
        for p in PACKAGE.rglob("*.py")
        if "migrations" not in p.parts
        and not p.stem.startswith("test_")
        and "_" in p.stem
        and (p.stem.partition("_")[0] in HOMES or p.stem.rpartition("_")[2] in HOMES)
    )
    assert suffixed == []
