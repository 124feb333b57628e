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
            "direccion": c.address, "barrio": c.neighborhood, "ciudad": c.city,
            "indicaciones_entrega": c.delivery_notes}


def order_lines_json(order_view: OrderView) -> dict:
    return view_json(order_view)


def sale_customer_json(order) -> dict:
    """The contact and delivery data given for this sale (its snapshot, not today's record)."""
    return {"id": order.customer_id, "nombre": order.ship_name, "cedula": order.ship_cedula,
            "telefono": order.ship_phone, "email": order.ship_email, "direccion": order.ship_address,
            "barrio": order.ship_neighborhood, "ciudad": order.ship_city, "departamento": order.ship_department,
            "indicaciones_entrega": order.delivery_notes}


def sale_json(order) -> dict:
    body = order_lines_json(view(order))
    total = order.total if order.placed_at else view(order).total
    shipping = order.shipping_cost
    return {"id": order.id, "cliente": sale_customer_json(order) if order.customer_id else None,
            "lineas": body["lineas"], "total": as_json_number(total),
            "envio": as_json_number(shipping) if shipping is not None else None,
            "total_con_envio": as_json_number(total + shipping) if shipping is not None else None,
            "metodo_pago": order.payment_method or None, "estado_pago": order.payment_status,
            "estado": order.status, "fecha": iso(order.placed_at or order.created_at), "chat_id": order.chat_id,
            "canal": order.channel, "codigo": order.code}


def open_order_json(order) -> dict:
    body = order_lines_json(view(order))
    return {"id": order.id, "chat_id": order.chat_id, "canal": order.channel, "estado": order.status,
            "actualizado": iso(order.updated_at), **body}
