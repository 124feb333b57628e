"""Who may see the back office: staff only. Anonymous visitors and shoppers (a cart and a
chat session, no staff login) are sent to the login page; JSON staff endpoints answer 401."""
import pytest

from tests.admin.admin_helpers import HX, login, shopper_client, staff_client, staff_user  # noqa: F401

PAGES = [
    ("get", "/admin/"), ("get", "/admin/productos"), ("get", "/admin/productos?q=extintor"),
    ("get", "/admin/productos/nuevo"), ("post", "/admin/productos/nuevo"),
    ("get", "/admin/productos/{product}"), ("post", "/admin/productos/{product}"),
    ("post", "/admin/productos/{product}/disponible"), ("post", "/admin/productos/{product}/stock"),
    ("get", "/admin/productos/importar"), ("post", "/admin/productos/importar"),
    ("get", "/admin/pedidos"), ("get", "/admin/pedidos/{order}"), ("get", "/admin/pedidos/{order}/cancelar"),
    ("post", "/admin/pedidos/{order}/estado"), ("post", "/admin/pedidos/{order}/pago"),
    ("post", "/admin/conversaciones/{conversation}/pedido"),
    ("get", "/admin/clientes"), ("get", "/admin/clientes/{customer}"),
    ("get", "/admin/conversaciones"), ("get", "/admin/conversaciones/{conversation}"),
    ("post", "/admin/conversaciones/{conversation}/tomar"), ("post", "/admin/conversaciones/{conversation}/mensaje"),
    ("post", "/admin/conversaciones/{conversation}/devolver"),
    ("get", "/admin/auditoria"), ("get", "/admin/exportaciones"), ("post", "/admin/exportaciones/ventas"),
    ("get", "/admin/envios"), ("get", "/admin/envios/nueva"), ("post", "/admin/envios/nueva"),
    ("get", "/admin/envios/{zone}"), ("post", "/admin/envios/{zone}"), ("get", "/admin/envios/{zone}/eliminar"),
    ("post", "/admin/envios/{zone}/eliminar"), ("get", "/admin/envios/cargar"), ("post", "/admin/envios/cargar"),
    ("get", "/admin/pagos"), ("post", "/admin/pagos/nequi"),
    ("get", "/admin/correos"), ("get", "/admin/correos/{email}"), ("post", "/admin/correos/{email}/reintentar"),
    ("get", "/admin/atencion"), ("post", "/admin/conversaciones/{conversation}/carrito"),
    ("post", "/admin/conversaciones/{conversation}/carrito/{product}"),
]
# staff-only answers that are not whole pages (a file, htmx fragments, a confirmation that sends
# staff back to the order when there is nothing to confirm)
PARTIALS = [("get", "/admin/envios/zonas.csv"), ("get", "/admin/atencion/contador"),
            ("get", "/admin/pedidos/{order}/pago/pendiente"),
            ("get", "/admin/conversaciones/{conversation}/productos?producto=extintor")]
JSON = [("get", "/exportar/inventario"), ("get", "/exportar/clientes"), ("get", "/exportar/ventas"),
        ("get", "/exportar/conversaciones-rag"), ("get", "/exportar/reporte-completo"),
        ("get", "/files/storage/info"), ("get", "/files/exports/ventas-20250101-000000-abcdef.csv"),
        ("get", "/logs/")]


@pytest.fixture
def ids(app, make_product):
    """Real ids so every URL points at something that exists."""
    from tests.admin.admin_helpers import make_conversation, make_sale
    product = make_product("Extintor 10 Libras", 15000, 120, sku="EXT-10")
    conversation = make_conversation("acceso-1", [{"role": "usuario", "text": "hola"}])
    order = make_sale([("EXT-10", 1)], conversation=conversation)
    from webapp.extensions import db
    from webapp.services import mail, shipping
    zone = shipping.create_zone({"departamento": "Valle del Cauca", "municipio": "Palmira", "costo": "15000"})
    email = mail.queue_handoff_notice(conversation)
    db.session.commit()
    return {"product": product.id, "order": order.id, "customer": order.customer_id,
            "conversation": conversation.id, "zone": zone.id, "email": email.id}


def _call(client, method, url, **kw):
    return getattr(client, method)(url, **kw)


@pytest.mark.parametrize("method, url", PAGES + PARTIALS)
def test_anonymous_is_sent_to_login(ids, client, method, url):
    response = _call(client, method, url.format(**ids))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/admin/")


@pytest.mark.parametrize("method, url", PAGES + PARTIALS)
def test_a_shopper_with_a_cart_and_chat_is_not_staff(ids, shopper_client, method, url):
    response = _call(shopper_client, method, url.format(**ids))
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("method, url", PAGES + PARTIALS)
def test_htmx_requests_without_staff_get_a_client_side_redirect(ids, client, method, url):
    response = _call(client, method, url.format(**ids), headers=HX)
    assert response.status_code == 401 and response.headers["HX-Redirect"].startswith("/login?next=")


@pytest.mark.parametrize("method, url", [p for p in PAGES if p[0] == "get"])
def test_staff_sees_every_page(ids, staff_client, method, url):
    response = _call(staff_client, method, url.format(**ids))
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    assert 'aria-label="Administración"' in html and "Cerrar sesión" in html


@pytest.mark.parametrize("method, url", [p for p in PAGES if p[0] == "get"])
def test_a_bearer_token_also_opens_pages(ids, client, auth_headers, method, url):
    assert _call(client, method, url.format(**ids), headers=auth_headers).status_code == 200


@pytest.mark.parametrize("method, url", JSON)
def test_json_endpoints_answer_401_to_anonymous_and_shoppers(ids, client, shopper_client, method, url):
    for who in (client, shopper_client):
        response = _call(who, method, url)
        assert response.status_code == 401
        assert response.get_json()["error"] == "no_autorizado"


@pytest.mark.parametrize("method, url", JSON)
def test_json_endpoints_refuse_a_bad_token(ids, client, method, url):
    response = _call(client, method, url, headers={"Authorization": "Bearer vdr_nope"})
    assert response.status_code == 401


@pytest.mark.parametrize("method, url", JSON[:-2])
def test_json_endpoints_accept_staff_session_and_token(ids, staff_client, client, auth_headers, method, url):
    assert _call(staff_client, method, url).status_code == 200
    assert _call(client, method, url, headers=auth_headers).status_code == 200


def test_login_page_has_the_form_and_sends_staff_to_the_dashboard(client, staff_user):
    page = client.get("/login").get_data(as_text=True)
    assert 'id="login-form"' in page and 'autocomplete="current-password"' in page
    response = client.post("/login?next=/admin/pedidos", data={"email": "staff@tienda.co", "password": "mala-clave-1"})
    assert response.status_code == 200 and "Correo o contraseña incorrectos" in response.get_data(as_text=True)
    response = login(client).get("/admin/")
    assert response.status_code == 200
    assert client.post("/login", data={"email": "staff@tienda.co", "password": "clave-segura-123"}
                       ).headers["Location"] == "/admin/"


def test_logout_closes_the_back_office(staff_client):
    assert staff_client.get("/admin/").status_code == 200
    assert staff_client.post("/logout").status_code == 302
    assert staff_client.get("/admin/").status_code == 302


def test_staff_password_is_hashed_and_never_logged(app, staff_user, client):
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import AuditEvent
    assert "clave-segura-123" not in staff_user.password_hash
    client.post("/login", data={"email": "staff@tienda.co", "password": "clave-segura-123"})
    client.post("/login", data={"email": "staff@tienda.co", "password": "otra-clave-mala"})
    details = " ".join(f"{e.detail} {e.resource}" for e in db.session.scalars(select(AuditEvent)))
    assert "clave" not in details


def test_forms_carry_a_csrf_token_and_csrf_is_enforced(tmp_path):
    """With CSRF on (as in production) a back office POST without the token is refused."""
    from support import make_app
    from tests.admin.admin_helpers import STAFF_EMAIL, STAFF_PASSWORD
    from webapp.extensions import db
    from webapp.services import staff
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    with app.app_context():
        staff.create_admin(STAFF_EMAIL, STAFF_PASSWORD)
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        assert client.post("/login", data={"email": STAFF_EMAIL, "password": STAFF_PASSWORD,
                                           "csrf_token": token}).status_code == 302
        html = client.get("/admin/productos/nuevo").get_data(as_text=True)
        assert 'name="csrf_token"' in html
        assert client.post("/admin/productos/nuevo", data={"sku": "X-1", "nombre": "X", "precio": "1"}).status_code == 400
        db.session.remove()
        db.engine.dispose()
