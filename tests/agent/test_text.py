"""Text folding, tokens and stems of the understanding layer."""
import pytest

from webapp.agent.understanding.text import (
    STOPWORDS, content_stems, fold, fuzzy_contains, fuzzy_word, normalize, phrase_pattern, stem,
    token_spans, tokens,
)


@pytest.mark.parametrize("raw, expected", [
    ("EXTINTOR", "extintor"),
    ("extintór", "extintor"),
    ("Señalización", "senalizacion"),
    ("¿Qué productos tienen?", "que productos tienen"),
    ("Pingüino", "pinguino"),
    ("  muchos   espacios\n", "muchos espacios"),
    ("extintor 10lb", "extintor 10 lb"),
    ("cable 2,5 mm", "cable 2.5 mm"),
    ("tubo 1/2\"", "tubo 1/2"),
    ("¡Hola!, ¿cómo estás?", "hola como estas"),
])
def test_normalize(raw, expected):
    assert normalize(raw) == expected


def test_fold_keeps_length_and_offsets():
    raw = "Señor Pérez, ÁRBOL"
    assert fold(raw) == "senor perez, arbol"
    assert len(fold(raw)) == len(raw)


def test_token_spans_point_into_raw_text():
    raw = "Historial de Juan Pérez"
    spans = token_spans(raw)
    assert [t for t, _, _ in spans] == ["historial", "de", "juan", "perez"]
    assert raw[spans[-1][1]:spans[-1][2]] == "Pérez"


def test_tokens():
    assert tokens("Dame 2 cascos, por favor.") == ["dame", "2", "cascos", "por", "favor"]


@pytest.mark.parametrize("a, b", [
    ("cascos", "casco"),
    ("extintores", "extintor"),
    ("señalización", "senalizacion"),
    ("amarillos", "amarilla"),
    ("amarillo", "amarillos"),
    ("EXTINTORES", "extintór"),
    ("guantes", "guante"),
    ("botiquines", "botiquín"),
    ("rojas", "rojo"),
])
def test_stems_meet(a, b):
    assert stem(a) == stem(b)


@pytest.mark.parametrize("a, b", [("casco", "guante"), ("10", "20"), ("rojo", "azul")])
def test_stems_differ(a, b):
    assert stem(a) != stem(b)


def test_stem_keeps_numbers():
    assert stem("10") == "10"


def test_content_stems_drop_stopwords():
    assert content_stems("los cascos de la obra") == [stem("cascos"), stem("obra")]
    assert {"de", "la", "el", "los", "para", "por", "con", "y", "que", "me", "mi"} <= STOPWORDS


def test_phrase_pattern_whole_words_only():
    pattern = phrase_pattern(["no", "de una"])
    assert pattern.search("no gracias")
    assert pattern.search("dale de una")
    assert not pattern.search("bueno")
    assert not pattern.search("nombre")
    assert not pattern.search("deuna")


@pytest.mark.parametrize("word, expected", [
    ("catalgo", "catalogo"), ("inventaro", "inventario"), ("catalogo", "catalogo"),
    ("casco", None), ("cat", None),
])
def test_fuzzy_word(word, expected):
    assert fuzzy_word(word, {"catalogo", "inventario"}) == expected


def test_fuzzy_contains():
    assert fuzzy_contains("muestrame el catalgo", {"catalogo"}) == "catalogo"
    assert fuzzy_contains("quiero cascos", {"catalogo"}) is None
