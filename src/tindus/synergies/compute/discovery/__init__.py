"""Synergies to discover before anyone declares anything: hypotheses drawn from the warehouse alone.

Facilitators (NISP, PNSI, ACT'IF…) start a workshop with a list of exchanges that *usually* happen between
the activities in the room. This package writes that list for a territory, each proposal with its reasons
in French and the publications they rest on:

1. **Documented exchange patterns** (``data/patterns.csv``): provider sector → resource → receiver sector,
   each from a published case. A pattern informs its own activities fully and the neighbouring ones of the
   NAF hierarchy with a decreasing weight (:mod:`.hierarchy`).
2. **Links through a resource** (``data/knowledge/``, :mod:`.resources`): what each activity typically emits
   (wastes by EWC code, by-products, heat at a temperature, water…) and uses, each entry with a source and
   a confidence. A provider and a receiver are linked when what one emits fits what the other uses: the
   same resource, a substitute, the same family of the waste list, heat hot enough (:mod:`.sides`). This is
   what lets discovery propose pairs nobody has documented.
3. **The INSEE input-output table** (TES A38): it reinforces a material link between two branches that trade
   with each other, and proposes « achats locaux possibles » on its own (:mod:`.io_table`).

Each proposal's score is the estimated probability that a facilitator confirms it: the evidence combined
(:mod:`.evidence`) times the placement of its best pair of establishments, judged on distance by the kind of
resource (heat on its temperature) and on the size of both firms (:mod:`.placement`). Outcomes recorded in
the pipeline then move it (:mod:`tindus.synergies.compute.feedback`). Every proposal is a *hypothesis to
confirm with the companies* (:data:`HYPOTHESIS`).

:mod:`.evaluation` measures how well this generalises: leave-one-out and leave-one-source-out in a
realistic synthetic territory (``bench/discovery.py``).

Plain Python and numpy, no Django import: reference files are read from the repository's ``referentials``
and ``warehouse`` data folders.
"""

from .candidates import EARTH_RADIUS_KM, HEADCOUNT, ROAD_FACTOR, Establishment, Pair, as_establishment
from .core import discover
from .evaluation import (
    REALISTIC_SIZE,
    HeldOut,
    evaluate_leave_one_out,
    held_out_pair,
    leave_one_out,
    leave_one_out_among_decoys,
    leave_one_source_out,
    nothing_held_out,
    realistic_territory,
    recall_at,
)
from .hierarchy import STEP_WEIGHTS, naf_affinity
from .io_table import GOODS_BRANCHES, TES_PATH, IOTable, load_io_table
from .knowledge import (
    CATEGORIES,
    COLUMNS,
    DATA_DIR,
    EWC_CODE,
    NAF_PREFIX,
    PATTERNS_PATH,
    Pattern,
    Source,
    load_patterns,
)
from .knowledge_set import Knowledge, load_knowledge
from .nomenclatures import (
    A38_LABELS_PATH,
    EWC_PATH,
    NAF_LEVELS_PATH,
    NAF_SUBCLASSES_PATH,
    a38_labels,
    is_hazardous,
    naf_label,
    naf_labels,
    naf_subclasses,
    naf_to_a38,
    normalise_naf,
)
from .placement import MAX_PAIRS_SHOWN, feasibility, half_distance_km
from .proposals import HYPOTHESIS, IO_WEIGHT, KIND_LABELS, POOLING, Proposal
from .resources import KNOWLEDGE_DIR, Flow, Resource, ResourceBase, load_resource_base

__all__ = [
    "DATA_DIR", "PATTERNS_PATH", "KNOWLEDGE_DIR", "CATEGORIES", "COLUMNS", "NAF_PREFIX", "EWC_CODE",
    "Source", "Pattern", "load_patterns", "Resource", "Flow", "ResourceBase", "load_resource_base",
    "Knowledge", "load_knowledge", "NAF_SUBCLASSES_PATH", "NAF_LEVELS_PATH", "A38_LABELS_PATH", "EWC_PATH",
    "naf_subclasses", "naf_labels", "a38_labels", "normalise_naf", "naf_to_a38", "naf_label", "is_hazardous",
    "STEP_WEIGHTS", "naf_affinity", "Establishment", "Pair", "as_establishment", "ROAD_FACTOR",
    "EARTH_RADIUS_KM", "HEADCOUNT", "MAX_PAIRS_SHOWN", "feasibility", "half_distance_km", "HYPOTHESIS",
    "KIND_LABELS", "Proposal", "IO_WEIGHT", "POOLING", "TES_PATH", "GOODS_BRANCHES", "IOTable",
    "load_io_table", "discover", "REALISTIC_SIZE", "HeldOut", "realistic_territory", "held_out_pair",
    "leave_one_out", "leave_one_out_among_decoys", "leave_one_source_out", "nothing_held_out", "recall_at",
    "evaluate_leave_one_out",
]  # fmt: skip
