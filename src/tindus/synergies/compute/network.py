"""The network of companies and their synergies: communities, most connected actors, an accessible SVG drawing.

Plain Python and networkx, no Django import: usable from a notebook and tested with plain data. The Django
layer turns its synergies into :class:`Node` and :class:`Edge`, calls :func:`build`, then renders
:func:`to_svg` (progressively enhanced by ``static/synergies/network.js``) next to a data table made from
:func:`to_json`, the accessible alternative to the drawing. Every user-visible string is a keyword argument
with a French default, so that the Django layer can pass translated ones.

**Merging.** Two companies may be linked by several synergies (steel scraps *and* waste heat). They make one
edge of the graph whose weight is the sum of their weights and which remembers their kinds, statuses and
labels; its ``status`` is the most advanced one (``implemented`` before ``study``, ``contact``, ``proposed``,
``detected``).

**Abandoned synergies** are no link between two firms: they never count in the communities, the degrees or
the ranking. By default they are left out altogether; with ``include_abandoned=True`` they stay in the graph
(edge attribute ``active=False`` when nothing else links the pair) so that the drawing can show them dotted.

**Communities** are the Louvain partition (``networkx.community.louvain_communities``) of the weighted graph
of active links with a fixed seed; nodes are inserted in the order of their ids, so the same data gives the
same partition whatever order it came in. A company with no active link is a community of its own.
Communities are numbered largest first, ties broken by their sorted member ids.

**Positions** group communities visually: each community is laid out alone (``spring_layout``, same seed) in
a disc whose area grows with its size; the discs are placed by a spring layout of the graph of communities
(two communities with many links between them end up side by side), then pushed apart until none overlap.
Companies with no active link sit in a grid along the bottom. Coordinates are finally scaled into [0, 1]²;
the drawing then pushes apart circles that would cover each other (:func:`_separate`).

**Names** are written beside the most connected companies only where they overlap no other name and no
circle (tried right, left, above, below, then at its corners); every other name appears when its company is
pointed at or focused, and the page lists every company and link in tables.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Protocol

import networkx as nx
import numpy as np

from tindus.charts import text_width

STATUSES = ("detected", "proposed", "contact", "study", "implemented", "abandoned")
"""Pipeline statuses of a synergy, in the order of the pipeline; ``abandoned`` may happen at any step."""

STATUS_LABELS = {
    "detected": "détectée",
    "proposed": "proposée",
    "contact": "mise en relation",
    "study": "à l'étude",
    "implemented": "mise en œuvre",
    "abandoned": "abandonnée",
}

PALETTE = (
    # Paul Tol's "muted" scheme, designed to stay distinct for colour-blind readers, and Okabe-Ito orange.
    "#332288",
    "#117733",
    "#CC6677",
    "#88CCEE",
    "#DDCC77",
    "#AA4499",
    "#44AA99",
    "#882255",
    "#999933",
    "#E69F00",
)
GREY = "#BBBBBB"
"""Colour of communities beyond the palette and of companies without any active link."""

DEFAULT_SEED = 42
_ORDER = {status: rank for rank, status in enumerate(STATUSES)}
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Node:
    """A company of the network; ``id`` is any stable key (a SIREN, a primary key as a string)."""

    id: str
    label: str
    sector: str = ""
    commune: str = ""


@dataclass(frozen=True)
class Edge:
    """One synergy between two companies, with its category key (``matieres``…) and pipeline status."""

    source: str
    target: str
    kind: str
    status: str
    weight: float = 1.0
    label: str = ""


@dataclass
class Network:
    """The built network.

    ``graph`` is an undirected :class:`networkx.Graph`; each node has the attribute ``node`` (its
    :class:`Node`), each edge ``weight`` (the sum over its active synergies, or over its abandoned ones when
    it has nothing else), ``kinds`` (sorted), ``statuses`` (pipeline order), ``labels`` (first-seen order),
    ``status`` (the most advanced), ``count`` (number of synergies) and ``active``.
    ``communities`` hold node ids (sorted), largest community first; ``community_of`` maps a node id to its
    community's index. ``ranking`` lists every node with its degree (number of companies it has an active link
    with) and weighted degree, most connected first. ``positions`` are in [0, 1]², y pointing down.
    """

    graph: nx.Graph
    nodes: dict[str, Node]
    communities: list[list[str]]
    community_of: dict[str, int]
    ranking: list[tuple[Node, int, float]]
    positions: dict[str, tuple[float, float]]
    include_abandoned: bool = False
    degree: dict[str, int] = field(default_factory=dict)
    weighted_degree: dict[str, float] = field(default_factory=dict)

    def is_empty(self) -> bool:
        """True when there is no synergy to draw (companies alone make no network)."""
        return self.graph.number_of_edges() == 0

    def neighbours(self, node_id: str) -> list[str]:
        """Ids of the companies with an active link to ``node_id``, most connected first."""
        order = {node.id: rank for rank, (node, _, _) in enumerate(self.ranking)}
        found = [other for other, data in self.graph[node_id].items() if data["active"]]
        return sorted(found, key=order.__getitem__)


class Synergy(Protocol):
    """What :func:`from_synergies` reads of a synergy (the Django ``Opportunity`` has it).

    ``companies`` are mappings with ``siret``, ``name`` and ``role`` (``provider``, ``receiver`` or
    ``member``); ``category`` is the kind key, ``status`` the pipeline status.
    """

    companies: list[Mapping[str, str]]
    category: str
    status: str
    title: str


def from_synergies(
    synergies: Iterable[Synergy],
    *,
    include_abandoned: bool = False,
    seed: int = DEFAULT_SEED,
    known: Mapping[str, Node] | None = None,
) -> Network:
    """The network of the companies of these synergies (the territory's followed opportunities).

    A provider is linked to each receiver (never to itself); the members of a pooling are linked two by
    two. A company is the :class:`Node` ``known`` gives for its SIRET (its name, sector and commune), else
    it is named by the first synergy it appears in.
    """
    known = known or {}
    nodes: dict[str, Node] = {}
    edges = []
    for synergy in synergies:
        companies = synergy.companies
        for company in companies:
            siret = company["siret"]
            nodes.setdefault(siret, replace(known[siret], id=siret) if siret in known else Node(siret, company["name"]))
        providers = [c["siret"] for c in companies if c["role"] == "provider"]
        receivers = [c["siret"] for c in companies if c["role"] == "receiver"]
        members = [c["siret"] for c in companies if c["role"] == "member"]
        pairs = [(p, r) for p in providers for r in receivers if p != r]
        pairs += [(a, b) for i, a in enumerate(members) for b in members[i + 1 :]]
        edges += [Edge(a, b, synergy.category, synergy.status, 1.0, synergy.title) for a, b in pairs]
    return build(list(nodes.values()), edges, include_abandoned=include_abandoned, seed=seed)


def build(
    nodes: Iterable[Node],
    edges: Iterable[Edge],
    *,
    include_abandoned: bool = False,
    seed: int = DEFAULT_SEED,
    resolution: float = 1.0,
) -> Network:
    """Merge the synergies into a weighted graph, find its communities, rank its companies, lay it out.

    Raises :class:`ValueError` on a duplicate node id, an edge to an unknown node or to itself, an unknown
    status or a weight that is not a positive finite number: these are bugs of the caller, not data to draw.
    """
    by_id: dict[str, Node] = {}
    for node in nodes:
        if node.id in by_id:
            raise ValueError(f"duplicate node id {node.id!r}")
        by_id[node.id] = node

    merged: dict[tuple[str, str], dict] = {}
    for edge in edges:
        if edge.status not in _ORDER:
            raise ValueError(f"unknown status {edge.status!r}")
        for end in (edge.source, edge.target):
            if end not in by_id:
                raise ValueError(f"edge to unknown node {end!r}")
        if edge.source == edge.target:
            raise ValueError(f"edge from {edge.source!r} to itself")
        weight = float(edge.weight)
        if not math.isfinite(weight) or weight <= 0:
            raise ValueError(f"weight {edge.weight!r} of {edge.source!r}-{edge.target!r} is not positive")
        abandoned = edge.status == "abandoned"
        if abandoned and not include_abandoned:
            continue
        pair = (edge.source, edge.target) if edge.source < edge.target else (edge.target, edge.source)
        data = merged.setdefault(
            pair, {"active_weight": 0.0, "abandoned_weight": 0.0, "kinds": set(), "statuses": set(), "labels": []}
        )
        data["abandoned_weight" if abandoned else "active_weight"] += weight
        data["kinds"].add(edge.kind)
        data["statuses"].add(edge.status)
        if edge.label and edge.label not in data["labels"]:
            data["labels"].append(edge.label)

    graph = nx.Graph()
    active = nx.Graph()
    for node_id in sorted(by_id):
        graph.add_node(node_id, node=by_id[node_id])
        active.add_node(node_id)
    for pair in sorted(merged):
        data = merged[pair]
        statuses = tuple(sorted(data["statuses"], key=_ORDER.__getitem__))
        is_active = data["active_weight"] > 0
        live = [status for status in statuses if status != "abandoned"]
        graph.add_edge(
            *pair,
            weight=data["active_weight"] if is_active else data["abandoned_weight"],
            kinds=tuple(sorted(data["kinds"])),
            statuses=statuses,
            labels=tuple(data["labels"]),
            status=live[-1] if live else "abandoned",
            count=len(statuses),
            active=is_active,
        )
        if is_active:
            active.add_edge(*pair, weight=data["active_weight"])

    communities = _communities(active, seed, resolution)
    community_of = {node_id: index for index, members in enumerate(communities) for node_id in members}
    degree = {node_id: active.degree(node_id) for node_id in active}
    weighted = {node_id: round(float(active.degree(node_id, weight="weight")), 9) for node_id in active}
    ranking = sorted(
        ((by_id[node_id], degree[node_id], weighted[node_id]) for node_id in active),
        key=lambda row: (-row[1], -row[2], row[0].label.casefold(), row[0].id),
    )
    positions = _layout(active, communities, seed)
    return Network(
        graph=graph,
        nodes=by_id,
        communities=communities,
        community_of=community_of,
        ranking=ranking,
        positions=positions,
        include_abandoned=include_abandoned,
        degree=degree,
        weighted_degree=weighted,
    )


def _communities(active: nx.Graph, seed: int, resolution: float) -> list[list[str]]:
    if len(active) == 0:
        return []
    found = nx.community.louvain_communities(active, weight="weight", resolution=resolution, seed=seed)
    return sorted((sorted(members) for members in found), key=lambda members: (-len(members), members))


def _spring(graph: nx.Graph, seed: int, scale: float) -> dict[str, tuple[float, float]]:
    """Spring layout centred on 0 within ``scale``; a sunflower by degree when networkx would need SciPy."""
    if len(graph) <= 3:  # a pair or a triangle: no need for a simulation
        turn = 2 * math.pi / len(graph)
        start = math.pi / 2 if len(graph) == 3 else 0.0
        return {
            key: (0.0, 0.0)
            if len(graph) == 1
            else (scale * math.cos(start - i * turn), -scale * math.sin(start - i * turn))
            for i, key in enumerate(graph)
        }
    try:
        pos = nx.spring_layout(graph, weight="weight", seed=seed, scale=scale)
        return {key: (float(x), float(y)) for key, (x, y) in pos.items()}
    except ImportError:
        pass
    # Most connected in the middle, the others on a golden-angle spiral around them.
    order = sorted(graph, key=lambda key: (-graph.degree(key, weight="weight"), str(key)))
    golden = math.pi * (3 - math.sqrt(5))
    n = len(order)
    return {
        key: (
            scale * math.sqrt((i + 0.5) / n) * math.cos(i * golden),
            scale * math.sqrt((i + 0.5) / n) * math.sin(i * golden),
        )
        for i, key in enumerate(order)
    }


def _layout(active: nx.Graph, communities: list[list[str]], seed: int) -> dict[str, tuple[float, float]]:
    groups = [members for members in communities if len(members) > 1]
    loners = [members[0] for members in communities if len(members) == 1]
    positions: dict[str, tuple[float, float]] = {}

    rows = math.ceil(len(loners) / _columns(len(loners))) if loners else 0
    band = (min(0.35, 0.08 * rows) if groups else 1.0) if loners else 0.0
    if groups:
        radii = [0.6 * math.sqrt(len(members)) for members in groups]
        centres = _place_discs(active, groups, radii, seed)
        raw: dict[str, tuple[float, float]] = {}
        for members, radius, (cx, cy) in zip(groups, radii, centres, strict=True):
            for node_id, (x, y) in _spring(_ordered(active, members), seed, radius).items():
                raw[node_id] = (cx + x, cy + y)
        positions.update(_fit(raw, 0.0, 1.0 - band - (0.06 if loners else 0.0)))
    if loners:
        columns = _columns(len(loners))
        for i, node_id in enumerate(loners):
            row, column = divmod(i, columns)
            y = 1.0 - band + band * (row + 0.5) / rows
            positions[node_id] = (round((column + 0.5) / columns, 6), round(y, 6))
    return positions


def _ordered(graph: nx.Graph, members: list[str]) -> nx.Graph:
    """The subgraph on ``members`` built in a fixed order (a subgraph view iterates a set: its order would
    change with the interpreter's string hashing, and the layout with it)."""
    keep = set(members)
    sub = nx.Graph()
    sub.add_nodes_from(sorted(members))
    sub.add_weighted_edges_from(
        sorted((u, v, w) for u, v, w in graph.edges(members, data="weight") if u in keep and v in keep)
    )
    return sub


def _columns(count: int) -> int:
    return max(1, min(count, math.ceil(math.sqrt(count * 6))))


def _place_discs(active: nx.Graph, groups: list[list[str]], radii: list[float], seed: int) -> list[tuple[float, float]]:
    """Centres of the community discs: a spring layout of the graph of communities, then no overlap."""
    if len(groups) == 1:
        return [(0.0, 0.0)]
    index = {node_id: i for i, members in enumerate(groups) for node_id in members}
    between = nx.Graph()
    between.add_nodes_from(range(len(groups)))
    for u, v, weight in active.edges(data="weight"):
        a, b = index.get(u), index.get(v)
        if a is None or b is None or a == b:
            continue
        previous = between.get_edge_data(a, b, {"weight": 0.0})["weight"]
        between.add_edge(a, b, weight=previous + weight)
    # The discs with their gaps fill about 70 % of the disc in which the spring layout spreads their centres.
    spread = math.sqrt(sum((r + 0.3) ** 2 for r in radii) / 0.7)
    start = _spring(between, seed, spread)
    centres = np.array([start[i] for i in range(len(groups))], dtype=float)
    size = np.array(radii)
    needed = size[:, None] + size[None, :] + 0.6  # a gap between discs
    np.fill_diagonal(needed, 0.0)
    pairs = np.arange(len(groups))
    # Two centres on the same spot part along a fixed direction that depends on the pair only.
    angle = (pairs[:, None] * 7 + pairs[None, :] * 13) % 360 * math.pi / 180
    fallback = np.stack([np.cos(angle), np.sin(angle)], axis=-1)
    fallback = np.where((pairs[:, None] < pairs[None, :])[..., None], fallback, -fallback.transpose(1, 0, 2))
    for _ in range(200):
        towards = centres[None, :, :] - centres[:, None, :]  # [i, j] points from i to j
        distance = np.hypot(towards[..., 0], towards[..., 1])
        overlap = needed - distance
        if not (overlap > 0.01).any():  # within a hundredth of the gap: good enough to see them apart
            break
        together = distance < 1e-9
        unit = np.where(together[..., None], fallback, towards / np.where(together, 1.0, distance)[..., None])
        push = np.where(overlap > 0, overlap / 2, 0.0)
        centres -= (unit * push[..., None]).sum(axis=1)
    return [(float(x), float(y)) for x, y in centres]


def _fit(raw: dict[str, tuple[float, float]], y_low: float, y_high: float) -> dict[str, tuple[float, float]]:
    """Scale x into [0, 1] and y into [y_low, y_high]; a coordinate that does not vary is centred."""
    xs = [x for x, _ in raw.values()]
    ys = [y for _, y in raw.values()]

    def scale(value: float, low: float, high: float, to_low: float, to_high: float) -> float:
        if high - low < 1e-12:
            return (to_low + to_high) / 2
        return to_low + (value - low) / (high - low) * (to_high - to_low)

    return {
        node_id: (
            round(min(1.0, max(0.0, scale(x, min(xs), max(xs), 0.0, 1.0))), 6),
            round(min(1.0, max(0.0, scale(y, min(ys), max(ys), y_low, y_high))), 6),
        )
        for node_id, (x, y) in raw.items()
    }


def colour(network: Network, node_id: str) -> str:
    """The colour of a company: its community's from the palette, grey beyond it or without active link."""
    index = network.community_of[node_id]
    if len(network.communities[index]) < 2 or index >= len(PALETTE):
        return GREY
    return PALETTE[index]


def describe(network: Network, *, top: int = 3) -> str:
    """A French sentence summing the network up, the default ``<desc>`` of the drawing."""
    companies = sum(1 for _, degree, _ in network.ranking if degree > 0)
    links = sum(1 for _, _, active in network.graph.edges(data="active") if active)
    groups = sum(1 for members in network.communities if len(members) > 1)
    text = (
        f"{companies} {_plural(companies, 'entreprise liée', 'entreprises liées')} par "
        f"{links} {_plural(links, 'lien', 'liens')}, en {groups} {_plural(groups, 'communauté', 'communautés')}."
    )
    leaders = [
        f"{node.label} ({degree} {_plural(degree, 'lien', 'liens')})"
        for node, degree, _ in network.ranking[:top]
        if degree > 0
    ]
    if leaders:
        text += " Les plus connectées : " + ", ".join(leaders) + "."
    return text


def _plural(count: int, one: str, many: str) -> str:
    return one if count < 2 else many


def _text(value: object) -> str:
    """Escaped for XML text content, without the characters XML 1.0 forbids (apostrophes stay readable)."""
    return html.escape(_XML_INVALID.sub("", str(value)), quote=False)


def _attr(value: object) -> str:
    """Escaped for a double-quoted XML attribute value."""
    return html.escape(_XML_INVALID.sub("", str(value)), quote=True)


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


LABEL_SIZE = 12  # px, the drawing's font size
LABEL_WIDTH = 190  # px at most for a name written on the drawing; the full name is in the company's <title>
_LABEL_GAP = 4
_LINK_WORDS = frozenset({"de", "du", "des", "d'", "la", "le", "les", "l'", "et", "&", "à", "au", "aux", "en", "sur"})


def _shorten(label: str, width: float = LABEL_WIDTH) -> str:
    """``label`` within ``width`` px, cut after a whole word with an ellipsis (mid-word only for one long word)."""
    if text_width(label, LABEL_SIZE) <= width:
        return label
    words = label.split()
    while len(words) > 1 and text_width(" ".join(words).rstrip(",;:-–") + "…", LABEL_SIZE) > width:
        words.pop()
    # « Manufacture Vincent… », not « Manufacture Vincent (La… »: a bracket left open reads as a typo, and the
    # name shown would no longer be found in the company's accessible name (WCAG 2.5.3, label in name).
    opened = [i for i, word in enumerate(words) if "(" in word and ")" not in " ".join(words[i:])]
    if opened and opened[0] > 0:
        words = words[: opened[0]]
    while len(words) > 1 and (
        words[-1].casefold() in _LINK_WORDS or not any(c.isalnum() for c in words[-1])
    ):  # « DÉCOLLETAGE… », not « DÉCOLLETAGE DE… »
        words.pop()
    short = " ".join(words).rstrip(",;:-–")
    while len(short) > 1 and text_width(short + "…", LABEL_SIZE) > width:
        short = short[:-1]
    return short.rstrip() + "…"


Box = tuple[float, float, float, float]


def _label_spots(x: float, y: float, r: float, w: float) -> list[tuple[str, float, float, Box]]:
    """Where a label of width ``w`` may go around a circle at (x, y) of radius ``r``: right, left, above,
    below, then at its four corners; each as (text-anchor, x and y of the text relative to the circle, box in
    drawing coordinates)."""
    ascent, descent = LABEL_SIZE * 0.8, LABEL_SIZE * 0.3
    side = r + _LABEL_GAP
    above, below = -(r + _LABEL_GAP), r + _LABEL_GAP + ascent
    corner = r * 0.7 + _LABEL_GAP  # beside the circle, a line higher or lower
    return [
        ("start", side, 4, (x + side, y + 4 - ascent, x + side + w, y + 4 + descent)),
        ("end", -side, 4, (x - side - w, y + 4 - ascent, x - side, y + 4 + descent)),
        ("middle", 0, above, (x - w / 2, y + above - ascent, x + w / 2, y + above + descent)),
        ("middle", 0, below, (x - w / 2, y + below - ascent, x + w / 2, y + below + descent)),
        ("start", corner, -corner, (x + corner, y - corner - ascent, x + corner + w, y - corner + descent)),
        ("start", corner, corner + ascent, (x + corner, y + corner, x + corner + w, y + corner + ascent + descent)),
        ("end", -corner, -corner, (x - corner - w, y - corner - ascent, x - corner, y - corner + descent)),
        ("end", -corner, corner + ascent, (x - corner - w, y + corner, x - corner, y + corner + ascent + descent)),
    ]


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(
    circles: Mapping[str, tuple[float, float, float]],
    texts: Mapping[str, str],
    order: Iterable[str],
    *,
    width: float,
    height: float,
    limit: int,
) -> dict[str, tuple[str, float, float, bool]]:
    """Where each company's name goes: id → (text-anchor, x, y relative to its circle, written).

    Names are tried in ``order`` (most connected first) at the right, left, above, below and corners of their circle;
    a name is written only where it overlaps no other written name and no circle, inside the drawing, and at
    most ``limit`` names are written. The others get a spot too (inside the drawing) but stay hidden until
    their company is pointed at or focused.
    """
    obstacles = {key: (cx - r - 1, cy - r - 1, cx + r + 1, cy + r + 1) for key, (cx, cy, r) in circles.items()}
    written: list[Box] = []
    spots: dict[str, tuple[str, float, float, bool]] = {}
    for key in order:
        cx, cy, r = circles[key]
        candidates = _label_spots(cx, cy, r, text_width(texts[key], LABEL_SIZE))
        inside = [
            c for c in candidates if c[3][0] >= 1 and c[3][1] >= 1 and c[3][2] <= width - 1 and c[3][3] <= height - 1
        ]
        free = [
            c for c in inside
            if not any(_overlaps(c[3], box) for box in written)
            and not any(_overlaps(c[3], box) for other, box in obstacles.items() if other != key)
        ]  # fmt: skip
        if free and len(written) < limit:
            anchor, dx, dy, box = free[0]
            written.append(box)
            spots[key] = (anchor, dx, dy, True)
        else:
            anchor, dx, dy, _box = (inside or candidates)[0]
            spots[key] = (anchor, dx, dy, False)
    return spots


def _separate(
    points: Mapping[str, tuple[float, float]],
    radius: Mapping[str, float],
    width: float,
    height: float,
    gap: float = 3.0,
    rounds: int = 80,
) -> dict[str, tuple[float, float]]:
    """The drawn centres pushed apart until no two circles overlap (within ``gap`` px), inside the drawing.

    The layout places companies in [0, 1]² without knowing their circles' sizes; in a dense community big
    circles would cover each other. Each round moves every overlapping pair apart by half their overlap
    (coincident centres part along a direction fixed by the pair), then keeps every circle inside.
    """
    ids = sorted(points)
    if len(ids) < 2:
        return dict(points)
    centres = np.array([points[i] for i in ids], dtype=float)
    size = np.array([radius[i] for i in ids], dtype=float)
    needed = size[:, None] + size[None, :] + gap
    np.fill_diagonal(needed, 0.0)
    index = np.arange(len(ids))
    angle = (index[:, None] * 7 + index[None, :] * 13) % 360 * math.pi / 180
    fallback = np.stack([np.cos(angle), np.sin(angle)], axis=-1)
    fallback = np.where((index[:, None] < index[None, :])[..., None], fallback, -fallback.transpose(1, 0, 2))
    low = np.stack([size + 1, size + 1], axis=1)
    high = np.stack([width - size - 1, height - size - 1], axis=1)
    for _ in range(rounds):
        towards = centres[None, :, :] - centres[:, None, :]  # [i, j] points from i to j
        distance = np.hypot(towards[..., 0], towards[..., 1])
        overlap = np.where(needed - distance > 0.05, needed - distance, 0.0)
        if not overlap.any():
            break
        together = distance < 1e-9
        unit = np.where(together[..., None], fallback, towards / np.where(together, 1.0, distance)[..., None])
        centres -= (unit * (overlap / 2)[..., None]).sum(axis=1)
        centres = np.clip(centres, low, high)
    return {key: (round(float(x), 2), round(float(y), 2)) for key, (x, y) in zip(ids, centres, strict=True)}


def to_svg(
    network: Network,
    *,
    width: int = 900,
    height: int = 600,
    title: str = "Réseau des synergies entre entreprises",
    description: str | None = None,
    empty_text: str = "Aucune synergie à afficher pour l'instant.",
    labelled: int = 12,
    community_label: str = "Communauté {number}",
    isolated_label: str = "Sans synergie active",
    status_labels: Mapping[str, str] | None = None,
    kind_labels: Mapping[str, str] | None = None,
    id_prefix: str = "network",
) -> str:
    """An inline SVG drawing of the network, accessible on its own and ready for ``network.js``.

    One ``<g class="node">`` per company (focusable, ``data-id``, ``data-community`` and
    ``data-community-label``, its full name as ``<title>``), a circle sized by degree and coloured by
    community, and its name (``<text class="node-label">``, shortened at a word with an ellipsis): written for
    at most ``labelled`` of the most connected, where it overlaps no other name and no circle
    (:func:`place_labels`), hidden (``on-demand``) for the others until the company is pointed at or focused
    (``network.css``, ``network.js``); one ``<line class="edge status-…">`` per pair of
    companies, thicker with weight, dashed unless implemented, dotted when abandoned. ``community_label`` is
    formatted with ``number`` (1 for the largest community). ``description`` defaults to :func:`describe`.
    """
    statuses = {**STATUS_LABELS, **(status_labels or {})}
    kinds = dict(kind_labels or {})
    prefix = _attr(id_prefix)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="network-graph{" network-empty" if network.is_empty() else ""}"'
        f' viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img"'
        f' aria-labelledby="{prefix}-title {prefix}-desc" font-family="system-ui, sans-serif" font-size="12">'
        f'<title id="{prefix}-title">{_text(title)}</title>'
    )
    if network.is_empty():
        return (
            f'{head}<desc id="{prefix}-desc">{_text(empty_text)}</desc>'
            f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="#ffffff" stroke="#c9d0d9"/>'
            f'<text x="{_number(width / 2)}" y="{_number(height / 2)}" text-anchor="middle" fill="#4a4f57"'
            f' font-size="16">{_text(empty_text)}</text></svg>'
        )

    max_degree = max(degree for _, degree, _ in network.ranking) or 1
    # The most connected get a circle of 14 px, less when many companies share the drawing; at least 3 px.
    largest = min(14.0, max(5.0, 0.6 * math.sqrt(width * height / len(network.nodes) / math.pi)))
    radius = {
        node.id: max(3.0, largest * (0.3 + 0.7 * math.sqrt(degree / max_degree))) for node, degree, _ in network.ranking
    }
    pad_x, pad_y = 24, 20
    placed = _separate(
        {node_id: (pad_x + x * (width - 2 * pad_x), pad_y + y * (height - 2 * pad_y))
         for node_id, (x, y) in network.positions.items()},
        radius, width, height,
    )  # fmt: skip

    def point(node_id: str) -> tuple[float, float]:
        return placed[node_id]

    parts = [
        head,
        f'<desc id="{prefix}-desc">{_text(description if description is not None else describe(network))}</desc>',
    ]

    max_weight = max(weight for _, _, weight in network.graph.edges(data="weight"))
    drawn = sorted(
        network.graph.edges(data=True), key=lambda edge: (edge[2]["active"], edge[2]["weight"], edge[0], edge[1])
    )
    parts.append('<g class="edges">')
    for u, v, data in drawn:
        (x1, y1), (x2, y2) = point(u), point(v)
        status = data["status"]
        if status == "abandoned":
            stroke, dash = "#9aa0a6", ' stroke-dasharray="1 4" stroke-linecap="round"'
        elif status == "implemented":
            stroke, dash = "#3d434b", ""
        else:
            stroke, dash = "#6b7280", ' stroke-dasharray="6 4"'
        what = " ; ".join(data["labels"]) or ", ".join(kinds.get(kind, kind) for kind in data["kinds"])
        state = ", ".join(statuses.get(item, item) for item in data["statuses"])
        tooltip = f"{network.nodes[u].label} – {network.nodes[v].label} : {what} ({state})"
        parts.append(
            f'<line class="edge status-{_attr(status)}" data-source="{_attr(u)}" data-target="{_attr(v)}"'
            f' data-kinds="{_attr(" ".join(data["kinds"]))}" data-weight="{_number(data["weight"])}"'
            f' x1="{_number(x1)}" y1="{_number(y1)}" x2="{_number(x2)}" y2="{_number(y2)}"'
            f' stroke="{stroke}" stroke-width="{_number(0.75 + 2.75 * math.sqrt(data["weight"] / max_weight))}"'
            f"{dash}><title>{_text(tooltip)}</title></line>"
        )
    parts.append("</g>")

    circles = {node.id: (*point(node.id), radius[node.id]) for node, _, _ in network.ranking}
    texts = {node.id: _shorten(node.label) for node, _, _ in network.ranking}
    spots = place_labels(circles, texts, [node.id for node, degree, _ in network.ranking if degree > 0],
                         width=width, height=height, limit=labelled)  # fmt: skip
    for node, _, _ in network.ranking:  # companies without an active link: a spot for their hidden name
        if node.id not in spots:
            spots.update(place_labels(circles, texts, [node.id], width=width, height=height, limit=0))
    parts.append('<g class="nodes">')
    for node, degree, weighted in network.ranking:
        x, y = point(node.id)
        index = network.community_of[node.id]
        alone = len(network.communities[index]) < 2
        group = isolated_label if alone else community_label.format(number=index + 1)
        r = radius[node.id]
        parts.append(
            f'<g class="node{" isolated" if alone else ""}" data-id="{_attr(node.id)}" data-community="{index}"'
            f' data-community-label="{_attr(group)}" data-degree="{degree}" data-weighted-degree="{_number(weighted)}"'
            f' data-sector="{_attr(node.sector)}" data-commune="{_attr(node.commune)}"'
            f' data-x="{_number(x)}" data-y="{_number(y)}" transform="translate({_number(x)} {_number(y)})"'
            ' tabindex="0">'
            f"<title>{_text(node.label)}</title>"
            f'<circle r="{_number(r)}" fill="{colour(network, node.id)}" stroke="#1b1b1f" stroke-width="1"/>'
        )
        anchor, dx, dy, written = spots[node.id]
        hidden = "" if written else ' on-demand" visibility="hidden'
        parts.append(
            f'<text class="node-label{hidden}"'
            f' x="{_number(dx)}" y="{_number(dy)}" text-anchor="{anchor}" fill="#1b1b1f" stroke="#ffffff"'
            f' stroke-width="3" paint-order="stroke" aria-hidden="true">{_text(texts[node.id])}</text>'
        )
        parts.append("</g>")
    parts.append("</g></svg>")
    return "".join(parts)


def to_json(network: Network) -> dict:
    """Plain data (JSON-serialisable) for a data table or an export: nodes most connected first, edges,
    communities largest first with their colour."""
    return {
        "nodes": [
            {
                "id": node.id,
                "label": node.label,
                "sector": node.sector,
                "commune": node.commune,
                "community": network.community_of[node.id],
                "degree": degree,
                "weighted_degree": weighted,
                "colour": colour(network, node.id),
                "x": network.positions[node.id][0],
                "y": network.positions[node.id][1],
            }
            for node, degree, weighted in network.ranking
        ],
        "edges": [
            {
                "source": min(u, v),
                "target": max(u, v),
                "weight": round(data["weight"], 9),
                "kinds": list(data["kinds"]),
                "statuses": list(data["statuses"]),
                "status": data["status"],
                "labels": list(data["labels"]),
                "count": data["count"],
                "active": data["active"],
            }
            for u, v, data in sorted(network.graph.edges(data=True), key=lambda edge: (edge[0], edge[1]))
        ],
        "communities": [
            {
                "index": index,
                "size": len(members),
                "members": list(members),
                "colour": colour(network, members[0]),
            }
            for index, members in enumerate(network.communities)
        ],
    }
