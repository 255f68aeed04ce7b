"""The computation cores stay plain Python: each imports, in a fresh interpreter, without Django.

The list is explicit: every module of an app's ``compute/`` package (found by walking those folders),
and the framework-free modules that live elsewhere. A core that starts to import Django, even
indirectly, fails here.
"""

import subprocess
import sys
from pathlib import Path

import pytest

import tindus

SOURCE = Path(tindus.__file__).parent

FRAMEWORK_FREE = [
    "tindus.charts",
    "tindus.geo.svg",
    "tindus.identifiers",
    "tindus.stemming",
]


def compute_modules() -> list[str]:
    """Every module under a ``compute/`` package of the source tree."""
    found = []
    for path in sorted(SOURCE.rglob("compute/**/*.py")):
        parts = path.relative_to(SOURCE.parent).with_suffix("").parts
        found.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


MODULES = sorted(set(FRAMEWORK_FREE) | set(compute_modules()))


@pytest.mark.parametrize("module", MODULES)
def test_imports_without_django(module):
    code = f"import sys, {module}; print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]", f"{module} imports Django: {done.stdout.strip()}"
