"""Spanish number words and quantity expressions ("veinticinco", "media docena", "un par")."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import lexicon
from ...services.text import tokens as _tokens

UNITS = lexicon.table("numbers.units")
TEENS = lexicon.table("numbers.teens")
TENS = lexicon.table("numbers.tens")
HUNDREDS = lexicon.table("numbers.hundreds")
THOUSAND = lexicon.values("numbers", "thousand")
NUMBER_WORDS = frozenset(UNITS) | frozenset(TEENS) | frozenset(TENS) | frozenset(HUNDREDS) | THOUSAND
DOZEN_WORDS = lexicon.words("dozen")
GROUPS = lexicon.table("numbers.groups")
PAIR_WORDS = lexicon.words("pair")
HALF_WORDS = lexicon.words("half")
_INTEGER = re.compile(r"\d{1,7}")
THOUSANDS_DOTTED = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")  # "1.500", "12.000" (a count, where a quantity goes)


@dataclass(frozen=True)
class Quantity:
    """A parsed quantity: value, index after it, and kind ('number', 'dozen', 'pair', or the group word
    counted in: 'millar', 'ciento', 'decena')."""

    value: int
    end: int
    kind: str = "number"


def parse_number_at(tokens: list[str], i: int) -> tuple[int, int] | None:
    """(value, next index) for digits or Spanish number words starting at tokens[i]."""
    if i >= len(tokens):
        return None
    first = tokens[i]
    if _INTEGER.fullmatch(first):
        if i + 1 < len(tokens) and tokens[i + 1] in THOUSAND:
            rest = parse_number_at(tokens, i + 2) if i + 2 < len(tokens) and tokens[i + 2] not in THOUSAND else None
            if rest is not None and rest[0] < 1000:
                return int(first) * 1000 + rest[0], rest[1]  # "2 mil 500 alevinos", "3 mil quinientos"
            return int(first) * 1000, i + 2  # "5 mil volantes"
        return int(first), i + 1
    total, current, j, last = 0, 0, i, None
    while j < len(tokens):
        word = tokens[j]
        if word in UNITS and last in (None, "hundred", "tens_y", "thousand"):
            current += UNITS[word]
            last = "unit"
        elif word in TEENS and last in (None, "hundred", "thousand"):
            current += TEENS[word]
            last = "unit"
        elif word in TENS and last in (None, "hundred", "thousand"):
            current += TENS[word]
            last = "tens"
        elif (word == "y" and last == "tens" and j + 1 < len(tokens)
              and UNITS.get(tokens[j + 1], 0) >= 1):
            last = "tens_y"
        elif word in HUNDREDS and last in (None, "thousand"):
            current += HUNDREDS[word]
            last = "hundred"
        elif word in THOUSAND and last in (None, "unit", "tens", "hundred") and total == 0:
            total = max(current, 1) * 1000
            current = 0
            last = "thousand"
        else:
            break
        j += 1
    if j == i or last == "tens_y":
        return None
    return total + current, j


def words_to_int(text: str) -> int | None:
    """The integer when the whole text is a number ("treinta y dos", "12"), else None."""
    toks = _tokens(text)
    parsed = parse_number_at(toks, 0) if toks else None
    if parsed and parsed[1] == len(toks):
        return parsed[0]
    return None


def parse_quantity_at(tokens: list[str], i: int) -> Quantity | None:
    """A quantity at tokens[i]: a number, "(una|media|N) docena(s) [y media]", "(una|media|N) decena(s)",
    "(un|N) par(es)".

    For pairs the value is the number of pairs; the caller decides what a pair means.
    """
    if i >= len(tokens):
        return None
    word = tokens[i]
    if word in HALF_WORDS and i + 1 < len(tokens) and tokens[i + 1] in DOZEN_WORDS:
        return Quantity(6, i + 2, "dozen")
    if word in DOZEN_WORDS:
        return _dozen(1, i + 1, tokens)
    if word in HALF_WORDS and i + 1 < len(tokens) and tokens[i + 1] in GROUPS:
        return Quantity(GROUPS[tokens[i + 1]] // 2, i + 2, tokens[i + 1])  # "medio millar": 500
    if word in GROUPS and not (word in HUNDREDS and parse_number_at(tokens, i)[1] > i + 1):
        return _group(1, word, i + 1, tokens)  # ("ciento veinte" is a number)
    if word in PAIR_WORDS:
        return Quantity(1, i + 1, "pair")
    if THOUSANDS_DOTTED.fullmatch(word) and i + 1 < len(tokens) and tokens[i + 1].isalpha() \
            and tokens[i + 1] not in ("de", "del", "en", "pesos", "y", "o", "a", "con"):  # (never "2.000 de pan")
        return Quantity(int(word.replace(".", "")), i + 1)  # "1.500 alevinos": a thousand and five hundred
    parsed = parse_number_at(tokens, i)
    if parsed is None:
        return None
    value, end = parsed
    if end < len(tokens) and tokens[end] in DOZEN_WORDS:
        return _dozen(value, end + 1, tokens)
    if end < len(tokens) and tokens[end] in PAIR_WORDS:
        return Quantity(value, end + 1, "pair")
    if end < len(tokens) and tokens[end] in GROUPS:  # "una decena de cartillas", "2 millares"
        return _group(value, tokens[end], end + 1, tokens)
    return Quantity(value, end)


def _group(count: int, word: str, end: int, tokens: list[str]) -> Quantity:
    value = count * GROUPS[word]
    if len(tokens) > end + 1 and tokens[end] == "y" and tokens[end + 1] in HALF_WORDS:
        value, end = value + GROUPS[word] // 2, end + 2  # "un millar y medio"
    return Quantity(value, end, word)


def _dozen(count: int, end: int, tokens: list[str]) -> Quantity:
    value = count * 12
    if len(tokens) > end + 1 and tokens[end] == "y" and tokens[end + 1] in HALF_WORDS:
        value, end = value + 6, end + 2
    return Quantity(value, end, "dozen")


def groups_as_sizes(text: str) -> str:
    """A group said instead of its size, as names write it ("el millar" → "el 1000", "el medio
    millar" → "el 500")."""
    words = text.split()
    out = []
    for i, word in enumerate(words):
        if word in GROUPS:
            half = bool(out) and out[-1] in HALF_WORDS
            out = out[:-1] if half else out
            out.append(str(GROUPS[word] // 2 if half else GROUPS[word]))
        else:
            out.append(word)
    return " ".join(out)
