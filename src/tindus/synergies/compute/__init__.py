"""The synergies' framework-free cores: plain Python, no Django import (tests/test_framework_free.py).

- :mod:`.declarations`: what a company offers or needs, and the checks before saving it;
- :mod:`.text`: offline French text normalisation and similarity;
- :mod:`.matching`: the indexed matcher ranking complementary declarations, with reasons;
- :mod:`.naive`: the all-pairs scorer it is measured against (``bench/synergies.py``);
- :mod:`.discovery`: synergies to discover before anyone declares anything, from documented exchange
  patterns (``data/patterns.csv``, each with its source) and the INSEE input-output table;
- :mod:`.pooling`: needs better met together (shared purchases, services, training);
- :mod:`.feedback`: what the outcomes of followed opportunities teach the ranking;
- :mod:`.impact`: tonnes and CO2e avoided, with sourced emission factors (``IMPACT_METHOD.md``);
- :mod:`.network`: the network of companies, its communities and an accessible SVG drawing;
- :mod:`.tables`: reading the shipped CSV tables with the file, line and reason of any problem.
"""
