"""Statistical secrecy on hand-made tables whose answer is known, and its invariants."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from tindus.diagnostic.compute.secrecy import (
    TOTAL,
    Table,
    crosstab,
    primary_secret,
    protect,
    publish,
    recoverable_cells,
)

GRID = {(r, c): v for (r, c), v in zip(itertools.product("abc", "xyz"), [5, 7, 9, 11, 13, 2, 4, 6, 8], strict=True)}


def test_primary_rule():
    assert primary_secret(units=1, value=10, largest=10)
    assert primary_secret(units=2, value=10, largest=5)
    assert not primary_secret(units=3, value=100, largest=40)
    assert primary_secret(units=5, value=100, largest=86)  # one establishment above 85 %
    assert not primary_secret(units=5, value=100, largest=85)
    assert not primary_secret(units=0, value=0, largest=0)  # an empty cell discloses nothing


def test_a_single_masked_cell_in_a_row_is_recovered_by_the_margins():
    table = crosstab(GRID, "abc", "xyz")
    assert recoverable_cells(table, {("b", "z")}) == {("b", "z")}


def test_a_lone_secret_cell_needs_exactly_three_more_forming_a_rectangle():
    table = crosstab(GRID, "abc", "xyz")
    masked = protect(table, {("b", "z")})
    assert len(masked) == 4
    rows = {r for r, _c in masked}
    columns = {c for _r, c in masked}
    assert len(rows) == 2 and len(columns) == 2 and TOTAL not in rows | columns
    assert recoverable_cells(table, masked) == set()
    # The cheapest rectangle: the smallest values among the candidates.
    assert ("a", "x") in masked or ("c", "x") in masked


def test_two_secret_cells_each_alone_in_their_column_are_completed():
    table = crosstab(GRID, "abc", "xyz")
    primary = {("a", "x"), ("a", "y")}
    assert recoverable_cells(table, primary) == primary
    masked = protect(table, primary)
    assert len(masked) == 4 and recoverable_cells(table, masked) == set()


def test_a_rectangle_is_already_safe():
    table = crosstab(GRID, "abc", "xyz")
    rectangle = {("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")}
    assert recoverable_cells(table, rectangle) == set()
    assert protect(table, rectangle) == rectangle


def hierarchy():
    """Division 25 = groups 25.1 + 25.6; 25.1 = 25.11 + 25.12; 25.6 = 25.61 + 25.62."""
    values = {"25.11": 40, "25.12": 3, "25.61": 12, "25.62": 30}
    values["25.1"] = values["25.11"] + values["25.12"]
    values["25.6"] = values["25.61"] + values["25.62"]
    values["25"] = values["25.1"] + values["25.6"]
    table = Table(values)
    table.add_constraint("25.1", ["25.11", "25.12"])
    table.add_constraint("25.6", ["25.61", "25.62"])
    table.add_constraint("25", ["25.1", "25.6"])
    return table


def test_masked_cells_in_a_hierarchy():
    table = hierarchy()
    assert recoverable_cells(table, {"25.12"}) == {"25.12"}
    masked = protect(table, {"25.12"})
    assert masked == {"25.12", "25.11"}  # the sibling: the group total then hides both
    assert recoverable_cells(table, masked) == set()
    # Masking a class and its group: the group is recovered from the division and the other group.
    assert recoverable_cells(table, {"25.12", "25.11", "25.1"}) == {"25.1"}
    safe = protect(table, {"25.12", "25.11", "25.1"})
    # Hiding the division total is the one-cell answer (hiding 25.6 would need its two classes too).
    assert recoverable_cells(table, safe) == set() and safe == {"25.12", "25.11", "25.1", "25"}


def test_publish_replaces_masked_cells_by_s():
    table = crosstab(GRID, "ab", "xy")
    published = publish(table, {("a", "x")})
    assert published[("a", "x")] == "s" and published[("b", "y")] == GRID[("b", "y")]


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 4),
    st.integers(2, 5),
    st.lists(st.integers(0, 50), min_size=20, max_size=20),
    st.sets(st.tuples(st.integers(0, 3), st.integers(0, 4)), min_size=1, max_size=4),
)
def test_protection_always_leaves_no_recoverable_cell(n_rows, n_columns, values, secret):
    rows, columns = [f"r{i}" for i in range(n_rows)], [f"c{j}" for j in range(n_columns)]
    cells = {(r, c): values[i * 5 + j] for i, r in enumerate(rows) for j, c in enumerate(columns)}
    primary = {(rows[i], columns[j]) for i, j in secret if i < n_rows and j < n_columns}
    table = crosstab(cells, rows, columns)
    masked = protect(table, primary)
    assert primary <= masked
    assert recoverable_cells(table, masked) == set()
