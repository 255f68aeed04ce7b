"""The employment–training cores: plain Python, no Django import (tests/test_framework_free.py).

- :mod:`.problems`: the error every reader raises, naming the file, the line and the column or element;
- :mod:`.figures`: a count that remembers its masked parts (« at least N »);
- :mod:`.bmo`: France Travail's BMO survey files, whatever the year's layout;
- :mod:`.basins`: BMO employment basins summed to a territory, straddling basins apportioned;
- :mod:`.fap`: the FAP 2021 job families and the FAP 2009 tension indicators, linked at the domain level only;
- :mod:`.lheo`: training offers in LHÉO XML, checked against the 2.3 schema;
- :mod:`.rncp`: France compétences' RNCP / RS export;
- :mod:`.template`: the CSV template for sessions collected by hand;
- :mod:`.offers`: the organisations, actions and sessions the three readers above return;
- :mod:`.matching`: proposed links between ROME jobs and BMO jobs, by offline text similarity;
- :mod:`.needs`: needs against offers for many territories at once, with the gaps named;
- :mod:`.geo`: great-circle distances and calendar months on numpy arrays.
"""
