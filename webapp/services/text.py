"""Spanish text folding shared by catalogue search and the assistant: accents, case, plurals, gender."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("spanish")
# Numbers keep their decimal/thousand separators and fractions ("2.5", "1.023.456", "1/2");
# letters and digits are separate tokens ("10lb" -> "10", "lb").
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*(?:/\d+)?|[a-z]+")

STOPWORDS = frozenset(
    """a al ante como con contra cual de del desde e el ella ellas ellos en entre es esa esas
    ese eso esos esta estas este esto estos hacia la las le les lo los me mi mis nos o os para
    pero por que se su sus te ti tu tus u un una unas uno unos y ya yo muy
    tienen tiene tengo tenemos hay quiero necesito quisiera dame deme venden vende busco""".split()
)


MICRO = "\u00b5\u03bc"  # the micro sign and the Greek mu


class _FoldTable(dict):
    """str.translate table filled on demand: each character to one lowercase unaccented one."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch in MICRO:
            self[code] = "u"  # "100 µF" reads as "100 uF", as customers write it
            return "u"
        low = ch.lower()
        if len(low) != 1:
            low = ch
        folded = unicodedata.normalize("NFD", low)[0]
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lowercase without accents (á→a, ñ→n, ü→u), same length as the input."""
    return (text or "").translate(_FOLD)


def _clean_number(token: str) -> str:
    return token.replace(",", ".") if token[0].isdigit() else token


def tokens(text: str) -> list[str]:
    """Normalized word and number tokens; punctuation is dropped."""
    return [_clean_number(m.group()) for m in _TOKEN.finditer(fold(text))]


def token_spans(text: str) -> list[tuple[str, int, int]]:
    """(normalized token, start, end) with offsets into the raw text."""
    return [(_clean_number(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(fold(text))]


def normalize(text: str) -> str:
    """Text for matching: lowercase, no accents, only letters, numbers and single spaces."""
    return " ".join(tokens(text))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball Spanish stem of a normalized word, with final a/o/e folded (gender/plural), a final
    z written c (the plural's spelling) and a borrowed word's plural s after a consonant dropped."""
    word = normalize(word).replace(" ", "")
    if not word or word[0].isdigit():
        return word
    if len(word) >= 4 and word[-1] == "s" and word[-2] not in "aeiouüs":
        word = word[:-1]  # "breakers", "leds", "jeans": a borrowed word's plural, as "breaker", "led"
    root = _STEMMER.stemWord(word)
    if root == word and len(word) > 4 and word.endswith(("as", "os")) and word[-3] not in "aeiou":
        root = word[:-1]  # "ollas", "onzas": a plural Snowball leaves whole (its ending falls before its region)
    if len(root) > 3 and root[-1] in "aoe":
        root = root[:-1]
    if root.endswith("z"):  # "luz" / "luces", "lápiz" / "lápices": one stem for both numbers
        root = root[:-1] + "c"
    return root


def word_form(word: str) -> str:
    """A word with only its number and gender folded, no derivation ("rosadas" → "rosad" and "rosas" →
    "ros", where `stem` gives "ros" to both; "luces" and "luz" → "luc", "neones" → "neon")."""
    word = normalize(word).replace(" ", "")
    if not word or word[0].isdigit():
        return word
    if word.endswith("es") and len(word) > 4 and word[-3] not in "aeiou":
        word = word[:-2]
    elif word.endswith("s") and len(word) > 3:
        word = word[:-1]
    if len(word) > 3 and word[-1] in "aoe":
        word = word[:-1]
    return word[:-1] + "c" if word.endswith("z") else word


def content_tokens(text: str) -> list[str]:
    """Normalized tokens that are not stopwords."""
    return [t for t in tokens(text) if t not in STOPWORDS]


def content_stems(text: str) -> list[str]:
    """Stems of the non-stopword tokens."""
    return [stem(t) for t in content_tokens(text)]


def sound(word: str) -> str:
    """A rough Spanish phonetic key of a folded word (how it sounds, not how it is spelt)."""
    key = word
    for pattern, replacement in ((r"h", ""), (r"qu(?=[ei])", "k"), (r"c(?=[ei])", "s"), (r"z", "s"),
                                 (r"c", "k"), (r"q", "k"), (r"g(?=[ei])", "j"), (r"gu(?=[ei])", "g"), (r"v", "b"),
                                 (r"ll", "y"), (r"n(?=b)", "m"), (r"x", "ks"), (r"(.)\1+", r"\1")):
        key = re.sub(pattern, replacement, key)
    return key
