"""The ``nodb`` mark: tests that cannot reach a database, which the PostgreSQL pass of ``.ci/run`` leaves out.

pytest-django blocks Django's database connections in every test (``django_db_blocker``) and opens them only
for a test marked ``django_db`` or requesting ``db``, ``transactional_db`` or ``live_server``, itself or through
the fixtures it requests (all of them go through ``_django_db_helper``; ``live_server`` through
``_live_server_helper``), and for Django's own ``TestCase`` classes. A test without any of these fails on its
first query, on SQLite as on PostgreSQL, so it runs the same on both.

The mark stays off whenever unsure: a test from a ``unittest`` class; a test whose fixture closure names a
database fixture; or whose module (with the ``tests`` modules it imports) or the module of one of its fixtures
(less the fixtures it does not use) mentions another way to a database (``WAYS_TO_A_DATABASE``: the database
settings, a driver, Django's ``db`` package, the blocker, fixtures requested at run time, child processes, which
inherit ``DATABASE_URL``, management commands) or imports app code that connects without Django's connection
or starts processes (``APP_CODE_OUTSIDE_DJANGO``: backups run ``pg_dump`` and psycopg on the connection's
settings; ``tindus serve`` starts the web server and the worker).
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import inspect
import re
import unittest
from collections.abc import Iterable
from pathlib import Path

import pytest

MARK = "nodb"

# Fixtures that open the test database (pytest-django) or set it up.
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "_django_db_helper",
        "django_db_setup",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
    }
)

WAYS_TO_A_DATABASE = re.compile(
    r"DATABASE_URL|DATABASES|settings_dict|psycopg|\bdjango\.db\b|django_db_blocker|getfixturevalue"
    r"|subprocess|Popen|multiprocessing|os\.system|os\.exec|os\.fork|ProcessPool|call_command"
)

# App modules (and their submodules) that reach a database without Django's connection or start processes.
APP_CODE_OUTSIDE_DJANGO = ("tindus.backups", "tindus.core.supervisor", "tindus.cli")
PURE_APP_CODE = ("tindus.backups.compute",)

TESTS_FOLDER = Path(__file__).resolve().parent


def mark_tests_without_database(items: Iterable[pytest.Item]) -> None:
    """Add the ``nodb`` mark to every collected test that cannot reach a database."""
    for item in items:
        if cannot_reach_a_database(item):
            item.add_marker(MARK)


def cannot_reach_a_database(item: pytest.Item) -> bool:
    """True only when sure: a plain test function whose fixtures and code open no database."""
    if not isinstance(item, pytest.Function):
        return False
    if item.cls is not None and issubclass(item.cls, unittest.TestCase):
        return False
    if item.get_closest_marker("django_db") is not None:
        return False
    closure = frozenset(item.fixturenames)
    if closure & DATABASE_FIXTURES:
        return False
    try:
        if module_may_reach_a_database(Path(item.path).resolve(), closure, follow_imports=True):
            return False
        for name in closure:
            for fixturedef in item._fixtureinfo.name2fixturedefs.get(name, ()):
                source = _source_file(fixturedef.func)
                if source is None:
                    return False
                if _in_tests(source) and module_may_reach_a_database(source, closure):
                    return False
    except (OSError, SyntaxError, TypeError, ValueError):
        return False
    return True


def mentions_a_way_to_a_database(text: str) -> bool:
    return WAYS_TO_A_DATABASE.search(text) is not None


def imports_code_outside_django(modules: Iterable[str]) -> bool:
    """Whether one of these imported modules may reach a database without Django's connection."""
    return any(
        (_within(name, APP_CODE_OUTSIDE_DJANGO) and not _within(name, PURE_APP_CODE)) or ".management.commands" in name
        for name in modules
    )


def _within(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == package or name.startswith(package + ".") for package in packages)


def _in_tests(path: Path) -> bool:
    return path.suffix == ".py" and path.is_relative_to(TESTS_FOLDER)


@functools.cache
def _source_file(func) -> Path | None:
    found = inspect.getsourcefile(inspect.unwrap(func))
    return Path(found).resolve() if found else None


@dataclasses.dataclass(frozen=True)
class _Statement:
    fixture: str | None  # the fixture's name when the statement defines one
    reaches: bool  # mentions a way to a database or imports app code outside Django's connection
    test_modules: tuple[Path, ...]  # the files of the ``tests.…`` modules it imports


@functools.cache
def _statements(path: Path) -> tuple[_Statement, ...]:
    """The module's top-level statements, each with what it says about databases."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    statements = []
    for node in ast.parse(text).body:
        first = min([node.lineno, *(decorator.lineno for decorator in getattr(node, "decorator_list", ()))])
        code = "".join(lines[first - 1 : node.end_lineno])
        imported = _imported_modules(node)
        statements.append(
            _Statement(
                fixture=_fixture_name(node),
                reaches=mentions_a_way_to_a_database(code) or imports_code_outside_django(imported),
                test_modules=tuple(_test_module_files(imported)),
            )
        )
    return tuple(statements)


@functools.cache
def module_may_reach_a_database(path: Path, closure: frozenset[str], follow_imports: bool = False) -> bool:
    """Whether the module's code, less its fixtures outside ``closure``, may reach a database (and, with
    ``follow_imports``, the code of the ``tests`` modules it imports, less theirs)."""
    for statement in _statements(path):
        if statement.fixture is not None and statement.fixture not in closure:
            continue
        if statement.reaches:
            return True
        if follow_imports and any(module_may_reach_a_database(m, closure) for m in statement.test_modules):
            return True
    return False


def _fixture_name(node: ast.stmt) -> str | None:
    """The name of the fixture this statement defines (``name=`` of its decorator, else the function's)."""
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return None
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if ast.unparse(target) in {"pytest.fixture", "fixture"}:
            for keyword in getattr(decorator, "keywords", ()):
                if keyword.arg == "name" and isinstance(keyword.value, ast.Constant):
                    return str(keyword.value.value)
            return node.name
    return None


def _imported_modules(top: ast.stmt) -> list[str]:
    """Every module this statement imports, ``from a import b`` giving both ``a`` and ``a.b``."""
    names = []
    for node in ast.walk(top):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names += [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return names


def _test_module_files(modules: Iterable[str]) -> list[Path]:
    """The files of the ``tests.…`` modules among these (a package's ``__init__.py``)."""
    files = []
    for name in modules:
        if not name.startswith("tests."):
            continue
        base = TESTS_FOLDER.parent.joinpath(*name.split("."))
        for candidate in (base.with_suffix(".py"), base / "__init__.py"):
            if candidate.is_file():
                files.append(candidate.resolve())
                break
    return files
