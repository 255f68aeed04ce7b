"""The action plan's framework-free cores: plain Python, no Django import (tests/test_framework_free.py).

- :mod:`.funding`: who funds the plan, by year, funder and state;
- :mod:`.gantt`: the timeline of the projects as an accessible SVG;
- :mod:`.workbook`: the XLSX workbook format, its cells and their types (what the values mean is
  checked by :mod:`tindus.plan.importing`).
"""
