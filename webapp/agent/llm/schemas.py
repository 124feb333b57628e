"""JSON-schema declarations of the tools an LLM may call.

Placing the order, cancelling it and taking the customer's data are NOT offered:
the deterministic dialogue closes the sale, and personal data never needs the model.
"""
from __future__ import annotations

HIDDEN = frozenset({"set_customer_details", "place_order", "cancel_order"})

_ID = {"type": "integer", "description": "El id del producto (campo «id» de search_products)."}

DECLARATIONS: dict[str, dict] = {
    "search_products": {
        "description": "Busca productos del catálogo por texto libre (nombre, tipo, atributos como "
                       "talla, color o capacidad). Devuelve id, nombre, precio, stock y categoría, "
                       "los mejores primero. Úsala antes de hablar de cualquier producto o precio.",
        "parameters": {"type": "object", "properties": {
            "query": {"type": "string", "description": "Qué busca el cliente, p. ej. «extintor 10 libras»."},
            "category": {"type": "string", "description": "Categoría exacta para filtrar (opcional)."},
            "limit": {"type": "integer", "minimum": 1, "maximum": 20, "description": "Máximo de resultados."},
        }, "required": ["query"]},
    },
    "product_details": {
        "description": "Datos actuales de un producto (precio, stock, descripción).",
        "parameters": {"type": "object", "properties": {"product_id": _ID}, "required": ["product_id"]},
    },
    "list_catalog": {
        "description": "El catálogo disponible agrupado por categoría, con algunos productos y precios por categoría.",
        "parameters": {"type": "object", "properties": {
            "per_category": {"type": "integer", "minimum": 1, "maximum": 20},
        }},
    },
    "related_products": {
        "description": "Productos relacionados con uno dado (misma categoría o comprados juntos); "
                       "útil si algo está agotado o el cliente duda.",
        "parameters": {"type": "object", "properties": {
            "product_id": _ID, "limit": {"type": "integer", "minimum": 1, "maximum": 10},
        }, "required": ["product_id"]},
    },
    "view_order": {
        "description": "El pedido actual del cliente (el mismo del carrito de la tienda): líneas, subtotales y total.",
        "parameters": {"type": "object", "properties": {}},
    },
    "add_to_order": {
        "description": "Agrega unidades de un producto al pedido (se suman a las que ya tenga). "
                       "Rechaza cantidades mayores al stock e informa lo disponible.",
        "parameters": {"type": "object", "properties": {
            "product_id": _ID,
            "quantity": {"type": "integer", "minimum": 1, "maximum": 1000, "description": "Unidades a agregar."},
        }, "required": ["product_id", "quantity"]},
    },
    "set_line_quantity": {
        "description": "Fija la cantidad total de un producto que ya está en el pedido.",
        "parameters": {"type": "object", "properties": {
            "product_id": _ID,
            "quantity": {"type": "integer", "minimum": 1, "maximum": 1000, "description": "Cantidad final."},
        }, "required": ["product_id", "quantity"]},
    },
    "remove_from_order": {
        "description": "Quita un producto del pedido.",
        "parameters": {"type": "object", "properties": {"product_id": _ID}, "required": ["product_id"]},
    },
    "company_info": {
        "description": "Información de la empresa tomada de su perfil: quiénes son, contacto, dirección, "
                       "horarios, envíos, formas de pago, garantía, protección de datos.",
        "parameters": {"type": "object", "properties": {
            "topic": {"type": "string", "enum": ["about", "contact", "address", "hours", "delivery",
                                                 "payment", "warranty", "privacy"]},
        }},
    },
    "create_quote": {
        "description": "Crea una cotización imprimible del pedido actual (devuelve su enlace y vigencia). "
                       "Primero agrega los productos con add_to_order.",
        "parameters": {"type": "object", "properties": {}},
    },
    "lookup_customer": {
        "description": "Solo personal de la tienda: busca un cliente por cédula o nombre, con su historial "
                       "de compras y estadísticas.",
        "parameters": {"type": "object", "properties": {
            "query": {"type": "string", "description": "Cédula o nombre del cliente."},
        }, "required": ["query"]},
    },
}


def declared(names) -> list[tuple[str, str, dict]]:
    """(name, description, JSON schema) for each tool offered to the model, in the tools' order."""
    return [(name, DECLARATIONS[name]["description"], DECLARATIONS[name]["parameters"])
            for name in names if name in DECLARATIONS and name not in HIDDEN]


def clean_arguments(name: str, arguments) -> dict:
    """Only the declared parameters reach a tool, with their declared types (a model cannot pass hidden ones).

    Raises ValueError naming a value of the wrong type.
    """
    if not isinstance(arguments, dict):
        raise ValueError(f"los argumentos de {name} no son un objeto")
    allowed = DECLARATIONS.get(name, {}).get("parameters", {}).get("properties", {})
    cleaned = {}
    for key, value in arguments.items():
        spec = allowed.get(key)
        if spec is None or value is None:
            continue
        if spec.get("type") == "integer":
            cleaned[key] = _integer(key, value)
        elif spec.get("type") == "string":
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                raise ValueError(f"{key} debe ser texto")
            cleaned[key] = str(value)[:200]
            if "enum" in spec and cleaned[key] not in spec["enum"]:
                cleaned.pop(key)
        else:
            cleaned[key] = value
    return cleaned


def _integer(key: str, value) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{key} debe ser un número entero")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise ValueError(f"{key} debe ser un número entero")
