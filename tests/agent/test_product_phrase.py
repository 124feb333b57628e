"""The words of a customer's phrase that can name a product, and how names are compared."""
import pytest

from webapp.agent.resolution import _keys, product_phrase
from webapp.services.text import stem, tokens


@pytest.mark.parametrize("phrase, expected", [
    ("candado en u", "candado u"),          # a letter that is a shape
    ("cable tipo c de 2 metros", "cable c 2 metros"),
    ("vitamina e", "vitamina e"),           # a letter that is a kind
    ("arroz y", "arroz"),                   # a conjunction is no letter of a name
    ("casco talla m", "casco talla m"),
    ("carrito metaliko", "carrito metaliko"),   # a word of the order right before a product word names it
    ("mi carrito", ""),
    ("liquido pa lentes de contacto", "liquido lentes contacto"),  # "de contacto" says what kind of lentes
])
def test_product_phrase_keeps_letters_that_name(phrase, expected):
    assert product_phrase(phrase) == expected


def test_a_number_goes_with_its_measure():
    said = _keys(["extensiones", "3", "metros"])
    assert said <= _keys(tokens("Extensión Eléctrica 3 m 3 Tomas"))
    assert not said <= _keys(tokens("Extensión Eléctrica 5 m 3 Tomas"))  # its "3" is of the Tomas


@pytest.mark.parametrize("plural, singular", [("breakers", "breaker"), ("leds", "led"), ("jeans", "jean"),
                                              ("luces", "luz"), ("cables", "cable")])
def test_plurals_stem_like_their_singular(plural, singular):
    assert stem(plural) == stem(singular)
