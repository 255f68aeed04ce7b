"""The industrial diagnostic of a territory: indicators and statistical secrecy.

Framework-free (no Django import): every formula is written once here, with its exact definition,
and can be used from a notebook on plain Python data.
"""
