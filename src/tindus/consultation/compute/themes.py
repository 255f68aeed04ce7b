"""Grouping French free-text answers into themes, offline.

Plain Python. Each answer becomes a bag of features: words lower-cased, split on apostrophes
(« l'emploi » → « emploi »), French stop-words removed, reduced to their Snowball stem (plurals and
verb forms meet: « recrutements », « recruter » → « recrut ») then stripped of accents (« régulier »
and « regulier » meet), plus the pairs of consecutive stems. Features are weighted by TF-IDF, answers
are grouped by average-linkage clustering on cosine similarity (the two groups whose answers are the
most alike on average merge first, until no pair is alike enough). A theme is named by the heaviest
stems of its centroid, shown as the word respondents used most for each. Memory grows with the square
of the number of answers: a few thousand answers per question is the intended scale.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from tindus.stemming import french_stemmer

STOP_WORDS = frozenset(
    """
a ai aie aient aies ait alors as au aucun aussi autre aux avaient avais avait avec avez avoir avons ayant bon
c ca car ce ceci cela celle celles celui ces cet cette ceux chaque chez ci comme comment d dans de des deja
donc dont du elle elles en encore est et etaient etais etait etant ete etre eu eux fait faire fais faut il ils
j je jusqu l la le les leur leurs lui m ma mais me meme mes moi moins mon n ne ni nos notre nous on ont ou par
pas peu peut plus pour pourquoi qu quand que quel quelle quelles quels qui s sa sans se ses si sien son sont
sous souvent sur t ta te tes toi ton tous tout toute toutes tres trop tu un une vos votre vous y beaucoup bien
etc rien oui non plutot assez ici la-bas cela ceux-ci entre vers avant apres depuis
""".split()  # noqa: SIM905 - a word list reads better as text
)
WORD = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœæ]+(?:-[a-zàâäçéèêëîïôöùûüÿœæ]+)*")


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def tokens(text: str) -> list[tuple[str, str]]:
    """(stem, surface word) pairs of the meaningful words of ``text``."""
    words = WORD.findall(text.lower().replace("’", "'").replace("'", " "))
    kept = [w for w in words if _plain(w) not in STOP_WORDS and len(w) > 1]
    return [(_plain(stem), word) for stem, word in zip(french_stemmer().stemWords(kept), kept, strict=True)]


BIGRAM_WEIGHT = 0.5  # a shared pair of words counts, but less than the words themselves


def features(text: str) -> Counter[str]:
    stems = [s for s, _w in tokens(text)]
    bag: Counter[str] = Counter(stems)
    for a, b in zip(stems, stems[1:], strict=False):
        bag[f"{a} {b}"] += BIGRAM_WEIGHT
    return bag


@dataclass
class Theme:
    label: str
    keywords: list[str]
    members: list[int] = field(default_factory=list)  # indexes of the answers
    examples: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.members)


def _vectors(bags: list[Counter[str]]) -> np.ndarray:
    """Row-normalised TF-IDF matrix of the bags, over the features found in at least two answers (a word
    used once cannot bring two answers together, it would only dilute the others)."""
    documents = Counter(k for bag in bags for k in bag)
    vocabulary = {k: j for j, k in enumerate(sorted(k for k, n in documents.items() if n >= 2))}
    matrix = np.zeros((len(bags), len(vocabulary)))
    for i, bag in enumerate(bags):
        for k, c in bag.items():
            if k in vocabulary:
                matrix[i, vocabulary[k]] = c * math.log((1 + len(bags)) / (1 + documents[k]))
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


def _average_linkage(vectors: np.ndarray, threshold: float) -> list[list[int]]:
    """Merge the two most similar groups (mean cosine between their answers) until none reaches ``threshold``."""
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, -1.0)
    sizes = np.ones(len(vectors))
    groups: dict[int, list[int]] = {i: [i] for i in range(len(vectors))}
    while len(groups) > 1:
        flat = int(np.argmax(similarity))
        a, b = divmod(flat, similarity.shape[1])
        if similarity[a, b] < threshold:
            break
        # Lance-Williams update for average linkage: the merged group's similarity to each other group.
        merged = (sizes[a] * similarity[a] + sizes[b] * similarity[b]) / (sizes[a] + sizes[b])
        similarity[a], similarity[:, a] = merged, merged
        similarity[a, a] = -1.0
        similarity[b], similarity[:, b] = -1.0, -1.0
        sizes[a] += sizes[b]
        groups[a].extend(groups.pop(b))
    return list(groups.values())


def group_themes(
    texts: list[str], threshold: float = 0.2, examples: int = 3, min_size: int = 2
) -> tuple[list[Theme], list[int]]:
    """Themes (largest first) and the indexes of answers that fit none (too short or alone)."""
    bags = [features(t) for t in texts]
    usable = [i for i, bag in enumerate(bags) if bag]
    loose = [i for i, bag in enumerate(bags) if not bag]
    if not usable:
        return [], loose
    vectors = _vectors([bags[i] for i in usable])
    surface: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        for stem, word in tokens(text):
            surface[stem][word] += 1
    counts = Counter(k for i in usable for k in bags[i])
    vocabulary = sorted(k for k, n in counts.items() if n >= 2)
    themes = []
    for group in _average_linkage(vectors, threshold):
        members = [usable[j] for j in group]
        if len(members) < min_size:
            loose.extend(members)
            continue
        centroid = vectors[group].mean(axis=0)
        words = [(vocabulary[j], w) for j, w in enumerate(centroid) if w > 0 and " " not in vocabulary[j]]
        keywords = [surface[k].most_common(1)[0][0] for k, _w in sorted(words, key=lambda kw: -kw[1])[:3]]
        closeness = vectors[group] @ centroid
        ranked = [members[j] for j in np.argsort(-closeness, kind="stable")]
        themes.append(Theme(", ".join(keywords), keywords, sorted(members), [texts[i] for i in ranked[:examples]]))
    themes.sort(key=lambda t: (-t.count, t.label))
    return themes, sorted(loose)
