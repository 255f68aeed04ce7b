"""docs/library.md runs: its examples, in order and in one namespace, in a fresh interpreter without Django.

The ``pycon`` blocks are run as one doctest (outputs compared with ELLIPSIS and NORMALIZE_WHITESPACE); the
child process has no Django settings and checks at the end that Django was never imported, so the page
also proves that the cores it shows are framework-free.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "library.md"
BLOCK = re.compile(r"^```pycon\n(.*?)^```$", re.DOTALL | re.MULTILINE)

RUNNER = """
import doctest, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(sys.argv[2], text, re.DOTALL | re.MULTILINE)
test = doctest.DocTestParser().get_doctest("\\n".join(blocks), {}, "library.md", sys.argv[1], 0)
runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
runner.run(test)
print(f"examples={len(test.examples)} failed={runner.failures}")
if "django" in sys.modules:
    sys.exit("django was imported")
sys.exit(1 if runner.failures else 0)
"""


def test_the_page_shows_every_core_with_outputs():
    code = "\n".join(BLOCK.findall(PAGE.read_text(encoding="utf-8")))
    for module in ("diagnostic.compute.secrecy", "synergies.compute.matching", "events.compute.solve",
                   "events.compute.validate", "plan.compute.funding"):  # fmt: skip
        assert f"from tindus.{module} import" in code
    assert "```python" not in PAGE.read_text(encoding="utf-8")  # every example is a checked pycon block


def test_the_examples_run_without_django():
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO")}
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, str(PAGE), BLOCK.pattern],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    examples = int(re.search(r"examples=(\d+)", done.stdout).group(1))
    assert examples >= 30
