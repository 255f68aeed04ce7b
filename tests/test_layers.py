"""Meta-test: the layers import downwards only.

``core`` is the base every app builds on, so it imports no domain app; the data layers
(``referentials``, ``warehouse``) know nothing of territories nor of the diagnostic, which call into
them instead; nothing imports the ``demo`` app, which sits on top of every other one.
"""

import ast
from pathlib import Path

import pytest

import tindus

SOURCE = Path(tindus.__file__).parent
DOMAIN_APPS = {
    "accounts", "consultation", "demo", "diagnostic", "governance", "plan", "public", "referentials", "synergies",
    "territories", "warehouse",
}  # fmt: skip


def imported_apps(package: str) -> dict[str, set[str]]:
    """Each module of ``tindus.<package>`` → the ``tindus`` subpackages it imports (at any depth)."""
    found = {}
    for path in (SOURCE / package).rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
                names |= {f"{node.module}.{alias.name}" for alias in node.names}
        apps = {n.split(".")[1] for n in names if n.startswith("tindus.") and n.count(".") >= 1}
        found[str(path.relative_to(SOURCE))] = apps
    return found


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [("core", DOMAIN_APPS), ("referentials", {"territories"}), ("warehouse", {"territories", "diagnostic"})],
)
def test_a_lower_layer_imports_nothing_above_it(package, forbidden):
    wrong = {module: sorted(apps & forbidden) for module, apps in imported_apps(package).items() if apps & forbidden}
    assert wrong == {}


def test_nothing_imports_the_demo_app():
    wrong = [
        module
        for package in DOMAIN_APPS - {"demo"} | {"core", "config"}
        for module, apps in imported_apps(package).items()
        if "demo" in apps
    ]
    assert wrong == []
