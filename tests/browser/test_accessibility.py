"""axe-core (from npm, read from node_modules, never fetched) on every kind of page of the demo, as each role.

Violations of impact serious or critical fail; the others are listed as warnings in the test report.
"""

import warnings
from pathlib import Path

import pytest

from .crawl import ROLES

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("crawl")]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


class AxeMinorFinding(UserWarning):
    """An axe-core finding of impact minor or moderate: listed, not blocking."""


@pytest.fixture(scope="session")
def axe_source():
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make browser-deps` (make test does it).")
    return AXE.read_text()


def audit(page, source: str) -> list[dict]:
    # Evaluated through the DevTools protocol, so a page's content security policy cannot block it.
    page.evaluate(source)
    return page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)")


@pytest.mark.parametrize("role", ROLES)
def test_no_serious_accessibility_violation_on_any_kind_of_page(crawls, role, axe_source):
    walk = crawls(role)
    urls = walk.one_page_per_route()
    assert len(urls) > (5 if role == "anonyme" else 15)
    page = walk.context.new_page()
    blocking, minor = [], []
    try:
        for url in urls:
            page.goto(url)
            for violation in audit(page, axe_source):
                targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
                line = f"{url}: {violation['id']} ({violation['impact']}) {violation['help']} [{targets}]"
                (blocking if violation["impact"] in BLOCKING else minor).append(line)
    finally:
        page.close()
    for line in minor:
        warnings.warn(line, AxeMinorFinding, stacklevel=1)
    assert not blocking, "\n".join(blocking)
