"""Synthetic answers drawn from a questionnaire's schema, as form fields: for the demo territories and
the load benchmark. Plain Python."""

from __future__ import annotations

import datetime as dt
import random

from .schema import CODE_TYPES
from .schema import Questionnaire as Schema

PHRASES = (
    "Une navette depuis la gare aux heures de poste", "Des formations en usinage près de chez nous",
    "Une crèche interentreprises", "Plus de covoiturage entre les entreprises de la zone",
    "Des logements pour les alternants", "Faire connaître nos métiers dans les collèges",
    "Mutualiser la maintenance des machines", "Un restaurant interentreprises",
    "Des horaires compatibles avec les transports en commun", "Former les jeunes à la commande numérique",
    "Recycler les copeaux métalliques localement", "Une meilleure couverture mobile sur la zone",
)  # fmt: skip


def form_answers(schema: Schema, codes: dict[str, list[str]], rng: random.Random) -> list[tuple[str, str]]:
    """Form fields answering the visible questions (optional ones skipped now and then)."""
    given: dict = {}
    pairs: list[tuple[str, str]] = []
    for q in schema.questions():
        if q.condition is not None and not q.condition.holds(given):
            continue
        if not q.required and rng.random() < 0.2:
            continue
        name = f"q-{q.id}"
        if q.type in ("short_text", "long_text"):
            value = rng.choice(PHRASES)[: q.text_limit]
        elif q.type == "single_choice":
            value = rng.choice(q.choices)
        elif q.type in ("multiple_choice", "ranking"):
            value = rng.sample(q.choices, rng.randint(1, len(q.choices)))
        elif q.type == "scale":
            value = rng.randint(q.scale_min, q.scale_max)
        elif q.type == "number":
            low = q.minimum if q.minimum is not None else 0
            high = min(q.maximum if q.maximum is not None else 1000, low + 80)
            value = rng.randint(int(low), int(high))
        elif q.type == "date":
            value = dt.date.today().isoformat()
        elif q.type == "matrix":
            value = {row: rng.choice(q.choices) for row in q.rows if rng.random() < 0.9}
        else:  # a referential code: commune, naf, rome, ewc
            value = rng.sample(codes[q.type], 1 if q.type == "commune" else rng.randint(1, 2))
        given[q.id] = value
        if isinstance(value, dict):
            pairs += [(f"{name}--{row}", choice) for row, choice in value.items()]
        elif isinstance(value, list):
            codes_field = q.type in CODE_TYPES  # one text field, codes separated by spaces
            pairs += [(name, " ".join(value))] if codes_field else [(name, v) for v in value]
        else:
            pairs.append((name, str(value)))
    return pairs
