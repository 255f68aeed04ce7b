"""The land module's periodic tasks, found by the scheduler's autodiscovery of ``tasks`` modules (the jobs
started from pages live in the ``tasks_<area>`` modules, imported by their views)."""

from . import periodic_procedure  # noqa: F401  (the six-year refresh reminder)
