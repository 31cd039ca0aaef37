"""The three layers: `portal` ← `municipalities` ← `visits`, each importing only
the ones below it (`config` on top imports them all).

Every .py module of the three apps is parsed — migrations, management commands
and template tag libraries included, and imports inside functions too — and
each import, relative ones resolved, is checked against the apps it may not
reach."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# An app → the apps it must never import.
FORBIDDEN = {
    "portal": {"municipalities", "visits"},
    "municipalities": {"visits"},
    "visits": set(),
}


def modules(app):
    return sorted((ROOT / app).rglob("*.py"))


def imported(path):
    """(line, absolute module name) of every import in the file at `path`."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    package = parts[:-1]  # a module's package; an __init__'s is its own folder
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module
            yield node.lineno, module


def violations(app, forbidden=None):
    forbidden = FORBIDDEN[app] if forbidden is None else forbidden
    found = []
    for path in modules(app):
        for line, module in imported(path):
            if module.split(".")[0] in forbidden:
                found.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return found


@pytest.mark.parametrize("app", FORBIDDEN)
def test_each_app_imports_only_the_layers_below_it(app):
    assert modules(app), f"no modules found under {app}/"
    assert violations(app) == []


def test_the_check_finds_imports_anywhere_in_a_module(tmp_path, monkeypatch):
    # A forbidden import inside a function, a relative one and a plain one.
    package = tmp_path / "portal"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "a.py").write_text(
        "from . import b\nfrom .. import c\n\n\ndef f():\n    from visits.models import Visit\n"
    )
    (package / "b.py").write_text("import municipalities.models as m\n")
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    assert violations("portal") == [
        "portal/b.py:1 imports municipalities.models",
        "portal/sub/a.py:6 imports visits.models",
    ]
