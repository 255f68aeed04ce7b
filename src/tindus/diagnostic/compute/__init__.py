"""The diagnostic's computation cores, in plain Python (no Django import): indicators, the publication
system of the official geographies, its joint statistical-secrecy protection and the independent auditor.

They run on plain data (numbers, codes), from a notebook as well as from the app; the rest of the
``diagnostic`` package (SQL in :mod:`tindus.diagnostic.data`, the report, views, exports) is the app
around them.
"""
