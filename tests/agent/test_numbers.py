"""Spanish number words and quantity expressions."""
import pytest

from webapp.agent.understanding.numbers import parse_number_at, parse_quantity_at, words_to_int
from webapp.services.text import tokens


@pytest.mark.parametrize("text, value", [
    ("uno", 1), ("una", 1), ("un", 1), ("dos", 2), ("diez", 10), ("once", 11), ("quince", 15),
    ("dieciséis", 16), ("veinte", 20), ("veintiuno", 21), ("veinticinco", 25),
    ("treinta", 30), ("treinta y dos", 32), ("cuarenta y cinco", 45), ("noventa y nueve", 99),
    ("diez y seis", 16), ("cien", 100), ("ciento veinte", 120), ("ciento uno", 101),
    ("doscientos", 200), ("quinientos cincuenta", 550), ("mil", 1000), ("dos mil", 2000),
    ("mil doscientos", 1200), ("2", 2), ("10", 10), ("DOS", 2), ("Veintitrés", 23),
])
def test_words_to_int(text, value):
    assert words_to_int(text) == value


@pytest.mark.parametrize("text", ["", "cascos", "dos cascos", "treinta y", "2.5", "y dos"])
def test_words_to_int_rejects(text):
    assert words_to_int(text) is None


def test_parse_number_at_stops_before_other_words():
    toks = tokens("treinta y cascos")
    assert parse_number_at(toks, 0) == (30, 1)
    assert parse_number_at(tokens("dos cascos"), 0) == (2, 1)
    assert parse_number_at(tokens("cascos"), 0) is None


@pytest.mark.parametrize("text, value, kind", [
    ("una docena de guantes", 12, "dozen"),
    ("media docena", 6, "dozen"),
    ("dos docenas", 24, "dozen"),
    ("docena y media", 18, "dozen"),
    ("un par de botas", 1, "pair"),
    ("3 pares", 3, "pair"),
    ("par de", 1, "pair"),
    ("cinco cascos", 5, "number"),
])
def test_parse_quantity_at(text, value, kind):
    found = parse_quantity_at(tokens(text), 0)
    assert (found.value, found.kind) == (value, kind)


def test_parse_quantity_end_index():
    toks = tokens("media docena de cascos")
    assert parse_quantity_at(toks, 0).end == 2
    assert parse_quantity_at(toks, 3) is None
