"""Models to the contract's JSON shapes (Spanish field names)."""
from __future__ import annotations

from ..money import as_json_number
from ..services.orders import OrderView, view, view_json


def iso(value) -> str | None:
    return value.isoformat() if value else None


def product_json(p) -> dict:
    return {"id": p.id, "sku": p.sku, "nombre": p.name, "descripcion": p.description,
            "precio": as_json_number(p.price), "categoria": p.category, "stock": p.stock,
            "disponible": p.available, "imagen_url": p.image_url or "", "sinonimos": p.synonym_list}


def customer_json(c) -> dict:
    return {"id": c.id, "nombre": c.name, "cedula": c.cedula, "telefono": c.phone, "email": c.email,
            "direccion": c.address, "barrio": c.neighborhood, "indicaciones_entrega": c.delivery_notes}


def order_lines_json(order_view: OrderView) -> dict:
    return view_json(order_view)


def sale_json(order) -> dict:
    body = order_lines_json(view(order))
    return {"id": order.id, "cliente": customer_json(order.customer) if order.customer else None,
            "lineas": body["lineas"], "total": as_json_number(order.total if order.placed_at else body["total"]),
            "estado": order.status, "fecha": iso(order.placed_at or order.created_at), "chat_id": order.chat_id,
            "canal": order.channel, "codigo": order.code}


def open_order_json(order) -> dict:
    body = order_lines_json(view(order))
    return {"id": order.id, "chat_id": order.chat_id, "canal": order.channel, "estado": order.status,
            "actualizado": iso(order.updated_at), **body}
