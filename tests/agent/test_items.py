"""Product mentions, quantity changes and removals."""
import pytest

from webapp.agent.understanding.items import (
    ItemRequest, extract_item_requests, extract_quantity_change_target, extract_removals,
)


def extract_quantity_change(text):
    found = extract_quantity_change_target(text)
    return found[0] if found else None


def extract_removal(text):
    found = extract_removals(text)
    return found[0] if found else None


def _pairs(text):
    return [(r.quantity, r.phrase) + ((r.unit,) if r.unit in ("par", "rollos", "resmas", "libras", "bultos") else ())
            for r in extract_item_requests(text)]


@pytest.mark.parametrize("text, expected", [
    ("2 cascos y 3 pares de guantes", [(2, "cascos"), (3, "guantes", "par")]),
    ("necesito 2 extintores de 10 libras", [(2, "extintores de 10 libras")]),
    ("quiero una docena de guantes", [(12, "guantes")]),
    ("media docena de cascos amarillos", [(6, "cascos amarillos")]),
    ("un par de cascos", [(1, "cascos", "par")]),
    ("un par de guantes", [(1, "guantes", "par")]),
    ("un par de botas", [(1, "botas", "par")]),
    ("un par de zapatos", [(1, "zapatos", "par")]),
    ("un par de medias", [(1, "medias", "par")]),
    ("un par de tapones", [(1, "tapones", "par")]),
    ("un par de gafas", [(1, "gafas", "par")]),
    ("3 pares de guantes", [(3, "guantes", "par")]),
    ("dos pares de cascos", [(2, "cascos", "par")]),
    ("quiero comprar cascos", [(None, "cascos")]),
    ("Cotización para 10 cascos", [(10, "cascos")]),
    ("dame dos extintores de 20 lb y un botiquín", [(2, "extintores de 20 lb"), (1, "botiquin")]),
    ("Quiero comprar 2 cascos", [(2, "cascos")]),
    ("Cotización para guantes", [(None, "guantes")]),
    ("Agregar extintores al pedido", [(None, "extintores")]),
    ("hola, quiero 2 cascos por favor", [(2, "cascos")]),
    ("me regalas tres cascos amarillos", [(3, "cascos amarillos")]),
    ("quiero veinticinco cascos", [(25, "cascos")]),
    ("treinta y dos guantes", [(32, "guantes")]),
    ("ciento veinte tornillos y una docena y media de tuercas", [(120, "tornillos"), (18, "tuercas")]),
    ("cascos y guantes", [(None, "cascos"), (None, "guantes")]),
    ("5 cascos talla M color amarillo", [(5, "cascos talla m color amarillo")]),
    ("casco blanco y negro", [(None, "casco blanco y negro")]),
    ("extintores de 10 y 20 libras", [(None, "extintores de 10 y 20 libras")]),
    ("10 libras de harina", [(10, "harina", "libras")]),
    ("2.5 kg de queso", [(None, "2.5 kg de queso")]),
    ("casco x 3", [(3, "casco")]),
    ("tubo de 1/2\" x 3", [(3, "tubo de 1/2")]),
    ("cascos 4 unidades", [(4, "cascos")]),
    ("4 unidades de casco", [(4, "casco")]),
    ("2 cascos, 3 guantes; 1 extintor", [(2, "cascos"), (3, "guantes"), (1, "extintor")]),
    ("EXTINTOR", [(None, "extintor")]),
    ("extintór de 10 LB", [(None, "extintor de 10 lb")]),
    ("ponme 3 botas de caucho talla 40", [(3, "botas de caucho talla 40")]),
    ("precio de los cascos", [(None, "cascos")]),
    ("¿tienen cascos disponibles?", [(None, "cascos")]),
    ("necesito 2 x 4 de madera", [(None, "2 x 4 de madera")]),
    ("3x cascos", [(3, "cascos")]),
    # units of sale: the number is the quantity, the unit picks the presentation
    ("tráigame 3 rollos de cinta", [(3, "cinta", "rollos")]),
    ("2 resmas de papel carta", [(2, "papel carta", "resmas")]),
    ("nesesito 5 bultos de concentrado", [(5, "concentrado", "bultos")]),
    # a number that is an attribute is not the quantity
    ("dos cuadernos de 100 hojas", [(2, "cuadernos de 100 hojas")]),
    ("páseme 3 tubos de 2 pulgadas", [(3, "tubos de 2 pulgadas")]),
    # usted, ustedes and voseo forms with pronouns attached
    ("regáleme 4 panes", [(4, "panes")]),
    ("mándenme 2 cajas de tornillos", [(2, "tornillos")]),
    ("pasame 6 cuadernos", [(6, "cuadernos")]),
    ("vendeme una camiseta talla m", [(1, "camiseta talla m")]),
    ("kiero 3 almojabanas", [(3, "almojabanas")]),
    # a service said by its verb is counted by what it is done to
    ("necesito inflar 20 bombas con helio", [(20, "inflar bombas con helio")]),
    ("quiero estampar 11 camisetas", [(11, "estampar camisetas")]),
    # a unit of sale that is itself the product ("bolsa de regalo"): after "de" a word is a noun
    ("dame 6 bolsas de regalo", [(6, "bolsas de regalo")]),
    ("cuál es la bolsa de regalo más barata", [(None, "es la bolsa de regalo mas barata")]),
    # coastal speech: "e" for "de", an apostrophe for the lost s; "de a 10" is the pack of 10
    ("mándeme do kilo de costilla e cerdo, un paquete e lo' chorizo de a 10 y do bolsa e hielo",
     [(2, "costilla de cerdo"), (1, "chorizo x 10"), (2, "hielo")]),
    ("agujas e hilos", [(None, "agujas"), (None, "hilos")]),
    # "y una de 5": the product just named, in the other size
    ("dame 3 extensiones de 3 metros y una de 5", [(3, "extensiones de 3 metros"), (1, "extensiones de 5")]),
    # a word before the ordering verb is whom it is said to
    ("compadre mandeme 3 paquetes de platos", [(3, "platos")]),
    # the size or the measure carries to the next item
    ("quiero 4 brochas de 1 pulgada y 2 de 2 pulgadas", [(4, "brochas de 1 pulgada"), (2, "brochas de 2 pulgadas")]),
    # a clause after a comma: which one, or what to do with it, not another product
    ("mandame el carro a control remoto de 1:18, el recargable", [(None, "carro a control remoto de 1 18 recargable")]),
    ("deme do kilo entonce, y que me lo limpien", [(2, "")]),
    # "dominó" is a game, never corrected to "domingo"
    ("necesito un parqués de 4 puestos y un dominó", [(1, "parques de 4 puestos"), (1, "domino")]),
    # a container of a named product keeps its count
    ("el paquete de platos x20", [(None, "paquete de platos x 20")]),
])
def test_extract_item_requests(text, expected):
    assert _pairs(text) == expected


@pytest.mark.parametrize("text", [
    "quiero comprar", "qué productos tienen disponibles", "inventario", "sí, procedamos con el pedido",
    "hola, buenas tardes", "gracias", "quiero hablar con un asesor", "no quiero cascos", "", "   ",
    "quiero hacer un pedido", "cancelar",
])
def test_no_items(text):
    assert extract_item_requests(text) == []


@pytest.mark.parametrize("text, expected", [
    ("agrega otro casco", ItemRequest(1, "casco", True)),
    ("agrega 2 cascos más", ItemRequest(2, "cascos", True)),
    ("otros 3 guantes", ItemRequest(3, "guantes", True)),
    ("agrega uno más", ItemRequest(1, "", True)),
    ("agrega más cascos", ItemRequest(None, "cascos", True)),
    ("agrega otro", ItemRequest(1, "", True)),
])
def test_relative_requests(text, expected):
    assert extract_item_requests(text) == [expected]


def test_item_request_is_frozen():
    item = ItemRequest(2, "cascos")
    assert item.relative is False
    with pytest.raises(AttributeError):
        item.quantity = 3  # type: ignore[misc]


def test_removal_clause_is_not_an_item():
    assert _pairs("quiero 2 cascos y quita los guantes") == [(2, "cascos")]


@pytest.mark.parametrize("text, expected", [
    ("mejor que sean 4", 4),
    ("que sean cuatro", 4),
    ("cambia a 5", 5),
    ("ponle 3", 3),
    ("déjalo en 2", 2),
    ("solo 1", 1),
    ("Mejor que sean veinte", 20),
    ("2 nomás", 2),
    ("cambia la cantidad a 6", 6),
    ("no, mejor 3", 3),
])
def test_quantity_change(text, expected):
    assert extract_quantity_change(text) == expected


@pytest.mark.parametrize("text", [
    "quiero 3 cascos", "pon 3 cascos", "necesito 2 extintores de 10 libras", "hola", "solo cascos",
    "que sean de 10 libras",
])
def test_not_a_quantity_change(text):
    assert extract_quantity_change(text) is None


@pytest.mark.parametrize("text, expected", [
    ("cambia los cascos a 5", (5, "cascos")),
    ("ponle 3 a los cascos", (3, "cascos")),
    ("deja los guantes en dos", (2, "guantes")),
    ("que sean 4", (4, "")),
])
def test_quantity_change_target(text, expected):
    assert extract_quantity_change_target(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("quita los guantes", "guantes"),
    ("elimina el casco", "casco"),
    ("saca los extintores", "extintores"),
    ("sin los guantes", "guantes"),
    ("ya no quiero los cascos", "cascos"),
    ("Quítalo", ""),
    ("quita", ""),
    ("por favor quita el extintor de 10 libras", "extintor de 10 libras"),
    ("quita todo", "todo"),
    ("cancela los guantes", "guantes"),
    ("elimina 2 cascos", "cascos"),
    ("borra los cascos del pedido", "cascos"),
])
def test_extract_removal(text, expected):
    assert extract_removal(text) == expected


@pytest.mark.parametrize("text", [
    "cancela el pedido", "ya no quiero", "no quiero nada", "sin indicaciones", "quiero cascos",
    "cascos sin barbuquejo", "hola",
])
def test_not_a_removal(text):
    assert extract_removal(text) is None


def test_several_removals():
    assert extract_removals("quita los guantes y los cascos del pedido") == ["guantes", "cascos"]
