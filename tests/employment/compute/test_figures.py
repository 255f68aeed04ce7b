"""A masked BMO cell is missing, never 0 nor 1, and stays masked through every sum."""

import pytest

from tindus.employment.compute.figures import Figure, share


def test_a_masked_cell_is_neither_zero_nor_one():
    masked = Figure.cell(None)
    assert masked.value == 0 and masked.masked == 1
    assert masked.unknown and not masked.exact
    assert masked.render() == "masked"
    assert Figure.cell(7).render() == "7" and Figure.cell(7).exact


def test_a_sum_with_a_masked_part_is_at_least():
    total = Figure.total([Figure.cell(120), Figure.cell(None), Figure.cell(1300)])
    assert (total.value, total.masked) == (1420, 1)
    assert total.render() == "at least 1\u202f420"
    assert (total + Figure.cell(5)).render() == "at least 1\u202f425"
    assert (Figure.cell(None) + Figure.cell(None)).render() == "masked"


def test_apportioning_keeps_the_masked_parts():
    part = (Figure.cell(200) + Figure.cell(None)).scaled(0.25)
    assert part.value == pytest.approx(50) and part.masked == 1
    assert part.render() == "at least 50"


def test_the_render_goes_through_the_translation():
    french = {"at least %(number)s": "au moins %(number)s", "masked": "masqué"}.get
    assert (Figure.cell(12) + Figure.cell(None)).render(lambda m: french(m) or m) == "au moins 12"
    assert Figure.cell(None).render(lambda m: french(m) or m) == "masqué"


def test_a_share_needs_two_exact_figures():
    assert share(Figure.cell(30), Figure.cell(120)) == pytest.approx(0.25)
    assert share(Figure.cell(None), Figure.cell(120)) is None
    assert share(Figure.cell(30), Figure.cell(120) + Figure.cell(None)) is None
    assert share(Figure.cell(0), Figure.cell(0)) is None
