"""Storefront pages as a shopper sees them (JavaScript off and HTMX requests)."""
import re

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Order, OrderStatus, Product
from webapp.services import catalog

HX = {"HX-Request": "true"}


def product_id(sku):
    return catalog.get_by_sku(sku).id


def test_catalogue_lists_products_with_colombian_prices(seeded, client):
    page = client.get("/").get_data(as_text=True)
    assert "Casco de Seguridad Amarillo" in page and "$25.000" in page
    page = client.get("/?categoria=Extintores").get_data(as_text=True)
    assert "Extintor 10 Libras" in page and "$15.000" in page
    assert 'id="cart-count"' in page and "Agregar al carrito" in page
    assert 'src="/static/vendor/htmx.min.js"' in page


def test_search_category_pagination_and_empty_state(seeded, client):
    page = client.get("/?q=guantes+nitrilo").get_data(as_text=True)
    assert "Guantes de Nitrilo" in page and "Casco de Seguridad" not in page
    page = client.get("/?q=senalizacion").get_data(as_text=True)
    assert "Señal Salida de Emergencia" in page
    page = client.get("/?categoria=Extintores").get_data(as_text=True)
    assert "Extintor 20 Libras" in page and "Guantes de Nitrilo" not in page
    first = client.get("/?pagina=1").get_data(as_text=True)
    second = client.get("/?pagina=2").get_data(as_text=True)
    assert "Página 2 de" in second and first != second
    assert client.get("/?pagina=abc").status_code == 200
    assert "No encontramos productos" in client.get("/?q=zzzzqqq").get_data(as_text=True)


def test_htmx_search_returns_only_the_list(seeded, client):
    response = client.get("/?q=extintor", headers={**HX, "HX-Target": "product-list"})
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="product-list">') and "<html" not in html
    assert "HX-Request" in response.headers.get("Vary", "")


def test_product_page_and_404(seeded, client):
    page = client.get(f"/producto/{product_id('EXT-10')}").get_data(as_text=True)
    assert "Extintor 10 Libras" in page and "$15.000" in page
    assert client.get("/producto/999999").status_code == 404
    hidden = db.session.scalar(select(Product).where(Product.available.is_(False)))
    assert client.get(f"/producto/{hidden.id}").status_code == 404


def test_add_to_cart_with_htmx_updates_badge_out_of_band(seeded, client):
    response = client.post("/carrito/agregar", data={"product_id": product_id("EXT-10"), "cantidad": 2}, headers=HX)
    html = response.get_data(as_text=True)
    assert "Agregaste 2 × Extintor 10 Libras" in html
    assert re.search(r'<span id="cart-count"[^>]*hx-swap-oob="true"[^>]*>2</span>', html)
    cart = client.get("/carrito").get_data(as_text=True)
    assert "Extintor 10 Libras" in cart and "$30.000" in cart


def test_cart_change_and_remove(seeded, client):
    pid = product_id("GUA-NIT")
    client.post("/carrito/agregar", data={"product_id": pid, "cantidad": 1})
    html = client.post(f"/carrito/linea/{pid}", data={"cantidad": 3}, headers=HX).get_data(as_text=True)
    assert "$24.000" in html and '>3</span>' in html
    html = client.post(f"/carrito/linea/{pid}", data={"cantidad": 5000}, headers=HX).get_data(as_text=True)
    assert "entre 1 y 1000" in html
    html = client.post(f"/carrito/linea/{pid}", data={"accion": "eliminar"}, headers=HX).get_data(as_text=True)
    assert "Tu carrito está vacío" in html and '>0</span>' in html


def test_out_of_stock_cannot_be_added(seeded, client):
    response = client.post("/carrito/agregar", data={"product_id": product_id("CAS-ROJ"), "cantidad": 1},
                           follow_redirects=True)
    assert "agotado" in response.get_data(as_text=True)


def test_checkout_without_javascript(seeded, client):
    client.post("/carrito/agregar", data={"product_id": product_id("EXT-10"), "cantidad": 2})
    page = client.get("/checkout").get_data(as_text=True)
    code = re.search(r'name="order_code" type="hidden" value="([^"]+)"', page).group(1)
    token = re.search(r'name="order_token" type="hidden" value="([^"]+)"', page).group(1)
    assert "por confirmar" in page and 'name="metodo_pago"' in page and 'name="ciudad"' in page
    bad = client.post("/checkout", data={"order_code": code, "nombre": "Juan Pérez", "cedula": "12",
                                         "telefono": "123", "email": "juan@", "direccion": "Calle 1 # 2-3",
                                         "barrio": "Centro"})
    html = bad.get_data(as_text=True)
    assert "La cédula debe tener entre 7 y 10 dígitos." in html
    assert "El teléfono debe tener 10 dígitos y empezar por 3." in html
    assert "Debes autorizar el tratamiento de datos" in html
    assert "Escribe el municipio o la ciudad de entrega." in html
    assert 'value="Juan Pérez"' in html and 'value="Calle 1 # 2-3"' in html  # fields kept
    data = {"order_code": code, "order_token": token, "nombre": "Juan Pérez", "cedula": "12345678",
            "telefono": "3001234567", "email": "juan@email.com", "direccion": "Calle 123 #45-67", "barrio": "Centro",
            "ciudad": "Cali", "departamento": "Valle del Cauca", "metodo_pago": "nequi",
            "indicaciones_entrega": "Portón azul", "acepto_datos": "y"}
    priced = client.post("/checkout", data=data)  # the shipping to Cali was not on the page yet
    html = priced.get_data(as_text=True)
    assert priced.status_code == 200 and 'id="shipping-priced"' in html and "$8.000" in html and "$38.000" in html
    assert db.session.scalars(select(Order).where(Order.status == OrderStatus.PENDING)).all() == []
    data["order_token"] = re.search(r'name="order_token" type="hidden" value="([^"]+)"', html).group(1)
    done = client.post("/checkout", data=data)
    assert done.status_code == 302 and "/pedido/" in done.headers["Location"]
    again = client.post("/checkout", data=data)  # double submit
    assert again.headers["Location"] == done.headers["Location"]
    confirmation = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "$30.000" in confirmation and "Portón azul" in confirmation
    placed = db.session.scalars(select(Order).where(Order.status == OrderStatus.PENDING)).all()
    assert len(placed) == 1 and len(placed[0].code) >= 32
    sale = placed[0]
    assert (sale.total, sale.shipping_cost, sale.payment_method, sale.ship_city) == (30000, 8000, "nequi", "Cali")
    assert catalog.get_by_sku("EXT-10").stock == 118
    assert '>0</span>' in client.get("/carrito").get_data(as_text=True)


def test_checkout_refuses_a_place_the_shop_does_not_reach(seeded, client):
    client.post("/carrito/agregar", data={"product_id": product_id("EXT-10"), "cantidad": 1})
    from support import checkout
    response = checkout(client, {"nombre": "Ana Ruiz", "cedula": "12345678", "telefono": "3001234567",
                                 "email": "ana@correo.co", "direccion": "Calle 1 # 2-3", "ciudad": "Leticia",
                                 "departamento": "Amazonas"})
    assert response.status_code == 200 and "Por ahora no hacemos envíos a Leticia" in response.get_data(as_text=True)
    assert db.session.scalar(select(Order).where(Order.status == OrderStatus.PENDING)) is None


def test_the_summary_follows_the_destination_with_htmx(seeded, client):
    client.post("/carrito/agregar", data={"product_id": product_id("EXT-10"), "cantidad": 1})
    client.get("/checkout")
    fragment = client.post("/checkout/resumen", data={"ciudad": "Palmira", "departamento": "Valle del Cauca"},
                           headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "$15.000" in fragment and "Total con envío" in fragment and 'hx-swap-oob="true"' in fragment

def test_confirmation_needs_the_unguessable_code(seeded, client):
    assert client.get("/pedido/1").status_code == 404
    assert client.get("/pedido/" + "x" * 200).status_code == 404


def test_empty_cart_checkout_redirects(client, app):
    response = client.get("/checkout")
    assert response.status_code == 302 and response.headers["Location"].endswith("/carrito")


def test_output_is_escaped(app, client, make_product):
    make_product(name="<script>alert(1)</script> Cinta")
    html = client.get("/?q=cinta").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_csrf_is_enforced_on_forms(tmp_path):
    from support import make_app
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    with app.app_context():
        response = app.test_client().post("/carrito/agregar", data={"product_id": 1, "cantidad": 1})
        assert response.status_code == 400


def test_no_open_redirects(seeded, client):
    pid = product_id("EXT-10")
    for target in ("https://malo.example/x", "//malo.example", "/\\\\malo.example"):
        response = client.post("/carrito/agregar", data={"product_id": pid, "cantidad": 1, "next": target})
        assert response.headers["Location"].endswith("/carrito")
    assert client.post("/carrito/agregar", data={"product_id": pid, "next": "/?q=x"}).headers["Location"] == "/?q=x"


def test_a_price_change_after_the_checkout_page_is_never_charged_silently(seeded, client):
    """The page showed one total; a price edit before the submit gives the updated summary."""
    client.post("/carrito/agregar", data={"product_id": product_id("EXT-10"), "cantidad": 1})
    page = client.get("/checkout").get_data(as_text=True)
    code = re.search(r'name="order_code" type="hidden" value="([^"]+)"', page).group(1)
    token = re.search(r'name="order_token" type="hidden" value="([^"]+)"', page).group(1)
    assert "$15.000" in page
    data = {"order_code": code, "order_token": token, "nombre": "Juan Pérez", "cedula": "12345678",
            "telefono": "3001234567", "email": "juan@email.com", "direccion": "Calle 123 #45-67",
            "ciudad": "Cali", "acepto_datos": "y"}
    client.post("/checkout/resumen", data={"ciudad": "Cali"}, headers={"HX-Request": "true"})
    data["order_token"] = re.search(r'name="order_token" type="hidden" value="([^"]+)"',
                                    client.get("/checkout").get_data(as_text=True)).group(1)
    product = catalog.get_by_sku("EXT-10")
    product.price = 45000
    db.session.commit()
    changed = client.post("/checkout", data=data)
    html = changed.get_data(as_text=True)
    assert changed.status_code == 200 and 'id="order-changed"' in html and "$45.000" in html
    assert 'value="Juan Pérez"' in html  # the data typed is kept
    assert db.session.scalar(select(Order).where(Order.status == OrderStatus.PENDING)) is None
    assert catalog.get_by_sku("EXT-10").stock == 120
    new_token = re.search(r'name="order_token" type="hidden" value="([^"]+)"', html).group(1)
    done = client.post("/checkout", data={**data, "order_token": new_token})
    assert done.status_code == 302
    sale = db.session.scalar(select(Order).where(Order.status == OrderStatus.PENDING))
    assert sale.total == 45000


def test_placing_through_the_pages_queues_the_two_emails(seeded, client):
    from webapp.models import OutboxEmail
    from support import checkout
    client.post("/carrito/agregar", data={"product_id": product_id("EXT-10"), "cantidad": 2})
    response = checkout(client, {"nombre": "Ana Ruiz", "cedula": "12345678", "telefono": "3001234567",
                                 "email": "ana@correo.co", "direccion": "Calle 1 # 2-3", "ciudad": "Palmira",
                                 "metodo_pago": "nequi"})
    assert response.status_code == 302
    kinds = {e.kind: e for e in db.session.scalars(select(OutboxEmail))}
    assert set(kinds) == {"confirmacion_pedido", "aviso_pedido"}
    body = kinds["confirmacion_pedido"].text_body
    assert "$15.000" in body and "$45.000" in body and "Nequi" in body and "/pedido/" in body
