"""Synergies to discover before anyone declares anything: hypotheses drawn from the warehouse alone.

Facilitators (NISP, PNSI, ACT'IF…) start a workshop with a list of exchanges that *usually* happen
between the sectors in the room. This package writes that list for a territory from three kinds of
evidence, each proposal keeping the publication it comes from:

1. **Documented exchange patterns** (``data/patterns.csv``, see ``data/README.md``): provider sector
   (NAF prefix) → resource (EWC code or category) → receiver sector, each compiled from a published
   case (Kalundborg, NISP, PNSI, French EIT fiches, reviews…). A pattern whose two sectors are both
   present in the territory becomes a proposal naming the candidate establishments.
2. **Analogies** drawn from the documented patterns, with a lower weight: a pattern widened to the
   neighbouring activities of its NAF division (whey to pig farms → whey to other livestock farms),
   and, when sector A is documented as producing a by-product of some EWC family (or resource
   category) and sector B as using one of the same family, A → B. This is what lets the knowledge
   base say something about pairs nobody documented yet; pairs a documented pattern already links
   are left to it.
3. **Local supply potential** from the INSEE input-output table (TES A38, domestic production): for
   each A38 branch present, the products it buys most that are produced by branches present nearby
   become « achats locaux possibles », with the share and the table cell they come from.

Every proposal is a *hypothesis to confirm with the companies* (:data:`HYPOTHESIS`): sector codes say
what a firm usually does, not what this firm discards or buys. A confirmed proposal becomes a
declaration (:mod:`tindus.synergies.compute.declarations`).

Scores combine the strength of the evidence (documented 1.0, analogy 0.3-0.6, input-output ≤ 0.6),
the distance of the closest candidate pair (road-distance proxy, decaying faster for heat and water,
which travel badly), the size of the firms (headcount band: bigger firms, bigger flows) and the
number of candidate pairs (more pairs, more chances that one works).

:func:`leave_one_out` measures how well the knowledge base generalises: each documented pattern is
removed in turn and looked for, among synthetic decoys, with what remains.

The package, one purpose a module: :mod:`.nomenclatures` (NAF, A38 and EWC reference files),
:mod:`.knowledge` (the documented patterns and their sources), :mod:`.candidates` (establishments, candidate
pairs and their scores), :mod:`.proposals` (:class:`Proposal`, evidence weights, shared wording), one module per
kind of evidence (:mod:`.documented`, :mod:`.analogies`, :mod:`.io_table`), :mod:`.core` (:func:`discover`) and
:mod:`.evaluation` (leave-one-out). Everything public is importable from ``tindus.synergies.compute.discovery``.

Plain Python and numpy, no Django import: reference files are read from the repository's
``referentials`` and ``warehouse`` data folders.
"""

from .candidates import (
    DEFAULT_SCALE_KM,
    DISTANCE_SCALE_KM,
    EARTH_RADIUS_KM,
    HEADCOUNT,
    MAX_PAIRS_SHOWN,
    ROAD_FACTOR,
    UNKNOWN_PROXIMITY,
    Establishment,
    Pair,
    as_establishment,
)
from .core import discover
from .documented import POOLING
from .evaluation import (
    EMPLOYER_BANDS,
    TERRITORY_CENTRE,
    TERRITORY_RADIUS_KM,
    HeldOut,
    evaluate_leave_one_out,
    leave_one_out,
    recall_at,
    synthetic_territory,
)
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
from .proposals import (
    DOCUMENTED,
    HYPOTHESIS,
    IO_WEIGHT,
    KIND_LABELS,
    SAME_CHAPTER,
    SAME_DIVISION,
    SAME_SUBCHAPTER,
    Proposal,
)

__all__ = [
    # the knowledge base and its reference files
    "DATA_DIR",
    "PATTERNS_PATH",
    "CATEGORIES",
    "COLUMNS",
    "NAF_PREFIX",
    "EWC_CODE",
    "Source",
    "Pattern",
    "load_patterns",
    "NAF_SUBCLASSES_PATH",
    "NAF_LEVELS_PATH",
    "A38_LABELS_PATH",
    "EWC_PATH",
    "naf_subclasses",
    "naf_labels",
    "a38_labels",
    "normalise_naf",
    "naf_to_a38",
    "naf_label",
    "is_hazardous",
    # establishments and candidate pairs
    "Establishment",
    "Pair",
    "as_establishment",
    "ROAD_FACTOR",
    "EARTH_RADIUS_KM",
    "DISTANCE_SCALE_KM",
    "DEFAULT_SCALE_KM",
    "UNKNOWN_PROXIMITY",
    "MAX_PAIRS_SHOWN",
    "HEADCOUNT",
    # proposals and the three kinds of evidence
    "HYPOTHESIS",
    "KIND_LABELS",
    "Proposal",
    "DOCUMENTED",
    "SAME_DIVISION",
    "SAME_SUBCHAPTER",
    "SAME_CHAPTER",
    "IO_WEIGHT",
    "POOLING",
    "TES_PATH",
    "GOODS_BRANCHES",
    "IOTable",
    "load_io_table",
    "discover",
    # leave-one-out evaluation
    "TERRITORY_CENTRE",
    "TERRITORY_RADIUS_KM",
    "EMPLOYER_BANDS",
    "HeldOut",
    "synthetic_territory",
    "leave_one_out",
    "recall_at",
    "evaluate_leave_one_out",
]
