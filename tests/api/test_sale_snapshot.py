"""An anonymous checkout with someone's cédula never rewrites their record or past sales."""
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Customer
from webapp.services import catalog
from support import CUSTOMER, checkout

INTRUDER = {"nombre": "Impostor Malo", "cedula": CUSTOMER["cedula"], "telefono": "3009998877",
            "email": "impostor@evil.co", "direccion": "Carrera 9 # 9-99", "barrio": "Otro"}


def _checkout(client, data: dict):
    """A shopper's whole checkout through the pages (no staff session)."""
    product_id = catalog.get_by_sku("EXT-10").id
    client.post("/carrito/agregar", data={"product_id": product_id, "cantidad": 1})
    response = checkout(client, {**data, "ciudad": "Cali"})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def test_anonymous_checkout_with_a_known_cedula_keeps_the_record_and_history(seeded, app, auth_headers):
    _checkout(app.test_client(), CUSTOMER)
    _checkout(app.test_client(), INTRUDER)  # another browser, typing the victim's cédula
    customer = db.session.scalar(select(Customer).where(Customer.cedula == CUSTOMER["cedula"]))
    assert (customer.name, customer.phone, customer.email) == ("Juan Pérez", "3001234567", "juan@email.com")
    staff = app.test_client()
    record = staff.get(f"/clientes/{CUSTOMER['cedula']}", headers=auth_headers).get_json()
    assert record["nombre"] == "Juan Pérez" and record["telefono"] == "3001234567"
    sales = sorted(record["ventas"], key=lambda s: s["id"])
    assert [s["cliente"]["nombre"] for s in sales] == ["Juan Pérez", "Impostor Malo"]
    assert sales[0]["cliente"]["email"] == "juan@email.com" and sales[0]["cliente"]["direccion"] == "Calle 123 #45-67"
    listed = staff.get("/ventas/", headers=auth_headers).get_json()["ventas"]
    assert {s["cliente"]["telefono"] for s in listed} == {"3001234567", "3009998877"}
    assert all({"envio", "total_con_envio", "metodo_pago", "estado_pago"} <= set(s) for s in listed)


def test_staff_see_when_a_sale_differs_from_the_record(seeded, app):
    from webapp.services import staff
    _checkout(app.test_client(), CUSTOMER)
    _checkout(app.test_client(), INTRUDER)
    staff.create_admin("jefe@tienda.co", "clave-segura-123", "Jefe")
    db.session.commit()
    admin = app.test_client()
    admin.post("/login", data={"email": "jefe@tienda.co", "password": "clave-segura-123"})
    from webapp.models import Order, OrderStatus
    first, second = db.session.scalars(select(Order).where(Order.status == OrderStatus.PENDING).order_by(Order.id)).all()
    assert 'id="snapshot-differs"' not in admin.get(f"/admin/pedidos/{first.id}").get_data(as_text=True)
    page = admin.get(f"/admin/pedidos/{second.id}").get_data(as_text=True)
    assert 'id="snapshot-differs"' in page and "Impostor Malo" in page


def test_an_api_sale_with_a_city_and_a_payment_method_charges_the_shipping(seeded, client, auth_headers):
    body = {"cliente": {**CUSTOMER, "ciudad": "Palmira"}, "lineas": [{"sku": "EXT-10", "cantidad": 2}],
            "metodo_pago": "transferencia"}
    sale = client.post("/ventas/", headers=auth_headers, json=body).get_json()
    assert (sale["total"], sale["envio"], sale["total_con_envio"]) == (30000, 15000, 45000)
    assert sale["metodo_pago"] == "transferencia" and sale["estado_pago"] == "pendiente"
    assert sale["cliente"]["ciudad"] == "Palmira"
    bad = client.post("/ventas/", headers=auth_headers, json={**body, "metodo_pago": "bitcoin"})
    assert bad.status_code == 422 and "disponible" in bad.get_json()["detalle"]
    nowhere = client.post("/ventas/", headers=auth_headers,
                          json={**body, "cliente": {**CUSTOMER, "ciudad": "Leticia"}, "metodo_pago": None})
    assert nowhere.status_code == 422 and "Leticia" in nowhere.get_json()["detalle"]
