"""Tindus: the open workbench for France's Territoires d'industrie."""

__version__ = "0.1.0"
