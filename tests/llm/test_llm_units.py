"""The LLM layer's own rules, without a network: privacy masking, tool declarations, typing."""
from __future__ import annotations

import pytest

from webapp.agent.llm import make_policy, privacy
from webapp.agent.llm.prompts import system_prompt
from webapp.agent.routing import classify
from webapp.agent.tools import TOOLS, clean_arguments, declared, schema_of
from webapp.agent.understanding.signals import understand


@pytest.mark.parametrize("text", [
    "mi cédula es 12345678", "cc 1.234.567.890", "celular 3001234567", "tel +57 300 123 4567",
    "correo ana_maria+tienda@gmail.com", "NIT 900123456",
])
def test_customer_data_patterns_are_recognised_and_masked(text):
    assert privacy.carries_pii(text)
    masked = privacy.mask_text(text)
    assert privacy.MASK in masked
    assert not privacy.carries_pii(masked)


@pytest.mark.parametrize("text", [
    "quiero 2 extintores de 10 libras", "El total es $1.250.000", "cuesta 1250000 pesos",
    "Extintor 20 Libras: $28.000 (80 disponibles)", "talla 42, referencia EXT-10",
])
def test_prices_quantities_and_skus_are_not_customer_data(text):
    assert not privacy.carries_pii(text)
    assert privacy.mask_text(text) == text


def test_history_drops_data_messages_and_read_backs():
    history = [
        {"rol": "usuario", "texto": "Juan Pérez, 12345678, 3001234567, juan@email.com, Calle 123 #45-67, Centro"},
        {"rol": "agente", "texto": "Este es tu pedido:\n• 2 × Extintor\nTotal: $30.000\n"
                                   "Datos de entrega: Juan Pérez, 12345678, Calle 123 #45-67, Centro"},
        {"rol": "usuario", "texto": "gracias"},
    ]
    masked = privacy.mask_history(history)
    joined = "\n".join(m["texto"] for m in masked)
    for value in ("Juan", "12345678", "3001234567", "juan@email.com", "Calle 123"):
        assert value not in joined
    assert masked[0]["texto"] == privacy.DATA_SHARED
    assert "Total: $30.000" in masked[1]["texto"]
    assert masked[2]["texto"] == "gracias"


def test_declared_tools_never_include_closing_the_sale():
    public = [name for name, _, _ in declared(staff=False)]
    staff = [name for name, _, _ in declared(staff=True)]
    for hidden in ("place_order", "set_customer_details", "cancel_order"):
        assert hidden not in public and hidden not in staff
    assert "lookup_customer" not in public and "lookup_customer" in staff
    assert {"search_products", "add_to_order", "view_order", "company_info"} <= set(public)
    for _, description, schema in declared(staff=True):
        assert description and schema["type"] == "object"
        assert "extintor" not in str(schema).lower() and "extintor" not in description.lower()  # no shop's words


def test_a_tool_is_described_by_its_own_signature_and_docstring():
    add = TOOLS["add_to_order"]
    assert add.description.startswith("Agrega unidades de un producto al pedido")
    assert add.schema["required"] == ["product_id", "quantity"]
    assert add.schema["properties"]["quantity"] == {"type": "integer", "description": "Unidades a agregar (1 a 1000)."}
    topic = TOOLS["company_info"].schema["properties"]["topic"]
    assert topic["type"] == "string" and "hours" in topic["enum"]
    assert add.changes_order and not TOOLS["search_products"].changes_order
    assert not TOOLS["place_order"].llm and TOOLS["lookup_customer"].staff_only

    def sample(ctx, name: str, count: int = 2, active: bool | None = None) -> None:
        """Una herramienta de ejemplo.

        Args:
            name: El nombre.
            count: Cuántos.
        """
    description, schema = schema_of(sample)
    assert description == "Una herramienta de ejemplo."
    assert schema == {"type": "object", "required": ["name"], "properties": {
        "name": {"type": "string", "description": "El nombre."},
        "count": {"type": "integer", "description": "Cuántos."},
        "active": {"type": "boolean"}}}


def test_arguments_are_limited_to_the_declared_ones_and_typed():
    assert clean_arguments("search_products", {"query": "casco", "inventado": [1, 2]}) == {"query": "casco"}
    assert clean_arguments("add_to_order", {"product_id": "7", "quantity": 2.0}) == {"product_id": 7, "quantity": 2}
    assert clean_arguments("company_info", {"question": "¿y?", "topic": "inventado"}) == {"question": "¿y?"}
    with pytest.raises(ValueError):
        clean_arguments("add_to_order", {"product_id": "siete", "quantity": 1})
    with pytest.raises(ValueError):
        clean_arguments("add_to_order", ["no", "es", "objeto"])


@pytest.mark.parametrize("called,message,expected", [
    (["search_products", "add_to_order"], "ponme dos", "venta"),
    (["lookup_customer"], "qué ha comprado", "cliente"),
    (["company_info"], "a qué hora abren", "contexto"),
    (["search_products"], "hola", "inventario"),
    ([], "hola", "general"),
    ([], "¿qué tienen?", "inventario"),
])
def test_message_type_follows_the_tools_called(called, message, expected):
    assert classify(understand(message), called) == expected


def test_prompt_register_and_rules():
    friendly = system_prompt("Ferretería El Tornillo", "amigable", staff=False)
    formal = system_prompt("Ferretería El Tornillo", "formal", staff=True)
    assert "Ferretería El Tornillo" in friendly and "tuteas" in friendly and "lookup_customer" not in friendly
    assert "usted" in formal and "lookup_customer" in formal
    for prompt in (friendly, formal):
        assert "Nunca inventes precios" in prompt and "add_to_order" in prompt and "«sí»" in prompt


def test_make_policy_names():
    assert make_policy("openai", {"LLM_TIMEOUT_SECONDS": 3}).name == "openai"
    assert make_policy("gemini", {}).name == "gemini"
    with pytest.raises(ValueError):
        make_policy("claude", {})
