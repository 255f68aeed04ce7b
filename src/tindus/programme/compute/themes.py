"""A suggested common theme for a lever or axis, from the French words of its title and description.

Plain Python (no Django). Each theme has keywords; a keyword is one or more word stems (« recrut » finds
« recrutement », « recruter »), compared after :func:`.words.words` (accents, case, small words dropped).
A keyword found scores its number of words (so « attractivité des métiers » counts more for recruitment
than « attractivité » for attractiveness), twice in the title. The suggestion is the best theme only when
it is sure: a score of at least 2 and at least twice the next theme's; else none. The team confirms or
changes it (a suggestion is never a theme until confirmed).
"""

from __future__ import annotations

from .words import words

# Theme values (programme.models.Theme) → keywords, each a space-separated sequence of word stems.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "recruitment_skills": (
        "recrut", "competen", "formation", "former", "emploi", "apprenti", "alternan", "metier", "gpec", "gepp",
        "main oeuvre", "qualification", "insertion", "talent", "jeune", "orientation", "ecole", "campus",
        "attractivite metier", "attractivite emploi", "ressources humaines", "salari", "embauch", "lycee",
    ),
    "innovation": (
        "innov", "recherche", "numeri", "digital", "industrie futur", "industrie 4", "robot", "technolog",
        "laboratoire", "prototyp", "intelligence artificielle", "donnees", "transformation numerique",
        "startup", "start up", "brevet", "demonstrat",
    ),
    "attractiveness": (
        "attractivite", "image", "marketing", "communication", "logement", "mobilite", "cadre vie", "visibilit",
        "promotion", "accueil", "tourisme", "marque", "rayonnement", "valorisation", "fierte", "habitat",
        "nouveaux arrivants", "services public",
    ),
    "land": (
        "foncier", "fonciere", "friche", "zone", "zae", "immobili", "locaux", "terrain", "parc activit", "batiment",
        "requalif", "reconversion site", "amenagement", "zan", "artificialis", "sobriete fonciere", "site clef main",
        "hotel entreprise", "pepiniere", "surface",
    ),
    "ecological_transition": (
        "decarbon", "energ", "dechet", "ecolog", "economie circulaire", "environnement", "climat", "carbone",
        "hydrogene", "renouvelable", "sobriete", "transition ecologique", "eau", "biodiversit", "recycl",
        "emission", "bas carbone", "eit", "chaleur fatale", "photovolta", "methanis", "reemploi",
    ),
    "business_support": (
        "financement", "accompagn entreprise", "soutenir entreprise", "soutien entreprise", "investissement",
        "creation entreprise", "reprise", "transmission", "export", "developp entreprise", "tpe", "pme",
        "implantation", "aide",
        "entrepreneur", "croissance", "relocalis", "capital", "pret", "diagnostic entreprise",
    ),
    "cooperation": (
        "cooperation", "reseau", "mutualis", "club", "synergie", "inter entreprise", "interentreprise", "filiere",
        "collaborat", "partenariat", "animation", "ecosysteme", "grappe", "cluster", "achats groupes",
        "groupement", "rencontre", "mise relation", "collectif",
    ),
}  # fmt: skip

TITLE_WEIGHT = 2
MIN_SCORE = 2


def _stems(keyword: str) -> tuple[str, ...]:
    return words(keyword)


_KEYWORD_STEMS = {theme: [_stems(k) for k in keywords] for theme, keywords in KEYWORDS.items()}


def _count(text_words: tuple[str, ...], stems: tuple[str, ...]) -> int:
    n = len(stems)
    return sum(all(text_words[i + j].startswith(stems[j]) for j in range(n)) for i in range(len(text_words) - n + 1))


def scores(title: str, description: str = "") -> dict[str, int]:
    """Each theme's score for this title and description (0 when none of its keywords is found)."""
    title_words, description_words = words(title or ""), words(description or "")
    found: dict[str, int] = {}
    for theme, keywords in _KEYWORD_STEMS.items():
        score = 0
        for stems in keywords:
            if not stems:
                continue
            score += len(stems) * (TITLE_WEIGHT * _count(title_words, stems) + _count(description_words, stems))
        found[theme] = score
    return found


def suggest(title: str, description: str = "") -> str | None:
    """The theme suggested for an axis, or None when unsure (nothing found, or two themes close)."""
    ranked = sorted(scores(title, description).items(), key=lambda item: -item[1])
    best, best_score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if best_score < MIN_SCORE or best_score < 2 * runner_up:
        return None
    return best
