"""Text folding shared by catalogue search and the assistant: accents, case, plurals, gender."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("spanish")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_NUMBER_UNIT = re.compile(r"(\d+(?:[.,]\d+)?)([a-z]+)")

STOPWORDS = frozenset(
    """a al algo algun alguna algunas alguno algunos ante antes aqui asi como con cual cuales
    de del desde donde dos el ella ellas ellos en entre era es esa esas ese eso esos esta estan
    estas este esto estos la las le les lo los me mas mi mis mucho muy nos o otra otro para pero
    por que quien se sea ser si sin sobre su sus tambien te tiene tienen tu tus u un una unas
    uno unos usted ustedes y ya yo""".split()
)


def fold(text: str) -> str:
    """Lowercase without accents (ñ becomes n)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def normalize(text: str) -> str:
    """Folded text with punctuation turned into single spaces; '10lb' becomes '10 lb'."""
    folded = _NON_WORD.sub(" ", fold(text).replace(",", ".")).strip()
    return _NUMBER_UNIT.sub(r"\1 \2", folded)


def tokens(text: str) -> list[str]:
    return normalize(text).split()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball Spanish stem, then gender folded so amarillo/amarilla/amarillos meet."""
    if word.isdigit():
        return word.lstrip("0") or "0"
    root = _STEMMER.stemWord(word)
    if len(root) > 3 and root[-1] in "aoe":
        root = root[:-1]
    return root


def content_stems(text: str) -> list[str]:
    return [stem(t) for t in tokens(text) if t not in STOPWORDS]
