"""Both LLM providers end to end against local stubs of their HTTP APIs (the real SDKs run)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from webapp.agent.assistant import handle_turn
from webapp.extensions import db
from webapp.models import Message, Product
from webapp.services import conversations, orders

from . import stubs


def product(name: str) -> Product:
    return db.session.scalar(select(Product).where(Product.name == name))


def called(tools: list[str]) -> list[str]:
    """The tools of the turn, without the assistant's own closing read of the order (handle_turn records it)."""
    return tools[:-1] if tools and tools[-1] == "view_order" else tools


def cart_of(chat_id: str) -> dict:
    """The order the HTML cart shows for this conversation (services.orders, the one source)."""
    return orders.view_json(orders.view(orders.open_order(conversations.get_conversation(chat_id))))


def price_line(provider):
    """A reply that quotes the price found in the tool result it was sent."""
    def build(request):
        results = provider.tool_results(request["json"])
        found = next(p for p in results[-1] if p["nombre"] == "Extintor 10 Libras")
        return provider.text("El Extintor 10 Libras ", f"cuesta {found['precio_texto']} ", "y hay stock disponible.",
                             lockstep=True)
    return stubs.dynamic(build)


def test_reply_streams_as_the_provider_sends_it_and_quotes_tool_results(provider):
    provider.script(provider.call(("search_products", {"query": "extintor"})), price_line(provider))
    provider.stub.lockstep = True
    chunks = []

    def on_chunk(delta):
        chunks.append(delta)
        provider.stub.ack()

    result = handle_turn("¿cuánto vale el extintor?", on_chunk=on_chunk)
    body = result.body

    # streamed: the server sent each chunk only after the previous one had reached on_chunk
    assert provider.stub.lockstep_failures == 0
    assert len(chunks) >= 3
    assert "".join(chunks).strip() == body["respuesta"]
    assert "$15.000" in body["respuesta"]  # from the tool result, not from the model's memory
    assert body["metadatos"]["proveedor"] == provider.name
    assert body["metadatos"]["fallback"] is False
    assert called(body["metadatos"]["herramientas"]) == ["search_products"]
    assert body["tipo_mensaje"] == "inventario"

    first, second = provider.chat_bodies()
    assert provider.tool_results(first) == []
    assert any(p["nombre"] == "Extintor 10 Libras" for p in provider.tool_results(second)[0])
    stored = db.session.scalars(select(Message).where(Message.role == "agente")).all()[-1]
    assert stored.provider == provider.name
    assert called([c["tool"] for c in stored.tools]) == ["search_products"]
    assert stored.message_type == "inventario"
    assert stored.fallback is False


def test_add_to_order_tool_changes_the_cart_the_shop_shows(provider, llm_client):
    ext = product("Extintor 10 Libras")
    provider.script(
        provider.call(("search_products", {"query": "extintor 10 libras"})),
        provider.call(("add_to_order", {"product_id": ext.id, "quantity": 2})),
        provider.text("Listo, agregué 2 extintores ", "de 10 libras a tu pedido."),
    )
    body = llm_client.post("/chat/texto", json={"mensaje": "ponme un par de extintores de los de diez"}).get_json()

    assert body["metadatos"]["proveedor"] == provider.name
    assert called(body["metadatos"]["herramientas"]) == ["search_products", "add_to_order"]
    assert body["tipo_mensaje"] == "venta"
    assert body["estado_venta"] == "pendiente"
    assert body["pedido"]["lineas"][0]["cantidad"] == 2
    cart = cart_of(body["chat_id"])
    assert [(ln["nombre"], ln["cantidad"]) for ln in cart["lineas"]] == [("Extintor 10 Libras", 2)]
    assert cart["total"] == 30000
    # the add_to_order result (with the order and its total) went back to the model
    result = provider.tool_results(provider.chat_bodies()[-1])[-1]
    assert result["ok"] is True and result["pedido"]["total"] == 30000
    # a second request sees the line: the agent and the HTML cart are one order
    assert body["metadatos"]["unidades"] == 2


def test_request_carries_temperature_spanish_prompt_and_public_tools(provider, llm_client):
    provider.always(provider.text("¡Hola! ", "¿En qué te ayudo?"))
    body = llm_client.post("/chat/texto", json={"mensaje": "hola, buenas"}).get_json()
    assert body["metadatos"]["proveedor"] == provider.name
    assert body["tipo_mensaje"] == "general"

    request = provider.chat_bodies()[-1]
    assert provider.temperature(request) == pytest.approx(0.3)
    system = provider.system(request)
    assert "Nunca inventes precios" in system and "tú" in system
    from webapp.services import company
    assert company.company_name() in system
    names = provider.tool_names(request)
    assert "search_products" in names and "add_to_order" in names and "view_order" in names
    for hidden in ("lookup_customer", "place_order", "set_customer_details", "cancel_order"):
        assert hidden not in names


def test_formal_tone_and_staff_mode_offer_the_customer_lookup(provider, llm_client, auth_headers):
    provider.always(provider.text("Con gusto le ayudo."))
    body = llm_client.post("/chat/texto", json={"mensaje": "¿qué me recomienda para una bodega?", "tono": "formal"},
                           headers=auth_headers).get_json()
    assert body["metadatos"]["proveedor"] == provider.name
    request = provider.chat_bodies()[-1]
    assert "usted" in provider.system(request)
    names = provider.tool_names(request)
    assert "lookup_customer" in names
    assert "place_order" not in names and "set_customer_details" not in names


def test_only_the_last_ten_messages_go_as_context(provider, llm_client):
    provider.always(provider.text("Claro, dime qué necesitas."))
    chat_id = None
    for n in range(7):
        body = llm_client.post("/chat/texto", json={"mensaje": f"pregunta número {n + 1} sobre la tienda",
                                                    "chat_id": chat_id}).get_json()
        chat_id = body["chat_id"]
        assert body["metadatos"]["proveedor"] == provider.name
    context = provider.conversation(provider.chat_bodies()[-1])
    assert len(context) == 10
    assert context[-1] == ("user", "pregunta número 7 sobre la tienda")
    assert context[0] == ("assistant", "Claro, dime qué necesitas.")  # message 1 and its reply dropped
    assert all("pregunta número 1 " not in text for _, text in context)


def test_staff_lookup_through_the_model_is_masked_and_typed_cliente(provider, llm_client, auth_headers):
    orders.create_sale({"name": "Juan Pérez", "cedula": "12345678", "phone": "3001234567", "email": "juan@email.com",
                        "address": "Calle 123 #45-67", "neighborhood": "Centro"}, [("EXT-10", 2)], channel="web")
    provider.script(provider.call(("lookup_customer", {"query": "Juan"})), provider.text("Juan compró 1 vez."))
    body = llm_client.post("/chat/texto", json={"mensaje": "¿cómo le ha ido a Juan con nosotros?"},
                           headers=auth_headers).get_json()
    assert body["metadatos"]["proveedor"] == provider.name
    assert body["tipo_mensaje"] == "cliente"
    result = provider.tool_results(provider.chat_bodies()[-1])[-1]
    assert result["clientes"][0]["purchases"] == 1
    raw = provider.stub.raw()
    for value in ("12345678", "3001234567", "juan@email.com", "Calle 123"):
        assert value not in raw
