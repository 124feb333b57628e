"""Text folding, tokens and stems of the understanding layer."""
import pytest

from webapp.services.text import (
    STOPWORDS, content_stems, fold, normalize, stem,
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


@pytest.mark.parametrize("typo, word", [("catalgo", "catalogo"), ("inventaro", "inventario"),
                                         ("cotisacion", "cotizacion"), ("presio", "precio")])
def test_request_words_are_read_through_typos(typo, word):
    from webapp.agent.understanding.message import Message
    assert Message(f"muestrame el {typo}").words[-1] == word


@pytest.mark.parametrize("word", ["casco", "cuadernos", "martillo", "cat"])
def test_product_words_are_left_alone(word):
    from webapp.agent.understanding.message import Message
    assert Message(word).words == (word,)
