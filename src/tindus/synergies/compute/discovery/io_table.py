"""Local supply potential from the INSEE input-output table (TES A38, domestic production): for each A38
branch present, the products it buys most that branches present nearby produce become « achats locaux
possibles », with the share and the table cell they come from.
"""

from __future__ import annotations

import csv
import gzip
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .candidates import Establishment
from .knowledge import Source
from .nomenclatures import a38_labels, naf_to_a38
from .placement import best_pairs
from .proposals import HYPOTHESIS, IO_WEIGHT, Proposal, _closest_sentence

TES_PATH = Path(__file__).resolve().parents[3] / "warehouse" / "data" / "tes_domestique_a38_2010_2019_long.csv.gz"

# A38 products that local firms can supply to each other (agriculture, extraction, manufacturing,
# waste and water, construction). Electricity and gas come through networks; services are left out
# because every branch buys them and they would crowd the list.
GOODS_BRANCHES = frozenset(
    {"AZ", "BZ", "CA", "CB", "CC", "CD", "CE", "CF", "CG", "CH", "CI", "CJ", "CK", "CL", "CM", "EZ", "FZ"}
)


@dataclass(frozen=True)
class IOTable:
    """Domestic intermediate consumption shares: ``shares[buyer][product]`` (0-1) for one year."""

    year: int
    shares: Mapping[str, Mapping[str, float]]
    flows: Mapping[tuple[str, str], float]  # (product, buyer) → M€
    totals: Mapping[str, float]  # buyer → total domestic intermediate consumption, M€
    labels: Mapping[str, str] = field(default_factory=dict)

    def source(self, product: str, buyer: str) -> Source:
        base = "base 2010" if self.year <= 2013 else "base 2014"
        flow, total = self.flows.get((product, buyer), 0.0), self.totals.get(buyer, 0.0)
        return Source(
            f"Tableau des entrées-sorties de production domestique, niveau A38 ({base}) — entrées "
            f"intermédiaires, produit {product} × branche {buyer} : {_millions(flow)} sur {_millions(total)}",
            "INSEE, comptes nationaux annuels",
            str(self.year),
        )


def _millions(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u202f") + " M€"


def load_io_table(year: int = 2019, path: Path | str = TES_PATH) -> IOTable:
    """Domestic intermediate consumption of each A38 branch by product, from the INSEE TES."""
    flows: dict[tuple[str, str], float] = {}
    with gzip.open(path, "rt", encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            if row["annee"] != str(year) or row["tableau"] != "entrees_intermediaires":
                continue
            product, buyer = row["produit"], row["colonne"]
            if product == "TOTAL" or buyer.startswith("TOTAL"):
                continue
            value = float(row["valeur_meur"] or 0)
            if value > 0:
                flows[(product, buyer)] = value
    if not flows:
        raise ValueError(f"no intermediate consumption for {year} in {Path(path).name}")
    totals: dict[str, float] = {}
    for (_product, buyer), value in flows.items():
        totals[buyer] = totals.get(buyer, 0.0) + value
    shares: dict[str, dict[str, float]] = {}
    for (product, buyer), value in flows.items():
        shares.setdefault(buyer, {})[product] = value / totals[buyer]
    return IOTable(year, shares, flows, totals, a38_labels())


def _io_proposals(
    people: Sequence[Establishment],
    io: IOTable,
    by_siret: Mapping[str, Establishment],
    max_km: float,
    io_products: int,
    io_min_share: float,
    supply: frozenset[str],
) -> list[Proposal]:
    branches: dict[str, list[Establishment]] = {}
    for e in people:
        a38 = naf_to_a38(e.naf)
        if a38:
            branches.setdefault(a38, []).append(e)
    proposals = []
    for buyer, buyers in sorted(branches.items()):
        shares = io.shares.get(buyer, {})
        nearby = sorted(
            ((product, share) for product, share in shares.items() if product in supply and product in branches),
            key=lambda ps: -ps[1],
        )
        for product, share in [(p, s) for p, s in nearby if s >= io_min_share][:io_products]:
            pairs, n, best, shortest = best_pairs(branches[product], buyers, "achats", None, max_km)
            if not n:
                continue
            order_p = list(dict.fromkeys([p.provider_siret for p in pairs] + [e.siret for e in branches[product]]))
            order_r = list(dict.fromkeys([p.receiver_siret for p in pairs] + [e.siret for e in buyers]))
            ps, rs = tuple(by_siret[s] for s in order_p), tuple(by_siret[s] for s in order_r)
            validity = IO_WEIGHT * math.sqrt(share)
            probability = round(validity * best, 6)
            source = io.source(product, buyer)
            product_label = io.labels.get(product, product)
            buyer_label = io.labels.get(buyer, buyer)
            explanation = (
                f"Achats locaux possibles : en France, la branche « {buyer_label} » ({buyer}) achète "
                f"{share:.0%} de ses consommations intermédiaires produites dans le pays à la branche "
                f"« {product_label} » ({product}) (INSEE, tableau des entrées-sorties A38, {io.year}). "
                f"{len(ps)} établissement{'s' if len(ps) > 1 else ''} de cette branche "
                f"{'sont' if len(ps) > 1 else 'est'} à portée de {len(rs)} acheteur{'s' if len(rs) > 1 else ''} "
                f"potentiel{'s' if len(rs) > 1 else ''}. {_closest_sentence(pairs, by_siret, n)} Moyenne "
                f"nationale, pas un achat constaté : {HYPOTHESIS}."
            ).replace("%", "\u202f%")
            proposals.append(
                Proposal(
                    kind="io",
                    title=f"Achats locaux possibles : {product_label} → {buyer_label}",
                    resource_category="achats",
                    ewc="",
                    resource_label=f"Produits de la branche {product} ({product_label})",
                    receiver_use=f"Consommations intermédiaires de la branche {buyer} ({buyer_label})",
                    providers=ps,
                    receivers=rs,
                    pairs=tuple(pairs),
                    n_pairs=n,
                    min_distance_km=shortest,
                    score=probability,
                    explanation=explanation,
                    sources=(source,),
                    io_share=share,
                    reasons=(explanation,),
                    validity=round(validity, 6),
                    placement=round(best, 6),
                )
            )
    return proposals
