"""Plain-Python cores of the land module: CNIG schemas, inventory, GeoPackage, occupants, vacancy, brownfields.

No Django import here (tests/test_framework_free.py). Reference files are read from ``tindus/land/data``.
"""

from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
