"""The network of companies and synergies: merging, communities, ranking, layout and the accessible SVG."""

import json
import random
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tindus.synergies.compute import network
from tindus.synergies.compute.network import GREY, PALETTE, Edge, Node, build, describe, to_json, to_svg

SVG = "{http://www.w3.org/2000/svg}"


def companies(*ids: str) -> list[Node]:
    return [Node(id, f"Entreprise {id}", sector="25.62A", commune="Besançon") for id in ids]


def link(a: str, b: str, status: str = "proposed", weight: float = 1.0, kind: str = "matieres") -> Edge:
    return Edge(a, b, kind, status, weight)


def two_clusters() -> tuple[list[Node], list[Edge]]:
    """Two cliques of four, joined by one edge (A4-B1)."""
    left, right = ["A1", "A2", "A3", "A4"], ["B1", "B2", "B3", "B4"]
    edges = [link(a, b) for group in (left, right) for i, a in enumerate(group) for b in group[i + 1 :]]
    return companies(*left, *right), [*edges, link("A4", "B1")]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # also proves the drawing is well-formed XML


def graph_nodes(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if "node" in g.get("class", "").split()]


def lines(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}line"))


# --- building -----------------------------------------------------------------------------------------------


def test_two_obvious_clusters_are_two_communities():
    nodes, edges = two_clusters()
    net = build(nodes, edges)
    assert net.communities == [["A1", "A2", "A3", "A4"], ["B1", "B2", "B3", "B4"]]
    assert {net.community_of[id] for id in ("A1", "A2", "A3", "A4")} == {0}
    assert {net.community_of[id] for id in ("B1", "B2", "B3", "B4")} == {1}


def test_communities_are_sorted_largest_first_and_loners_come_last():
    nodes, edges = two_clusters()
    nodes += companies("C1", "C2", "C3", "Z")
    edges += [link("C1", "C2"), link("C2", "C3"), link("C1", "C3")]
    net = build(nodes, edges)
    assert [len(members) for members in net.communities] == [4, 4, 3, 1]
    assert net.communities[-1] == ["Z"]
    assert all(members == sorted(members) for members in net.communities)
    assert network.colour(net, "Z") == GREY  # a company without link gets no community colour


def test_ranking_most_connected_first():
    nodes = companies("hub", "a", "b", "c", "d")
    edges = [link("hub", x) for x in "abcd"] + [link("a", "b"), link("a", "c", weight=3)]
    net = build(nodes, edges)
    ranking = [(node.id, degree, weighted) for node, degree, weighted in net.ranking]
    # hub 4 links; a 3 (hub, b, c); c and b 2 each, c weighing more (4 against 2); d 1.
    assert ranking == [("hub", 4, 4.0), ("a", 3, 5.0), ("c", 2, 4.0), ("b", 2, 2.0), ("d", 1, 1.0)]
    assert net.degree["hub"] == 4 and net.weighted_degree["a"] == 5.0
    assert net.neighbours("a") == ["hub", "c", "b"]


def test_ranking_ties_are_broken_by_name():
    nodes = [Node("1", "Zinc SA"), Node("2", "acier SARL"), Node("3", "Bois SAS"), Node("4", "Cuivre")]
    net = build(nodes, [link("1", "2"), link("3", "4")])
    assert [node.label for node, _, _ in net.ranking] == ["acier SARL", "Bois SAS", "Cuivre", "Zinc SA"]


def test_parallel_synergies_are_merged_into_one_weighted_edge():
    nodes = companies("A", "B")
    edges = [
        Edge("A", "B", "matieres", "proposed", 2.0, "Chutes d'acier"),
        Edge("B", "A", "energie", "implemented", 1.5, "Chaleur fatale"),
        Edge("A", "B", "matieres", "detected", 0.5, "Chutes d'acier"),
    ]
    net = build(nodes, edges)
    assert net.graph.number_of_edges() == 1
    data = net.graph.edges["A", "B"]
    assert data["weight"] == 4.0
    assert data["kinds"] == ("energie", "matieres")
    assert data["statuses"] == ("detected", "proposed", "implemented")
    assert data["status"] == "implemented"
    assert data["labels"] == ("Chutes d'acier", "Chaleur fatale")
    assert data["count"] == 3 and data["active"]
    assert net.ranking[0][1:] == (1, 4.0)


def test_abandoned_synergies_are_left_out_by_default():
    nodes = companies("A", "B", "C")
    edges = [link("A", "B"), link("B", "C", "abandoned", weight=5), link("A", "B", "abandoned", weight=9)]
    net = build(nodes, edges)
    assert list(net.graph.edges) == [("A", "B")]
    assert net.graph.edges["A", "B"]["weight"] == 1.0
    assert net.graph.edges["A", "B"]["statuses"] == ("proposed",)
    assert net.degree == {"A": 1, "B": 1, "C": 0}
    assert net.communities == [["A", "B"], ["C"]]


def test_abandoned_synergies_may_be_drawn_but_never_count():
    nodes = companies("A", "B", "C")
    edges = [link("A", "B"), link("B", "C", "abandoned", weight=5), link("A", "B", "abandoned", weight=9)]
    net = build(nodes, edges, include_abandoned=True)
    assert sorted(net.graph.edges) == [("A", "B"), ("B", "C")]
    assert net.graph.edges["A", "B"]["weight"] == 1.0  # the abandoned part weighs nothing
    assert net.graph.edges["A", "B"]["status"] == "proposed"
    assert net.graph.edges["B", "C"]["active"] is False
    assert net.degree == {"A": 1, "B": 1, "C": 0}
    assert net.weighted_degree["B"] == 1.0
    assert net.communities == [["A", "B"], ["C"]]
    assert net.neighbours("B") == ["A"]

    root = parse(to_svg(net))
    abandoned = [line for line in lines(root) if "status-abandoned" in line.get("class")]
    assert [(line.get("data-source"), line.get("data-target")) for line in abandoned] == [("B", "C")]
    assert abandoned[0].get("stroke-dasharray")


def test_only_abandoned_synergies_make_an_empty_network_by_default():
    net = build(companies("A", "B"), [link("A", "B", "abandoned")])
    assert net.is_empty()
    assert "Aucune synergie à afficher pour l'instant." in to_svg(net)


@pytest.mark.parametrize(
    ("nodes", "edges", "message"),
    [
        (companies("A", "A"), [], "duplicate node"),
        (companies("A"), [link("A", "B")], "unknown node"),
        (companies("A"), [link("A", "A")], "itself"),
        (companies("A", "B"), [link("A", "B", status="signed")], "unknown status"),
        (companies("A", "B"), [link("A", "B", weight=0)], "not positive"),
        (companies("A", "B"), [link("A", "B", weight=float("nan"))], "not positive"),
    ],
)
def test_caller_mistakes_are_refused(nodes, edges, message):
    with pytest.raises(ValueError, match=message):
        build(nodes, edges)


# --- layout -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nodes", "edges"),
    [
        (companies("A"), []),
        (companies("A", "B"), [link("A", "B")]),
        (companies("A", "B", "C", "D", "E"), [link("A", "B")]),
        (companies(*map(str, range(30))), []),
        two_clusters(),
    ],
)
def test_positions_lie_in_the_unit_square(nodes, edges):
    net = build(nodes, edges)
    assert set(net.positions) == {node.id for node in nodes}
    for x, y in net.positions.values():
        assert 0 <= x <= 1 and 0 <= y <= 1


def test_communities_are_grouped_in_the_drawing():
    nodes, edges = two_clusters()
    net = build(nodes, edges)

    def centre(members):
        xs, ys = zip(*(net.positions[id] for id in members), strict=True)
        return sum(xs) / len(xs), sum(ys) / len(ys)

    def distance(p, q):
        return ((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2) ** 0.5

    centres = [centre(members) for members in net.communities]
    for index, members in enumerate(net.communities):
        for id in members:  # every company is nearer its own community's centre than the other one's
            assert distance(net.positions[id], centres[index]) < distance(net.positions[id], centres[1 - index])


def test_companies_without_link_sit_along_the_bottom():
    nodes, edges = two_clusters()
    net = build([*nodes, *companies("Y", "Z")], edges)
    linked_bottom = max(net.positions[id][1] for members in net.communities[:2] for id in members)
    assert all(net.positions[id][1] > linked_bottom for id in ("Y", "Z"))


def test_large_community_is_laid_out_without_scipy():
    """networkx needs SciPy for a spring layout of 500 nodes or more; a star of 520 still gets positions."""
    nodes = companies(*(f"n{i:03d}" for i in range(520)))
    edges = [link("n000", node.id) for node in nodes[1:]]
    net = build(nodes, edges)
    assert len(net.communities) == 1
    assert len(set(net.positions.values())) == 520
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in net.positions.values())


# --- determinism ----------------------------------------------------------------------------------------------


def test_same_input_gives_the_same_drawing():
    nodes, edges = two_clusters()
    assert to_svg(build(nodes, edges)) == to_svg(build(nodes, edges))


def test_input_order_does_not_matter():
    nodes, edges = two_clusters()
    shuffled_nodes, shuffled_edges = nodes[:], [Edge(e.target, e.source, e.kind, e.status, e.weight) for e in edges]
    random.Random(1).shuffle(shuffled_nodes)
    random.Random(2).shuffle(shuffled_edges)
    assert to_svg(build(shuffled_nodes, shuffled_edges)) == to_svg(build(nodes, edges))
    assert to_json(build(shuffled_nodes, shuffled_edges)) == to_json(build(nodes, edges))


def test_drawing_does_not_depend_on_string_hashing():
    """Sets of strings iterate in an order that changes with PYTHONHASHSEED: none may leak into the result."""
    script = (
        "import hashlib, random\n"
        "from tindus.synergies.compute.network import Edge, Node, build, to_svg\n"
        "rng = random.Random(5)\n"
        "nodes = [Node(f'c{i}', f'Entreprise {i}') for i in range(40)]\n"
        "edges = [Edge(f'c{a}', f'c{b}', 'matieres', 'proposed', rng.uniform(0.5, 2))\n"
        "         for a, b in (rng.sample(range(g * 10, g * 10 + 10), 2) for g in range(4) for _ in range(15))]\n"
        "edges += [Edge('c0', 'c15', 'energie', 'implemented'), Edge('c12', 'c25', 'energie', 'study')]\n"
        "print(hashlib.sha256(to_svg(build(nodes, edges)).encode()).hexdigest())\n"
    )
    src = str(Path(network.__file__).parents[3])
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={"PYTHONHASHSEED": seed, "PYTHONPATH": src},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1


# --- SVG ------------------------------------------------------------------------------------------------------


def test_svg_is_an_accessible_image():
    nodes, edges = two_clusters()
    root = parse(to_svg(build(nodes, edges), title="Réseau du territoire", id_prefix="reseau"))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "reseau-title reseau-desc"
    assert root.find(f"{SVG}title").text == "Réseau du territoire"
    assert root.find(f"{SVG}title").get("id") == "reseau-title"
    assert root.find(f"{SVG}desc").text.startswith("8 entreprises liées par 13 liens, en 2 communautés.")


def test_svg_has_one_focusable_group_per_company_and_one_line_per_pair():
    nodes, edges = two_clusters()
    net = build([*nodes, *companies("Z")], edges)
    root = parse(to_svg(net))
    groups = graph_nodes(root)
    assert sorted(g.get("data-id") for g in groups) == sorted([node.id for node in nodes] + ["Z"])
    assert all(g.get("tabindex") == "0" for g in groups)
    assert {g.get("data-id"): int(g.get("data-community")) for g in groups} == net.community_of
    assert {g.get("data-community-label") for g in groups} == {"Communauté 1", "Communauté 2", "Sans synergie active"}
    assert [g.find(f"{SVG}title").text for g in groups][:1] == [net.ranking[0][0].label]
    assert len(lines(root)) == 13
    assert all(line.get("data-source") and line.get("data-target") for line in lines(root))


def test_circles_grow_with_degree_and_take_their_community_colour():
    nodes = companies("hub", "a", "b", "c")
    net = build(nodes, [link("hub", x) for x in "abc"])
    root = parse(to_svg(net))
    radius = {g.get("data-id"): float(g.find(f"{SVG}circle").get("r")) for g in graph_nodes(root)}
    assert radius["hub"] > radius["a"] == radius["b"] == radius["c"]
    assert {g.find(f"{SVG}circle").get("fill") for g in graph_nodes(root)} == {PALETTE[0]}


def test_communities_beyond_the_palette_are_grey():
    pairs = [(f"a{i:02d}", f"b{i:02d}") for i in range(len(PALETTE) + 2)]
    net = build(companies(*(id for pair in pairs for id in pair)), [link(a, b) for a, b in pairs])
    assert len(net.communities) == len(PALETTE) + 2
    colours = [network.colour(net, members[0]) for members in net.communities]
    assert colours == [*PALETTE, GREY, GREY]


def test_edges_are_dashed_unless_implemented_and_thicker_with_weight():
    nodes = companies("A", "B", "C", "D")
    edges = [link("A", "B", "implemented", weight=4), link("C", "D", "study"), link("B", "C", "detected")]
    root = parse(to_svg(build(nodes, edges)))
    by_pair = {(line.get("data-source"), line.get("data-target")): line for line in lines(root)}
    assert by_pair["A", "B"].get("class") == "edge status-implemented"
    assert by_pair["A", "B"].get("stroke-dasharray") is None
    assert by_pair["C", "D"].get("class") == "edge status-study"
    assert by_pair["C", "D"].get("stroke-dasharray")
    assert by_pair["B", "C"].get("stroke-dasharray")
    assert float(by_pair["A", "B"].get("stroke-width")) > float(by_pair["C", "D"].get("stroke-width"))


def written(group: ET.Element) -> bool:
    text = group.find(f"{SVG}text")
    return text is not None and text.get("visibility") != "hidden"


def test_only_the_most_connected_are_labelled_the_others_on_demand():
    nodes = companies("hub", "a", "b", "c", "d")
    root = parse(to_svg(build(nodes, [link("hub", x) for x in "abcd"]), labelled=2))
    assert [g.get("data-id") for g in graph_nodes(root) if written(g)] == ["hub", "a"]
    hidden = [g.find(f"{SVG}text") for g in graph_nodes(root) if not written(g)]
    assert len(hidden) == 3 and all("on-demand" in text.get("class").split() for text in hidden)
    assert all(g.find(f"{SVG}text").get("aria-hidden") == "true" for g in graph_nodes(root))  # the <title> speaks


def label_boxes(root: ET.Element) -> dict[str, tuple[float, float, float, float]]:
    """The boxes of the written names, in drawing coordinates, measured as the drawing measures them."""
    boxes = {}
    for g in graph_nodes(root):
        if not written(g):
            continue
        text = g.find(f"{SVG}text")
        x, y = float(g.get("data-x")), float(g.get("data-y"))
        w = network.text_width(text.text, network.LABEL_SIZE)
        left = {"start": 0, "end": -w, "middle": -w / 2}[text.get("text-anchor")]
        tx, ty = x + float(text.get("x")), y + float(text.get("y"))
        boxes[g.get("data-id")] = (tx + left, ty - 10, tx + left + w, ty + 3)
    return boxes


def test_written_names_overlap_neither_each_other_nor_circles_and_stay_in_the_drawing():
    # A crowded network with long names: a star of 30 around a hub, and a chain.
    nodes = [Node(f"c{i:02d}", f"Société des Établissements Industriels numéro {i}") for i in range(45)]
    edges = [Edge("c00", f"c{i:02d}", "matieres", "proposed") for i in range(1, 30)]
    edges += [Edge(f"c{i:02d}", f"c{i + 1:02d}", "energie", "study") for i in range(30, 44)]
    root = parse(to_svg(build(nodes, edges), width=600, height=400, labelled=40))
    boxes = label_boxes(root)
    assert len(boxes) >= 5
    items = sorted(boxes.items())
    for i, (a, box) in enumerate(items):
        assert box[0] >= 0 and box[2] <= 600 and box[1] >= 0 and box[3] <= 400, a
        for b, other in items[i + 1 :]:
            apart = box[2] <= other[0] or other[2] <= box[0] or box[3] <= other[1] or other[3] <= box[1]
            assert apart, (a, b)
    for g in graph_nodes(root):
        cx, cy, r = float(g.get("data-x")), float(g.get("data-y")), float(g.find(f"{SVG}circle").get("r"))
        for owner, (x0, y0, x1, y1) in boxes.items():
            if owner != g.get("data-id"):
                assert x1 <= cx - r or cx + r <= x0 or y1 <= cy - r or cy + r <= y0, (owner, g.get("data-id"))


def test_names_are_escaped():
    name = 'Dupont & Fils "<script>"'
    nodes = [Node("1", name, sector='"<b>"', commune="L'Isle-sur-le-Doubs"), Node("2", "Autre\x01 SA")]
    edges = [Edge("1", "2", "matieres", "proposed", label='Chutes <acier> & "copeaux"')]
    svg = to_svg(build(nodes, edges), title="Réseau <de> « Dupont & Fils »")
    assert "<script" not in svg
    assert 'Dupont &amp; Fils "&lt;script&gt;"' in svg  # in text content
    assert 'data-sector="&quot;&lt;b&gt;&quot;"' in svg  # in an attribute
    root = parse(svg)
    assert root.find(f"{SVG}title").text == "Réseau <de> « Dupont & Fils »"
    group = next(g for g in graph_nodes(root) if g.get("data-id") == "1")
    assert group.find(f"{SVG}title").text == name
    assert group.get("data-sector") == '"<b>"' and group.get("data-commune") == "L'Isle-sur-le-Doubs"
    assert group.find(f"{SVG}text").text == name
    assert 'Chutes <acier> & "copeaux"' in lines(root)[0].find(f"{SVG}title").text
    assert "Autre SA" in svg  # a control character, forbidden in XML, is dropped


def test_long_names_are_shortened_at_a_word_on_the_drawing_but_not_in_the_title():
    name = "Société Nouvelle des Établissements Métallurgiques du Haut-Doubs"
    root = parse(to_svg(build([Node("1", name), Node("2", "B")], [link("1", "2")])))
    group = next(g for g in graph_nodes(root) if g.get("data-id") == "1")
    assert group.find(f"{SVG}title").text == name
    short = group.find(f"{SVG}text").text
    assert short == "Société Nouvelle…"  # whole words, no dangling « des »
    assert network.text_width(short, network.LABEL_SIZE) <= network.LABEL_WIDTH


@pytest.mark.parametrize(
    ("name", "shown"),
    [("Manufacture Vincent (La Chenalotte)", "Manufacture Vincent…"),
     ("Compagnie Guérin (Les Premiers Sapins)", "Compagnie Guérin…"),
     ("Ateliers Morel (Valdahon) · SIRET 60825252475501", "Ateliers Morel (Valdahon)…")],
)  # fmt: skip
def test_a_name_is_never_cut_inside_its_brackets(name, shown):
    assert network._shorten(name) == shown


@pytest.mark.parametrize(("nodes", "edges"), [([], []), (companies("A", "B"), [])])
def test_empty_network_says_there_is_nothing_yet(nodes, edges):
    net = build(nodes, edges)
    assert net.is_empty()
    root = parse(to_svg(net))
    assert root.get("role") == "img"
    assert "network-empty" in root.get("class")
    texts = [element.text for element in root.iter() if element.tag in (f"{SVG}text", f"{SVG}desc")]
    assert texts == ["Aucune synergie à afficher pour l'instant."] * 2
    assert not graph_nodes(root) and not lines(root)


def test_user_visible_strings_can_be_translated():
    nodes, edges = two_clusters()
    net = build(nodes, edges)
    root = parse(
        to_svg(
            net,
            title="Synergy network",
            description="Eight companies.",
            community_label="Community {number}",
            status_labels={"proposed": "proposed"},
            kind_labels={"matieres": "materials"},
        )
    )
    assert root.find(f"{SVG}desc").text == "Eight companies."
    assert {g.get("data-community-label") for g in graph_nodes(root)} == {"Community 1", "Community 2"}
    assert lines(root)[0].find(f"{SVG}title").text.endswith(": materials (proposed)")
    empty = parse(to_svg(build([], []), empty_text="Nothing to show yet."))
    assert empty.find(f"{SVG}desc").text == "Nothing to show yet."


def test_svg_size_and_coordinates():
    nodes, edges = two_clusters()
    root = parse(to_svg(build(nodes, edges), width=400, height=300))
    assert root.get("viewBox") == "0 0 400 300"
    for g in graph_nodes(root):
        x, y = (float(value) for value in re.fullmatch(r"translate\((\S+) (\S+)\)", g.get("transform")).groups())
        assert (x, y) == (float(g.get("data-x")), float(g.get("data-y")))
        assert 0 <= x <= 400 and 0 <= y <= 300


def test_description_sums_the_network_up():
    nodes = companies("hub", "a", "b")
    net = build(nodes, [link("hub", "a"), link("hub", "b")])
    assert describe(net) == (
        "3 entreprises liées par 2 liens, en 1 communauté. Les plus connectées : "
        "Entreprise hub (2 liens), Entreprise a (1 lien), Entreprise b (1 lien)."
    )


# --- data -----------------------------------------------------------------------------------------------------


def test_json_for_the_data_table():
    nodes, edges = two_clusters()
    net = build([*nodes, *companies("Z")], [*edges, link("B2", "B3", "implemented", kind="energie")])
    data = json.loads(json.dumps(to_json(net)))
    assert [node["id"] for node in data["nodes"]] == [node.id for node, _, _ in net.ranking]
    first = data["nodes"][0]
    assert set(first) == {
        "id",
        "label",
        "sector",
        "commune",
        "community",
        "degree",
        "weighted_degree",
        "colour",
        "x",
        "y",
    }
    assert data["nodes"][-1] == {**data["nodes"][-1], "id": "Z", "degree": 0, "colour": GREY}
    assert len(data["edges"]) == 13
    merged = next(edge for edge in data["edges"] if (edge["source"], edge["target"]) == ("B2", "B3"))
    assert merged == {
        "source": "B2",
        "target": "B3",
        "weight": 2.0,
        "kinds": ["energie", "matieres"],
        "statuses": ["proposed", "implemented"],
        "status": "implemented",
        "labels": [],
        "count": 2,
        "active": True,
    }
    assert [community["members"] for community in data["communities"]] == net.communities
    assert data["communities"][0]["colour"] == PALETTE[0]


# --- the script stays self-contained (the module stays framework-free: tests/test_framework_free.py) ---------


def test_script_makes_no_request_and_injects_no_markup():
    script = (Path(network.__file__).parents[1] / "static" / "synergies" / "network.js").read_text(encoding="utf-8")
    for forbidden in ("fetch(", "XMLHttpRequest", "innerHTML", "outerHTML", "insertAdjacentHTML", "eval(", "http"):
        assert forbidden not in script
    assert "textContent" in script


def test_the_network_of_followed_synergies_links_providers_to_receivers_and_pooling_members():
    from types import SimpleNamespace

    def synergy(status, *companies, category="matieres", title="échange"):
        people = [{"siret": s, "name": f"Entreprise {s}", "role": r} for s, r in companies]
        return SimpleNamespace(companies=people, category=category, status=status, title=title)

    synergies = [
        synergy("proposed", ("A", "provider"), ("B", "receiver"), ("C", "receiver")),
        synergy("study", ("D", "member"), ("E", "member"), ("F", "member"), category="mutualisation"),
        synergy("abandoned", ("A", "provider"), ("F", "receiver")),
        synergy("proposed", ("G", "provider"), ("G", "receiver")),  # a company never links to itself
    ]
    built = network.from_synergies(synergies)
    assert sorted(tuple(sorted(e)) for e in built.graph.edges) == [
        ("A", "B"), ("A", "C"), ("D", "E"), ("D", "F"), ("E", "F"),
    ]  # fmt: skip
    assert built.nodes["A"].label == "Entreprise A" and "G" in built.nodes
    known = {"A": Node("ignored", "Scierie de Montbard", sector="16.10A", commune="Montbard")}
    named = network.from_synergies(synergies, known=known)
    assert named.nodes["A"] == Node("A", "Scierie de Montbard", sector="16.10A", commune="Montbard")
    assert named.nodes["B"].label == "Entreprise B"
    with_abandoned = network.from_synergies(synergies, include_abandoned=True)
    assert with_abandoned.graph.has_edge("A", "F") and not with_abandoned.graph["A"]["F"]["active"]


def test_circles_of_dense_communities_do_not_cover_each_other():
    # Twelve cliques of ten: laid out in [0, 1]², their circles would overlap once drawn.
    ids = [[f"g{g:02d}n{i}" for i in range(10)] for g in range(12)]
    edges = [Edge(a, b, "matieres", "proposed") for group in ids for i, a in enumerate(group) for b in group[i + 1 :]]
    nodes = [Node(i, f"Entreprise {i}") for group in ids for i in group]
    root = parse(to_svg(build(nodes, edges), width=900, height=600))
    circles = [(float(g.get("data-x")), float(g.get("data-y")), float(g.find(f"{SVG}circle").get("r")))
               for g in graph_nodes(root)]  # fmt: skip
    for i, (x1, y1, r1) in enumerate(circles):
        assert r1 <= x1 <= 900 - r1 and r1 <= y1 <= 600 - r1
        for x2, y2, r2 in circles[i + 1 :]:
            assert ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 >= r1 + r2, (x1, y1, x2, y2)
