"""Synergies between local companies: plain Python cores (no Django import), usable from a notebook.

- :mod:`tindus.synergies.discovery`: synergies to discover before anyone declares anything, from a
  knowledge base of documented exchange patterns (``data/patterns.csv``, each with its source) and the
  INSEE input-output table.
"""
