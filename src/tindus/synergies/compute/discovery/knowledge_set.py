"""Everything discovery knows, built once: the documented patterns, the resource knowledge base, the sides they
describe and the links between sides, and the INSEE input-output table.

:meth:`Knowledge.without` gives the same knowledge minus some patterns and publications, cheaply, for the
leave-one-out and leave-one-source-out evaluations.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .io_table import IOTable, load_io_table
from .knowledge import Pattern, load_patterns
from .resources import ResourceBase, load_resource_base
from .sides import Side, side_links, sides_from_base, sides_from_patterns


@dataclass
class Knowledge:
    patterns: list[Pattern]
    base: ResourceBase
    io_table: IOTable | None
    sides: list[Side] = field(default_factory=list)
    links: list[tuple[Side, Side, float, str]] = field(default_factory=list)

    @classmethod
    def build(cls, patterns: Sequence[Pattern], base: ResourceBase | None = None,
              io_table: IOTable | None = None) -> Knowledge:  # fmt: skip
        base = base if base is not None else ResourceBase({})
        sides = sides_from_base(base) + sides_from_patterns(patterns)
        return cls(list(patterns), base, io_table, sides, side_links(sides, base.resources))

    def without(
        self, pattern_ids: Iterable[str] = (), sources: Iterable[str] = (), flow_sources: Iterable[str] = ()
    ) -> Knowledge:
        """This knowledge minus these patterns, every pattern and flow resting on ``sources``, and the
        knowledge-base flows (not the patterns) resting on ``flow_sources``."""
        ids, titles = set(pattern_ids), set(sources)
        ids |= {p.id for p in self.patterns if p.source_title in titles}
        flow_titles = titles | set(flow_sources)

        def kept(side: Side) -> bool:
            if side.pattern_id:
                return side.pattern_id not in ids
            return side.source.title not in flow_titles

        return Knowledge(
            [p for p in self.patterns if p.id not in ids],
            self.base.without_sources(flow_titles),
            self.io_table,
            [s for s in self.sides if kept(s)],
            [link for link in self.links if kept(link[0]) and kept(link[1])],
        )


@lru_cache(maxsize=1)
def load_knowledge() -> Knowledge:
    """The shipped knowledge: ``data/patterns.csv``, ``data/knowledge/`` and the INSEE TES A38 of 2019."""
    return Knowledge.build(load_patterns(), load_resource_base(), load_io_table())
