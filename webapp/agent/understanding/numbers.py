"""Spanish number words and quantity expressions ("veinticinco", "media docena", "un par")."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .text import tokens as _tokens

UNITS = {
    "cero": 0, "un": 1, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
    "seis": 6, "siete": 7, "ocho": 8, "nueve": 9,
}
TEENS = {
    "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "dieciseis": 16,
    "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veintiun": 21, "veintiuno": 21,
    "veintiuna": 21, "veintidos": 22, "veintitres": 23, "veinticuatro": 24, "veinticinco": 25,
    "veintiseis": 26, "veintisiete": 27, "veintiocho": 28, "veintinueve": 29,
}
TENS = {
    "diez": 10, "veinte": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60,
    "setenta": 70, "ochenta": 80, "noventa": 90,
}
HUNDREDS = {
    "cien": 100, "ciento": 100, "doscientos": 200, "doscientas": 200, "trescientos": 300,
    "trescientas": 300, "cuatrocientos": 400, "cuatrocientas": 400, "quinientos": 500,
    "quinientas": 500, "seiscientos": 600, "seiscientas": 600, "setecientos": 700,
    "setecientas": 700, "ochocientos": 800, "ochocientas": 800, "novecientos": 900,
    "novecientas": 900,
}
NUMBER_WORDS = frozenset(UNITS) | frozenset(TEENS) | frozenset(TENS) | frozenset(HUNDREDS) | {"mil"}
DOZEN_WORDS = frozenset({"docena", "docenas"})
PAIR_WORDS = frozenset({"par", "pares"})
_INTEGER = re.compile(r"\d{1,7}")


@dataclass(frozen=True)
class Quantity:
    """A parsed quantity: value, index after it, and kind ('number', 'dozen' or 'pair')."""

    value: int
    end: int
    kind: str = "number"


def parse_number_at(tokens: list[str], i: int) -> tuple[int, int] | None:
    """(value, next index) for digits or Spanish number words starting at tokens[i]."""
    if i >= len(tokens):
        return None
    first = tokens[i]
    if _INTEGER.fullmatch(first):
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
        elif word == "mil" and last in (None, "unit", "tens", "hundred") and total == 0:
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
    """A quantity at tokens[i]: a number, "(una|media|N) docena(s) [y media]", "(un|N) par(es)".

    For pairs the value is the number of pairs; the caller decides what a pair means.
    """
    if i >= len(tokens):
        return None
    word = tokens[i]
    if word == "media" and i + 1 < len(tokens) and tokens[i + 1] in DOZEN_WORDS:
        return Quantity(6, i + 2, "dozen")
    if word in DOZEN_WORDS:
        return _dozen(1, i + 1, tokens)
    if word in PAIR_WORDS:
        return Quantity(1, i + 1, "pair")
    parsed = parse_number_at(tokens, i)
    if parsed is None:
        return None
    value, end = parsed
    if end < len(tokens) and tokens[end] in DOZEN_WORDS:
        return _dozen(value, end + 1, tokens)
    if end < len(tokens) and tokens[end] in PAIR_WORDS:
        return Quantity(value, end + 1, "pair")
    return Quantity(value, end)


def _dozen(count: int, end: int, tokens: list[str]) -> Quantity:
    value = count * 12
    if tokens[end:end + 2] == ["y", "media"]:
        value, end = value + 6, end + 2
    return Quantity(value, end, "dozen")
