"""The consultation's framework-free cores: plain Python, no Django import (tests/test_framework_free.py).

- :mod:`.schema`: questionnaires as plain data (sections, questions of every type, conditions);
- :mod:`.answers`: checking a respondent's answers against a schema;
- :mod:`.results`: results by question and segment, protected against small cells;
- :mod:`.themes`: the themes of French free texts;
- :mod:`.summary`: what the committee's summary may show besides the results;
- :mod:`.segments`: the sector, size class and EPCI an answer is counted in;
- :mod:`.ready_made`: the two ready-made questionnaires (leaders, employees);
- :mod:`.synthetic`: synthetic answers for the demo and the benchmark.
"""
