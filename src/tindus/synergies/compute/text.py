"""Offline French text normalisation and similarity for declarations.

Plain Python (Snowball stemmer, no service, no Django). A text becomes a set of *stems*:

1. lower case, apostrophes split (« d'acier » → « d », « acier »), words of letters and hyphens;
2. French stop-words of the short list below dropped, and one-letter words;
3. accents stripped (« métal » and « metal », « osmosée » and « osmosee » meet);
4. crude plural stripping (« copeaux » → « copeau », « métaux » → « metal », « aciers » → « acier »),
   because Snowball alone does not bring every plural onto its singular (it stems « acier » to « aci »
   but « aciers » to « acier »);
5. the Snowball French stem (« palettes », « palette » → « palet »).

Similarity is the **cosine of IDF-weighted binary stem vectors**: each distinct stem of a text weighs
``idf = log(1 + N / df)`` over the declarations compared (a stem shared by everybody, « déchet »,
weighs little; a rare one, « copeau », a lot), vectors normalised to length 1. Without a corpus
(``idf=None``) every stem weighs 1 and the cosine reduces to |A ∩ B| / √(|A|·|B|). A set cosine
rather than word counts because declarations are short labels where repeating a word says nothing.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

from tindus.stemming import french_stemmer

STOP_WORDS = frozenset(
    """
a au aux avec ce ces cet cette d dans de des du en est et il ils je l la le les leur leurs mais me mes mon
ne nos notre nous on ou par pas peu plus pour qu que qui s sa sans se ses son sont sur t ta tes ton tous tout
toute toutes tres un une vos votre vous y chaque entre vers via environ selon autre autres tel telle etc
""".split()  # noqa: SIM905 - a word list reads better as text
)
WORD = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœæ]+(?:-[a-zàâäçéèêëîïôöùûüÿœæ]+)*")
MIN_PLURAL_LENGTH = 4  # « gaz », « bus », « jus » are not plurals
PLURAL_EXCEPTIONS = {"materiaux": "materiau", "travaux": "travail", "tuyaux": "tuyau", "noyaux": "noyau"}


def plain(text: str) -> str:
    """``text`` without accents (« Métaux ferreux » → « Metaux ferreux »)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def singular(word: str) -> str:
    """Crude French plural stripping of a word without accents: -eaux → -eau, -aux → -al, final -s or -x dropped."""
    if len(word) < MIN_PLURAL_LENGTH:
        return word
    if word in PLURAL_EXCEPTIONS:
        return PLURAL_EXCEPTIONS[word]
    if word.endswith("eaux"):
        return word[:-1]
    if word.endswith("aux"):
        return word[:-3] + "al"
    if word[-1] in "sx" and word[-2] not in "su":  # « process », « ferreux » stay as they are
        return word[:-1]
    return word


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The comparable form of one lower-case word (cached, like the Snowball step: it is slow in pure Python).

    Accents go first, so that « osmosée » and « osmosee » cannot reach different stems."""
    return _snowball(singular(plain(word)))


@lru_cache(maxsize=200_000)
def _snowball(word: str) -> str:
    return french_stemmer().stemWord(word)


@lru_cache(maxsize=200_000)
def _meaningful(word: str) -> bool:
    return len(word) > 1 and plain(word) not in STOP_WORDS


def words(text: str) -> list[str]:
    """The meaningful lower-case words of ``text``, in order, stop-words removed."""
    return [w for w in WORD.findall(text.lower().replace("’", "'").replace("'", " ")) if _meaningful(w)]


@lru_cache(maxsize=100_000)
def stems(text: str) -> tuple[str, ...]:
    """The distinct stems of ``text``, in order of first appearance."""
    return tuple(dict.fromkeys(stem(w) for w in words(text)))


def surface_words(text: str) -> dict[str, str]:
    """stem → the word as written (its first occurrence), to show a person which words matched."""
    shown: dict[str, str] = {}
    for w in words(text):
        shown.setdefault(stem(w), w)
    return shown


def char_ngrams(text: str, n: int = 3) -> set[str]:
    """Character n-grams of the plain words, padded (« acier » → « _ac », « aci », …, « er_ »).

    For fuzzy look-ups (a search box, a typo in a label); matching itself compares stems.
    """
    grams: set[str] = set()
    for w in words(text):
        padded = f"_{plain(w)}_"
        grams.update(padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))
    return grams


def idf_weights(documents: Iterable[Iterable[str]]) -> dict[str, float]:
    """``log(1 + N / df)`` of each stem over ``documents`` (each an iterable of distinct stems)."""
    df: dict[str, int] = {}
    total = 0
    for doc in documents:
        total += 1
        for s in set(doc):
            df[s] = df.get(s, 0) + 1
    return {s: math.log1p(total / n) for s, n in df.items()}


def similarity(a_tokens: Iterable[str], b_tokens: Iterable[str], idf: Mapping[str, float] | None = None) -> float:
    """Cosine of the IDF-weighted binary vectors of two stem collections, in [0, 1].

    Stems unknown to ``idf`` weigh as much as the rarest known stem would (they are rare by definition).
    """
    a, b = set(a_tokens), set(b_tokens)
    if not a or not b:
        return 0.0
    if idf is None:
        return len(a & b) / math.sqrt(len(a) * len(b))
    top = max(idf.values(), default=1.0)
    weight = {s: idf.get(s, top) for s in a | b}
    dot = sum(weight[s] ** 2 for s in a & b)
    norm = math.sqrt(sum(weight[s] ** 2 for s in a)) * math.sqrt(sum(weight[s] ** 2 for s in b))
    return dot / norm


def text_similarity(a: str, b: str, idf: Mapping[str, float] | None = None) -> float:
    """:func:`similarity` of two raw texts."""
    return similarity(stems(a), stems(b), idf)
