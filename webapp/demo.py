"""Demo activity for a new store: past sales and real chats with the assistant, so the
back office has figures to show (`flask --app wsgi seed --actividad`, used by `make run`)."""
from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import func, select

from .agent.assistant import handle_turn
from .extensions import db
from .models import Order, Product
from .models._common import utcnow
from .services import orders

CUSTOMERS = [
    ("María Fernanda López", "31456789", "3104567890", "mafe.lopez@correo.co", "Calle 5 # 38-21", "San Fernando"),
    ("Jorge Iván Castaño", "94321876", "3157654321", "jorge.castano@correo.co", "Carrera 100 # 11-60", "Ciudad Jardín"),
    ("Constructora Farallones S.A.S.", "9004567812", "3209876543", "compras@farallones.co", "Avenida 6N # 23-45", "Granada"),
    ("Luz Dary Ocampo", "29876543", "3013456789", "luzdary.ocampo@correo.co", "Calle 70 # 1-30", "Floralia"),
    ("Restaurante El Fogón", "9012345678", "3186543210", "admin@elfogon.co", "Carrera 24 # 5-12", "Alameda"),
]
CHATS = [
    ["hola", "qué extintores tienen?", "quiero 2 extintores de 10 libras", "sí, procedamos",
     "María Fernanda López, 31456789, 3104567890, mafe.lopez@correo.co, Calle 5 # 38-21, San Fernando, Cali", "sí"],
    ["buenas, necesito cascos", "el amarillo", "que sean 6", "listo", "Jorge Iván Castaño, 94321876, 3157654321, "
     "jorge.castano@correo.co, Carrera 100 # 11-60, Ciudad Jardín, Cali, dejar en portería", "confirmo"],
    ["cotización para 20 chalecos reflectivos talla M"],
    ["¿a qué hora abren los sábados?", "¿hacen envíos a Jamundí?"],
    ["precio de guantes de nitrilo", "gracias"],
    ["quiero hablar con un asesor"],
]


def create_activity(seed: int = 7) -> tuple[int, int]:
    """Sales spread over the last 30 days and a few chats; (sales, chats) created. Idempotent."""
    if db.session.scalar(select(func.count(Order.id)).where(Order.status != "carrito")):
        return 0, 0
    rng = random.Random(seed)
    skus = list(db.session.scalars(select(Product.sku).where(Product.available.is_(True), Product.stock > 20)))
    sales = 0
    for day in range(30, 0, -2):
        for _ in range(rng.randint(0, 2)):
            name, cedula, phone, email, address, barrio = rng.choice(CUSTOMERS)
            items = [(sku, rng.randint(1, 4)) for sku in rng.sample(skus, rng.randint(1, 3))]
            order = orders.create_sale({"name": name, "cedula": cedula, "phone": phone, "email": email,
                                        "address": address, "neighborhood": barrio}, items, channel="web")
            order.placed_at = utcnow() - timedelta(days=day, hours=rng.randint(0, 8))
            db.session.commit()
            sales += 1
    for script in CHATS:
        chat_id = None
        for message in script:
            chat_id = handle_turn(message, chat_id=chat_id).chat_id
    return sales, len(CHATS)
