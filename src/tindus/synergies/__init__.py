"""Synergies between local companies: plain Python cores (no Django import), usable from a notebook.

- :mod:`tindus.synergies.discovery`: synergies to discover before anyone declares anything, from a
  knowledge base of documented exchange patterns (``data/patterns.csv``, each with its source) and the
  INSEE input-output table.
- :mod:`tindus.synergies.declarations`: what a company offers or needs, and the checks before saving it;
- :mod:`tindus.synergies.text`: offline French text normalisation and similarity;
- :mod:`tindus.synergies.matching`: the indexed matcher ranking complementary declarations, with reasons;
- :mod:`tindus.synergies.naive`: the all-pairs scorer it is measured against (``bench/synergies.py``).
"""
