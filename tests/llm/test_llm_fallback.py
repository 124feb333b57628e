"""A failing provider never breaks the chat, and the sale is closed only by the deterministic flow."""
from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from webapp.agent import assistant
from webapp.extensions import db
from webapp.models import Message, Product

from . import stubs

DATA = "Juan Pérez, 12345678, 3001234567, juan@email.com, Calle 123 #45-67, Centro, Portón azul"
PII = ("12345678", "3001234567", "juan@email.com", "Calle 123", "Juan", "Pérez", "Portón")


def ext10() -> Product:
    return db.session.scalar(select(Product).where(Product.name == "Extintor 10 Libras"))


class Talk:
    def __init__(self, client, headers=None):
        self.client, self.headers, self.chat_id = client, headers or {}, None

    def __call__(self, message: str) -> dict:
        response = self.client.post("/chat/texto", json={"mensaje": message, "chat_id": self.chat_id},
                                    headers=self.headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        self.chat_id = body["chat_id"]
        return body


def finish_sale(talk: Talk, provider) -> dict:
    """Steps 2-4 of the acceptance sale; none of them reaches the provider."""
    before = len(provider.stub.requests)
    body = talk("sí, procedamos con el pedido")
    assert body["metadatos"]["proveedor"] == "offline" and body["metadatos"]["fallback"] is False
    assert body["estado_venta"] == "recolectando_datos"
    body = talk(DATA)
    assert body["metadatos"]["proveedor"] == "offline"
    if body["estado_venta"] != "cerrada":
        assert body["estado_venta"] == "listo_para_finalizar"
        body = talk("sí")
    assert body["estado_venta"] == "cerrada"
    assert body["venta_id"]
    assert len(provider.stub.requests) == before  # the checkout never went to the provider
    from webapp.services import orders
    sale = orders.get_order(body["venta_id"])
    assert sale.total == 30000
    assert sale.customer.cedula == "12345678"
    return body


def test_acceptance_sale_with_a_provider_and_no_customer_data_ever_sent(provider, llm_client):
    product = ext10()
    provider.script(
        provider.call(("search_products", {"query": "extintores de 10 libras"})),
        provider.call(("add_to_order", {"product_id": product.id, "quantity": 2})),
        provider.text("Listo: agregué 2 × Extintor 10 Libras. ", "Si quieres finalizar, responde «sí»."),
    )
    talk = Talk(llm_client)
    body = talk("necesito 2 extintores de 10 libras")
    assert body["metadatos"]["proveedor"] == provider.name
    assert body["pedido"]["lineas"][0]["cantidad"] == 2 and body["pedido"]["total"] == 30000
    finish_sale(talk, provider)

    # after the sale the provider answers again, with a history that held the customer's data
    provider.script(provider.text("¡Gracias a ti! ", "Aquí estoy para lo que necesites."))
    body = talk("muchas gracias, muy amable")
    assert body["metadatos"]["proveedor"] == provider.name
    context = provider.conversation(provider.chat_bodies()[-1])
    assert any("datos personales" in text for _, text in context)  # the data message, replaced
    raw = provider.stub.raw()
    for value in PII:
        assert value not in raw, value


@pytest.mark.parametrize("message", [
    DATA,
    "mi cédula es 1.234.567.890",
    "escríbanme a pedro.perez@correo.co",
    "mi celular 300 123 4567",
    "Información del cliente 12345678",
    "Historial de compras de Juan Pérez",
])
def test_messages_with_customer_data_are_declined_before_any_request(openai_provider, message):
    provider = openai_provider
    body = Talk(provider.app.test_client())(message)
    assert provider.stub.requests == []
    assert body["metadatos"]["proveedor"] == "offline"
    assert body["metadatos"]["fallback"] is False
    assert body["respuesta"]


@pytest.mark.parametrize("message", ["sí", "dale, de una", "no", "cancelar"])
def test_confirmations_and_cancels_of_an_order_belong_to_the_offline_flow(openai_provider, message):
    provider = openai_provider
    provider.always(provider.text("No debería responder esto."))
    talk = Talk(provider.app.test_client())
    provider.script(provider.call(("add_to_order", {"product_id": ext10().id, "quantity": 1})),
                    provider.text("Agregado."))
    talk("quiero un extintor de 10 libras")
    before = len(provider.stub.requests)
    body = talk(message)
    assert len(provider.stub.requests) == before
    assert body["metadatos"]["proveedor"] == "offline"


def test_checkout_stage_is_declined_even_for_chit_chat(provider, llm_client):
    provider.script(provider.call(("add_to_order", {"product_id": ext10().id, "quantity": 1})), provider.text("Listo."))
    talk = Talk(llm_client)
    talk("quiero un extintor de 10 libras")
    assert talk("sí")["estado_venta"] == "recolectando_datos"
    before = len(provider.stub.requests)
    body = talk("¿y a qué hora abren mañana?")
    assert len(provider.stub.requests) == before
    assert body["metadatos"]["proveedor"] == "offline"


def test_model_cannot_place_or_cancel_the_order(provider, llm_client):
    provider.script(
        provider.call(("add_to_order", {"product_id": ext10().id, "quantity": 1})),
        provider.call(("place_order", {}), ("cancel_order", {}), ("set_customer_details", {"cedula": "1"})),
        provider.text("Hecho."),
    )
    body = Talk(llm_client)("quiero un extintor de 10 libras")
    assert body["metadatos"]["proveedor"] == provider.name
    assert body["estado_venta"] == "pendiente" and body["venta_id"] is None
    assert body["pedido"]["lineas"][0]["cantidad"] == 1
    refused = provider.tool_results(provider.chat_bodies()[-1])[-3:]
    assert [r["error"] for r in refused] == ["herramienta_no_disponible"] * 3


# --- failures: the offline agent answers the turn ---------------------------------------------------

def failing(kind: str, provider):
    if kind == "500":
        return stubs.error(500)
    if kind == "garbage":
        return stubs.garbage()
    if kind == "hang":
        return stubs.hang(lambda: provider.stub)
    if kind == "loop":  # a model that keeps adding forever: the turn is undone, then answered offline
        return provider.call(("add_to_order", {"product_id": ext10().id, "quantity": 1}))
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["500", "hang", "garbage", "loop"])
def test_provider_failure_falls_back_and_the_sale_still_completes(provider, llm_client, kind):
    provider.configure(timeout=1.0)
    provider.always(failing(kind, provider))
    fallbacks = assistant.FALLBACKS["count"]
    talk = Talk(llm_client)

    started = time.monotonic()
    body = talk("necesito 2 extintores de 10 libras")
    elapsed = time.monotonic() - started

    assert body["metadatos"]["fallback"] is True
    assert body["metadatos"]["proveedor"] == "offline"
    assert "Agregué 2 × Extintor 10 Libras" in body["respuesta"]
    assert [(ln["nombre"], ln["cantidad"]) for ln in body["pedido"]["lineas"]] == [("Extintor 10 Libras", 2)]
    assert body["tipo_mensaje"] == "venta"
    assert assistant.FALLBACKS["count"] == fallbacks + 1
    assert elapsed < 4.0
    if kind == "loop":
        assert len(provider.chat_bodies()) == 5  # bounded rounds
    stored = db.session.scalars(select(Message).where(Message.role == "agente")).all()[-1]
    assert stored.fallback is True and stored.provider == "offline"

    finish_sale(talk, provider)


def test_failure_mid_answer_undoes_the_models_changes_before_the_offline_answer(provider, llm_client):
    provider.script(provider.call(("add_to_order", {"product_id": ext10().id, "quantity": 2})),
                    stubs.broken_after(provider.name, "Ya casi: "))
    body = Talk(llm_client)("necesito 2 extintores de 10 libras")
    assert body["metadatos"]["fallback"] is True
    assert body["respuesta"].startswith("Ya casi:")  # what had streamed stays, the offline answer follows
    assert "Agregué 2 × Extintor 10 Libras" in body["respuesta"]
    assert body["pedido"]["lineas"][0]["cantidad"] == 2  # not 4: the model's add was undone


def test_unconfigured_provider_falls_back(seeded):
    seeded.config.update(LLM_PROVIDER="openai", OPENAI_API_KEY=None, OPENAI_BASE_URL=None)
    body = Talk(seeded.test_client())("¿qué tienen?")
    assert body["metadatos"]["fallback"] is True and body["metadatos"]["proveedor"] == "offline"
    assert body["tipo_mensaje"] == "inventario"
