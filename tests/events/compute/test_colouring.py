"""Slots inside a class of interchangeable slots: a proper edge colouring that respects each slot's tables."""

import itertools
import random
from collections import Counter

from tindus.events.compute.colouring import colour_class


def proper(meetings, colours):
    seats = Counter()
    for ident, a, b in meetings:
        if ident in colours:
            seats[a, colours[ident]] += 1
            seats[b, colours[ident]] += 1
    return all(n == 1 for n in seats.values())


def test_a_bipartite_graph_of_degree_n_takes_n_slots():
    # Complete bipartite 4 × 4: degree 4, four slots, four tables each: every meeting placed (König).
    meetings = [(f"m{i}{j}", f"a{i}", f"b{j}") for i in range(4) for j in range(4)]
    colours = colour_class(meetings, [0, 1, 2, 3], dict.fromkeys(range(4), 4))
    assert len(colours) == 16 and proper(meetings, colours)


def test_random_graphs_within_the_degree_are_coloured_with_kempe_chains():
    rng = random.Random(7)
    for _ in range(20):
        people = [f"p{i}" for i in range(14)]
        degree = Counter()
        meetings = []
        for a, b in rng.sample(list(itertools.combinations(people, 2)), 60):
            if degree[a] < 5 and degree[b] < 5 and rng.random() < 0.7:
                degree.update((a, b))
                meetings.append((f"{a}-{b}", a, b))
        colours = colour_class(meetings, list(range(6)), dict.fromkeys(range(6), 7))
        assert proper(meetings, colours)
        assert len(colours) == len(meetings)  # degree 5 < 6 slots: Vizing guarantees a colouring
        assert max(Counter(colours.values()).values()) <= 7


def test_tables_are_respected_by_moving_meetings_to_slots_with_room():
    # Four disjoint meetings, two slots of two tables.
    meetings = [(f"m{i}", f"a{i}", f"b{i}") for i in range(4)]
    colours = colour_class(meetings, [0, 1], {0: 2, 1: 2})
    assert len(colours) == 4 and Counter(colours.values()) == {0: 2, 1: 2}


def test_fixed_meetings_keep_their_slot_and_preferred_ones_theirs_when_they_can():
    meetings = [("m1", "a", "b"), ("m2", "a", "c"), ("m3", "b", "c")]
    colours = colour_class(meetings, [0, 1, 2], dict.fromkeys(range(3), 3), fixed={"m1": 2}, prefer={"m2": 0})
    assert colours["m1"] == 2 and colours["m2"] == 0 and colours["m3"] == 1


def test_a_triangle_in_two_slots_leaves_one_meeting_out():
    meetings = [("m1", "a", "b"), ("m2", "b", "c"), ("m3", "a", "c")]
    colours = colour_class(meetings, [0, 1], {0: 3, 1: 3})
    assert len(colours) == 2 and proper(meetings, colours)
    assert "m3" not in colours  # the least important (last) is the one left out
