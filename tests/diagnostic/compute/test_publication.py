"""The publication system: atoms, canonical geographies and NAF nodes, additivity relations."""

from tindus.diagnostic.compute.publication import ALL, OTHER, TOTAL, GeoInput, build_system

from .factories import NAFS, random_system


def test_cells_are_sums_of_their_atoms():
    system = random_system(1)
    for geo in system.geos:
        for parent, children in system.naf_relations:
            whole = system.stats((geo, parent)).value
            assert whole == sum(system.stats((geo, c)).value for c in children)
    for parent, children in system.geo_relations:
        for naf in system.nafs:
            assert system.stats((parent, naf)).value == sum(system.stats((c, naf)).value for c in children)


def test_identical_geographies_and_nodes_are_one():
    system = random_system(2)
    # Territory B is made of the whole E3 and E4: its parts are those EPCI themselves.
    assert system.geo("part:1:B:E3") == "epci:E3"
    # The A38 branch DZ is the section D and the division 35: one node under three names.
    assert system.naf("A38:DZ") == system.naf("sec:D") == system.naf("div:35")
    # A10 "BE" holds every sous-classe of the scope: it is the scope's total.
    assert system.naf("A10:BE") == TOTAL
    assert (TOTAL, [OTHER]) not in system.naf_relations
    assert (ALL, [OTHER, TOTAL]) in system.naf_relations


def test_relations_of_both_dimensions():
    system = random_system(3)
    parents = {parent for parent, _children in system.geo_relations}
    assert {"FR", "region:R1", "region:R2", "territory:1:A"} <= parents
    territory_a = dict(system.geo_relations)["territory:1:A"]
    assert territory_a == ["epci:E0", "epci:E1", "part:1:A:E2"]
    naf = dict(system.naf_relations)
    assert set(naf["sec:C"]) in ({"div:10", "div:11", "div:25", "div:26"}, {"A17:C1", "A17:C3", "A17:C5"},
                                 {"A17:C1", "A17:C3", "A17:C5"})  # fmt: skip
    # Crossing hierarchies: the section C is also the sum of its A17 branches.
    assert any(p == "sec:C" and set(c) == {"A17:C1", "A17:C3", "A17:C5"} for p, c in system.naf_relations)


def test_what_each_geography_shows():
    system = random_system(4)
    assert system.is_published(("epci:E0", "10.1A")) and system.is_published(("epci:E0", ALL))
    assert not system.is_published(("epci:E0", OTHER))
    assert system.is_published(("part:1:A:E2", "A38:CA")) and not system.is_published(("part:1:A:E2", "10.1A"))
    assert system.is_published(("region:R1", "A38:CH")) and not system.is_published(("region:R1", "25.1A"))


def test_geographic_atoms_follow_epci_region_and_territories():
    places = [GeoInput("a", "E", "R", frozenset({"1:T"})), GeoInput("b", "E", "R", frozenset()),
              GeoInput("c", "E", "R", frozenset({"1:T"}))]  # fmt: skip
    system = build_system(places, NAFS[:1], [(p.commune, NAFS[0].naf, 10, 3, 4) for p in places])
    assert len({a for g in system.geos.values() for a in g}) == 2
    assert system.stats(("territory:1:T", NAFS[0].naf)).value == 20
    assert system.stats(("epci:E", NAFS[0].naf)).units == 9
    # One sous-classe: it is the scope's total, under every name.
    assert system.cell("epci:E", NAFS[0].naf) == system.cell("FR", TOTAL) == ("FR", TOTAL)
