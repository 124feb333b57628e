"""Signals of customer messages (understanding) and their stateless classification (routing table)."""
import pytest

from webapp.agent.routing import classify
from webapp.agent.understanding.signals import Signals, understand as analyze


def kind(text):
    return classify(analyze(text))


@pytest.mark.parametrize("text", [
    "qué productos tienen disponibles", "inventario", "catálogo", "qué tienen para la venta",
    "¿Qué productos tienen?", "Stock disponible", "¿qué tienen?", "qué venden", "CATALOGO",
    "catalgo", "muéstrame el inventaro",
])
def test_catalog_requests(text):
    a = analyze(text)
    assert a.catalog is True
    assert a.items == ()
    assert kind(text) == "inventario"


@pytest.mark.parametrize("text, phrase", [
    ("extintor", "extintor"), ("cascos", "cascos"), ("guantes", "guantes"),
    ("Precios de extintores", "extintores"), ("EXTINTOR", "extintor"), ("extintór", "extintor"),
    ("cuánto vale el casco", "casco"), ("cuántos cascos hay", "cascos"),
])
def test_product_questions_are_inventory(text, phrase):
    a = analyze(text)
    assert [i.phrase for i in a.items] == [phrase]
    assert a.buy is False
    assert kind(text) == "inventario"


def test_price_and_stock_flags():
    assert analyze("Precios de extintores").price
    assert analyze("¿cuánto cuestan los guantes?").price
    assert analyze("cuántos cascos hay").stock
    assert analyze("¿tienen disponible el extintor?").stock
    assert analyze("hay existencias de guantes").stock
    assert not analyze("cascos").price


@pytest.mark.parametrize("text", [
    "Quiero comprar 2 cascos", "Cotización para guantes", "Agregar extintores al pedido",
    "necesito 2 extintores de 10 libras", "dame un botiquín", "2 cascos", "quiero comprar",
    "me llevo 3 guantes",
])
def test_sale_requests(text):
    assert kind(text) == "venta"


def test_buy_and_quote_flags():
    a = analyze("Quiero comprar 2 cascos")
    assert a.buy and [(i.quantity, i.phrase) for i in a.items] == [(2, "cascos")]
    q = analyze("Cotización para 10 cascos")
    assert q.quote and [(i.quantity, i.phrase) for i in q.items] == [(10, "cascos")]
    assert analyze("cotisacion de cascos").items[0].phrase == "cascos"
    assert analyze("quiero comprar").buy and analyze("quiero comprar").items == ()


@pytest.mark.parametrize("text, query", [
    ("Información del cliente 12345678", "12345678"),
    ("Historial de compras de Juan Pérez", "Juan Pérez"),
    ("Estadísticas del cliente", None),
    ("datos del cliente con cédula 1.023.456.789", "1023456789"),
    ("buscar cliente María Gómez", "María Gómez"),
    ("historial del cliente 98765432", "98765432"),
])
def test_customer_lookup(text, query):
    a = analyze(text)
    assert a.lookup is True
    assert a.lookup_query == query
    assert a.data().found is False
    assert a.confirm is False and a.deny is False
    assert kind(text) == "cliente"


@pytest.mark.parametrize("text, topic", [
    ("¿Quiénes son ustedes?", "about"), ("Información de la empresa", "about"),
    ("Cómo contactarlos", "contact"), ("teléfono de la tienda", "contact"),
    ("¿dónde están ubicados?", "address"), ("horario", "hours"), ("¿a qué hora abren?", "hours"),
    ("¿hacen envíos?", "delivery"), ("hacen domicilios a Bello", "delivery"),
    ("formas de pago", "payment"), ("¿aceptan nequi?", "payment"), ("garantía", "returns"),
    ("¿cuánto vale el envío?", "delivery"), ("quiero pagar con nequi", "payment"),
])
def test_company_topics(text, topic):
    a = analyze(text)
    assert a.company_topic == topic
    assert a.items == ()
    assert kind(text) == "contexto"


@pytest.mark.parametrize("text", [
    "sí", "si", "Sí", "SI", "dale", "de una", "confirmo", "confirmar", "listo", "ok", "claro",
    "hágale", "procedamos", "correcto", "perfecto", "así está bien", "sí, procedamos con el pedido",
    "Sí señor", "sí, no hay problema", "si, confirmo",
])
def test_confirm(text):
    a = analyze(text)
    assert a.confirm is True
    assert a.deny is False and a.cancel is False


@pytest.mark.parametrize("text", [
    "bueno", "nombre", "teléfono", "sino", "siempre", "sitio", "casino", "nota", "noche", "ninguno",
    "buenísimo", "nosotros",
])
def test_substrings_never_confirm_deny_or_cancel(text):
    a = analyze(text)
    assert (a.confirm, a.deny, a.cancel) == (False, False, False)


@pytest.mark.parametrize("text", ["no", "No", "no, gracias", "ya no", "mejor no", "todavía no"])
def test_deny_is_not_cancel(text):
    a = analyze(text)
    assert a.deny is True
    assert a.cancel is False
    assert a.confirm is False


@pytest.mark.parametrize("text", [
    "cancelar", "cancela", "cancelo", "cancela el pedido", "olvídalo", "anula la compra",
    "quiero cancelar el pedido", "ya no quiero nada", "nah mejor nada, gracias igual",
    "ay no sabe qué, déjelo así, ya no lo voy a llevar",
])
def test_cancel(text):
    a = analyze(text)
    assert a.cancel is True
    assert a.confirm is False
    assert kind(text) == "venta"


def test_si_as_conditional_is_not_confirmation():
    assert analyze("si tienen cascos amarillos me avisan").confirm is False


def test_customer_data_is_not_confirm_or_deny():
    for text in ("12345678", "Calle 5 No 10-20", "Sí, Juan Pérez, 12345678, 3001234567, "
                 "juan@email.com, Calle 123 #45-67"):
        a = analyze(text)
        assert a.data().found is True
        assert (a.confirm, a.deny, a.cancel, a.lookup) == (False, False, False, False)
        assert a.items == ()


def test_remove_and_change_quantity():
    r = analyze("quita los guantes")
    assert r.removals == ("guantes",) and not r.cancel and not r.deny
    assert r.items == () and kind("quita los guantes") == "venta"
    c = analyze("mejor que sean 4")
    assert c.quantity_change == (4, "") and c.items == ()
    t = analyze("cambia los cascos a 5")
    assert t.quantity_change == (5, "cascos")
    assert analyze("ya no quiero los cascos").removals == ("cascos",)
    assert analyze("cancela los guantes").cancel is False


@pytest.mark.parametrize("text", [
    "qué llevo en el pedido", "mi pedido", "mi carrito", "ver pedido", "resumen", "qué llevo",
])
def test_view_order(text):
    assert analyze(text).view_order is True
    assert kind(text) == "venta"


def test_view_order_not_when_cancelling():
    assert analyze("cancela mi pedido").view_order is False


@pytest.mark.parametrize("text", [
    "quiero hablar con un asesor", "quiero hablar con una persona", "pásame con un humano",
    "necesito un asesor",
])
def test_human_handoff(text):
    a = analyze(text)
    assert a.handoff is True
    assert a.buy is False and a.items == ()


@pytest.mark.parametrize("text, flag", [
    ("hola", "greeting"), ("buenas tardes", "greeting"), ("gracias", "thanks"),
    ("muchas gracias", "thanks"), ("chao", "goodbye"), ("hasta luego", "goodbye"),
])
def test_small_talk(text, flag):
    a = analyze(text)
    assert getattr(a, flag) is True
    assert a.items == ()
    assert kind(text) == "general"


def test_analysis_keeps_text():
    a = analyze("¿Qué TIENEN?")
    assert isinstance(a, Signals)
    assert a.text == "¿Qué TIENEN?" and a.norm == "que tienen" and a.question


def test_greeting_with_order():
    a = analyze("hola, quiero 2 cascos amarillos y un extintor de 10 lb")
    assert a.greeting and a.buy
    assert [(i.quantity, i.phrase) for i in a.items] == [(2, "cascos amarillos"),
                                                          (1, "extintor de 10 lb")]


@pytest.mark.parametrize("text", ["si tienen", "si tienen cascos me avisan"])
def test_conditional_si_never_confirms(text):
    assert analyze(text).confirm is False


def test_confirm_not_set_on_removal():
    a = analyze("ok, quita los guantes")
    assert a.removals == ("guantes",) and a.confirm is False


def test_deny_with_new_quantity():
    a = analyze("No, mejor 3 cascos")
    assert a.deny is True
    assert [(i.quantity, i.phrase) for i in a.items] == [(3, "cascos")]


@pytest.mark.parametrize("text", [
    "buenas, unos tenis de micro talla 40",   # "unos / unas" + a product, no verb: an order
    "y unas canilleras L",
    "me vendes los tenis de micro talla 42?",  # "¿me vende…?" orders; "¿venden…?" asks
    "¿Será que me puede vender un balón de baloncesto?",
])
def test_orders_without_an_ordering_verb(text):
    assert analyze(text).buy


def test_a_product_named_in_full_after_y_la_adds_to_an_order():
    a = analyze("y la piñata de dinosaurio")  # no question mark: one more thing, not "¿y la negra?"
    assert a.also and not a.question


@pytest.mark.parametrize("text", ["¿venden tenis de micro?", "y la negra", "¿y la piñata de dinosaurio?"])
def test_questions_that_name_a_product_do_not_order(text):
    assert not analyze(text).buy


@pytest.mark.parametrize("text, quantity", [("uy no mejor 14, somos 14 en el equipo", 14),
                                            ("no ombe, mejor que sean 3", 3)])
def test_a_new_quantity_with_its_reason(text, quantity):
    assert analyze(text).quantity_change == (quantity, "")


@pytest.mark.parametrize("text", ["¿y me lo empacan al vacío? cuánto vale eso?", "¿cuánto cobran por empacar al vacío?"])
def test_a_noun_after_al_never_empties_the_order(text):
    assert not analyze(text).empty_order
