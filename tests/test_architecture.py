"""The floors of design.md hold: a lower app never names a higher app's module, template or URL namespace, and
the workbench queries no other app's models (it composes their selectors).

Floors: 1 core, storage, config; 2 accounts, notifications; 3 docstore; 4 seals, archive (never each other);
5 cases; 6 workbench. `storage` knows no Django app; `config` wires everything and may name it all. demo,
tests and bench are outside the floors. Every Python module of an app is parsed (imports, and string constants
that are URL names, template paths or dotted module paths), and every template under templates/<app>/.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FLOORS = {
    "core": 1,
    "storage": 1,
    "config": 1,
    "accounts": 2,
    "notifications": 2,
    "docstore": 3,
    "seals": 4,
    "archive": 4,
    "cases": 5,
    "workbench": 6,
}
NAMES_NOTHING = {"storage"}  # knows no Django app
NAMES_EVERYTHING = {"config"}  # settings and URL wiring
NEVER_EACH_OTHER = [{"seals", "archive"}]

# Known violations, each narrow (file, what it names); one that no longer matches fails the test below, so that
# it is dropped as soon as the file is fixed. None today.
KNOWN: set[tuple[str, str]] = set()


@dataclass(frozen=True)
class Name:
    """Something a file names: `what` (a module, template or URL name) belongs to `app`."""

    file: str
    app: str
    what: str


def may_name(app: str, other: str) -> bool:
    if app == other or app in NAMES_EVERYTHING:
        return True
    if app in NAMES_NOTHING:
        return False
    if any({app, other} == pair for pair in NEVER_EACH_OTHER):
        return False
    return FLOORS[other] <= FLOORS[app]


# ---------------------------------------------------------------- what belongs to which app


def url_namespaces(root: Path) -> dict[str, str]:
    """{namespace: app} from the `app_name` of every urls module."""
    found = {}
    for app in FLOORS:
        for path in sorted((root / app).glob("**/*urls.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == "app_name" for t in node.targets
                ):
                    found[ast.literal_eval(node.value)] = app
    return found


def tag_libraries(root: Path) -> dict[str, str]:
    """{template tag library: app}."""
    return {
        path.stem: app
        for app in FLOORS
        for path in (root / app).glob("templatetags/*.py")
        if path.stem != "__init__"
    }


URL_NAME = re.compile(r"^([a-z_]+):[\w-]+$")
TEMPLATE = re.compile(r"^([a-z_]+)/[\w/.-]+\.(?:html|txt|xml)$")
DOTTED = re.compile(r"^([a-z_]+)(?:\.[A-Za-z_]\w*)+$")


def _owner_of_string(value: str, namespaces: dict[str, str]) -> tuple[str, str] | None:
    for pattern in (URL_NAME, TEMPLATE):
        match = pattern.match(value)
        if match:
            app = namespaces.get(match.group(1)) if pattern is URL_NAME else match.group(1)
            return (app, value) if app in FLOORS else None
    match = DOTTED.match(value)
    if match and match.group(1) in FLOORS:
        return match.group(1), value
    return None


# ---------------------------------------------------------------- what each file names


def python_names(path: Path, root: Path, namespaces: dict[str, str]) -> list[Name]:
    """Modules imported, and URL names, template paths and dotted module paths written as strings."""
    rel = path.relative_to(root).as_posix()
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=rel)):
        modules = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            owner = _owner_of_string(node.value, namespaces)
            if owner:
                out.append(Name(rel, *owner))
        for module in modules:
            top = module.split(".")[0]
            if top in FLOORS:
                out.append(Name(rel, top, module))
    return out


TAG = re.compile(r"{%-?\s*(\w+)\s+(.*?)\s*-?%}", re.S)
QUOTED = re.compile(r"""["']([^"']+)["']""")


def template_names(
    path: Path, root: Path, namespaces: dict[str, str], libraries: dict[str, str]
) -> list[Name]:
    """URL names, templates and tag libraries named in the template's tags."""
    rel = path.relative_to(root).as_posix()
    out = []
    for tag, body in TAG.findall(path.read_text(encoding="utf-8")):
        if tag == "load":
            out += [Name(rel, libraries[lib], lib) for lib in body.split() if lib in libraries]
            continue
        for value in QUOTED.findall(body):
            owner = _owner_of_string(value, namespaces)
            if owner:
                out.append(Name(rel, *owner))
    return out


def files_of(root: Path, app: str) -> tuple[list[Path], list[Path]]:
    """An app's Python modules and its templates (templates/<app>/ and <app>/templates/<app>/)."""
    modules = sorted((root / app).glob("**/*.py"))
    templates = sorted((root / "templates" / app).glob("**/*.html"))
    templates += sorted((root / app / "templates").glob("**/*.html"))
    return modules, templates


def violations(root: Path = ROOT) -> set[tuple[str, str]]:
    namespaces = url_namespaces(root)
    libraries = tag_libraries(root)
    found = set()
    for app in FLOORS:
        modules, templates = files_of(root, app)
        names = [n for path in modules for n in python_names(path, root, namespaces)]
        names += [n for path in templates for n in template_names(path, root, namespaces, libraries)]
        found |= {(n.file, n.what) for n in names if not may_name(app, n.app)}
    return found


# ---------------------------------------------------------------- the workbench only composes


def foreign_queries(path: Path, root: Path, app: str) -> list[str]:
    """`Model.objects` and get_object_or_404(Model, ...) on models imported from another app's models module."""
    rel = path.relative_to(root).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
    models, modules = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] in FLOORS and parts[0] != app and "models" in parts:
                models |= {alias.asname or alias.name for alias in node.names}
            elif parts[0] in FLOORS and parts[0] != app and any(a.name == "models" for a in node.names):
                modules |= {a.asname or a.name for a in node.names if a.name == "models"}
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] in FLOORS and parts[0] != app and "models" in parts and alias.asname:
                    modules.add(alias.asname)

    def is_foreign_model(node) -> bool:
        if isinstance(node, ast.Name):
            return node.id in models
        return (
            isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules
        )

    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ("objects", "_default_manager")
            and is_foreign_model(node.value)
        ):
            found.append((node.lineno, f"{rel}:{node.lineno}: {ast.unparse(node)}"))
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("get_object_or_404", "get_list_or_404")
            and node.args
            and is_foreign_model(node.args[0])
        ):
            found.append((node.lineno, f"{rel}:{node.lineno}: {ast.unparse(node)}"))
    return [hit for _line, hit in sorted(found)]


# ---------------------------------------------------------------- the tests


def test_no_lower_floor_names_a_higher_one():
    found = violations()
    unexpected = sorted(found - KNOWN)
    assert not unexpected, "a lower app names a higher one (file, name):\n" + "\n".join(map(str, unexpected))


def test_every_known_violation_is_still_there():
    """An allow-list entry that no longer matches is dropped: the file has been fixed."""
    stale = sorted(KNOWN - violations())
    assert not stale, "fixed, remove from KNOWN:\n" + "\n".join(map(str, stale))


def test_the_workbench_queries_no_other_apps_models():
    found = [
        hit
        for path in sorted((ROOT / "workbench").glob("**/*.py"))
        for hit in foreign_queries(path, ROOT, "workbench")
    ]
    assert not found, "the workbench composes the owning apps' selectors:\n" + "\n".join(found)


def test_the_floors_cover_every_app_of_the_project():
    from django.conf import settings

    ours = {name.split(".")[0] for name in settings.INSTALLED_APPS if (ROOT / name.split(".")[0]).is_dir()}
    assert ours - {"demo"} <= set(FLOORS), ours - set(FLOORS)


# ---------------------------------------------------------------- the checks themselves


@pytest.fixture
def tree(tmp_path):
    """A small project: docstore (3), seals (4) and archive (4), workbench (6), with their URL namespaces."""

    def write(rel: str, text: str):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    for app in ("docstore", "seals", "archive", "workbench", "storage"):
        write(f"{app}/__init__.py", "")
        write(f"{app}/urls.py", f'app_name = "{app}"\nurlpatterns = []\n')
    write("seals/templatetags/seal_bits.py", "")
    write.root = tmp_path
    return write


def test_catches_a_lower_template_naming_a_higher_route_template_or_tag_library(tree):
    tree(
        "templates/docstore/page.html",
        "{% load i18n seal_bits %}<a href=\"{% url 'seals:detail' 1 %}\">x</a>"
        '{% include "workbench/part.html" %}<a href="{% url \'docstore:list\' %}">own</a>',
    )
    assert violations(tree.root) == {
        ("templates/docstore/page.html", "seal_bits"),
        ("templates/docstore/page.html", "seals:detail"),
        ("templates/docstore/page.html", "workbench/part.html"),
    }


def test_catches_imports_and_strings_in_python(tree):
    tree(
        "docstore/views.py",
        'from seals.models import Seal\nTEMPLATE = "archive/x.html"\nURL = "workbench:home"\n',
    )
    tree("seals/services.py", "import archive.services\nfrom docstore import selectors\n")
    tree("storage/registry.py", 'PROVIDER = "docstore.selectors.referenced_blobs"\n')
    tree(
        "workbench/views.py",
        'from seals import selectors\nfrom archive.models import Letter\nURL = "docstore:x"\n',
    )
    assert violations(tree.root) == {
        ("docstore/views.py", "seals.models"),
        ("docstore/views.py", "archive/x.html"),
        ("docstore/views.py", "workbench:home"),
        ("seals/services.py", "archive.services"),  # seals and archive never name each other
        ("storage/registry.py", "docstore.selectors.referenced_blobs"),  # storage knows no app
    }


def test_catches_the_workbench_querying_another_apps_models(tree):
    tree(
        "workbench/home.py",
        "from django.shortcuts import get_object_or_404\nfrom seals.models import Seal\nfrom archive import models\n"
        "from seals import selectors\n\n"
        "def a():\n    return Seal.objects.all()\n\n"
        "def b(pk):\n    return get_object_or_404(Seal, pk=pk)\n\n"
        "def c():\n    return models.Letter.objects.count()\n\n"
        "def d():\n    return selectors.approval_queue(None)\n",
    )
    found = foreign_queries(tree.root / "workbench/home.py", tree.root, "workbench")
    assert [hit.split(": ", 1)[1] for hit in found] == [
        "Seal.objects",
        "get_object_or_404(Seal, pk=pk)",
        "models.Letter.objects",
    ]
