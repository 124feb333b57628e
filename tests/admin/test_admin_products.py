"""Products in the back office: search, create, edit, availability, stock, CSV upload with preview."""
import io
from decimal import Decimal

from sqlalchemy import func, select

from support import DATA
from tests.admin.admin_helpers import both_databases as app  # noqa: F401
from tests.admin.admin_helpers import HX, make_sale, staff_client, staff_user  # noqa: F401
from webapp.extensions import db
from webapp.models import AuditEvent, Product
from webapp.services import catalog


def actions():
    return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_list_search_and_htmx_region(seeded, staff_client):
    page = staff_client.get("/admin/productos").get_data(as_text=True)
    assert "39 productos" in page and "Página 1 de 2" in page
    hidden = db.session.scalar(select(Product).where(Product.available.is_(False)))
    assert hidden.name in page or hidden.name in staff_client.get("/admin/productos?pagina=2").get_data(as_text=True)
    found = staff_client.get("/admin/productos?q=extintor+10+libras").get_data(as_text=True)
    assert "Extintor 10 Libras" in found and "Guantes de Nitrilo" not in found
    response = staff_client.get("/admin/productos?q=guantes", headers={**HX, "HX-Target": "product-table"})
    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="product-table"') and "<html" not in fragment
    assert "HX-Request" in response.headers["Vary"]
    assert staff_client.get("/admin/productos?pagina=zz&categoria=nada").status_code == 200


def test_create_product_validates_and_audits(app, staff_client):
    bad = staff_client.post("/admin/productos/nuevo", data={"sku": "", "nombre": "Nivel", "precio": "abc", "stock": "-1"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 200 and 'id="product-form"' in html
    assert "El campo sku es obligatorio." in html and "El precio «abc» no es válido" in html and "El stock debe ser" in html
    assert db.session.scalar(select(func.count(Product.id))) == 0
    ok = staff_client.post("/admin/productos/nuevo", data={
        "sku": "NIV-1", "nombre": "Nivel de burbuja", "precio": "25000.50", "stock": "7", "categoria": "Herramientas",
        "disponible": "y", "sinonimos": "nivel|burbuja"})
    assert ok.status_code == 302
    product = catalog.get_by_sku("NIV-1")
    assert product.price == Decimal("25000.50") and product.stock == 7 and product.available
    assert product.synonym_list == ["nivel", "burbuja"]
    assert "producto_creado" in actions()
    dup = staff_client.post("/admin/productos/nuevo", data={"sku": "NIV-1", "nombre": "Otro", "precio": "1"})
    assert "Ya existe un producto con el sku NIV-1" in dup.get_data(as_text=True)


def test_edit_product_keeps_units_sold_meanwhile(seeded, staff_client):
    product = catalog.get_by_sku("EXT-10")
    form = staff_client.get(f"/admin/productos/{product.id}").get_data(as_text=True)
    assert 'id="product-form"' in form and 'value="Extintor 10 Libras"' in form and 'value="15000"' in form
    make_sale([("EXT-10", 5)])  # a sale while the form is open: stock 120 -> 115
    response = staff_client.post(f"/admin/productos/{product.id}", data={
        "sku": "EXT-10", "nombre": "Extintor ABC 10 Libras", "precio": "16000", "stock": "120",
        "stock_original": "120", "categoria": product.category, "disponible": "y", "descripcion": product.description,
        "imagen_url": product.image_url, "sinonimos": product.synonyms})
    assert response.status_code == 302
    db.session.refresh(product)
    assert product.name == "Extintor ABC 10 Libras" and product.price == Decimal("16000") and product.stock == 115
    assert "producto_editado" in actions()
    staff_client.post(f"/admin/productos/{product.id}", data={
        "sku": "EXT-10", "nombre": product.name, "precio": "16000", "stock": "90", "stock_original": "115",
        "disponible": "y"})
    db.session.refresh(product)
    assert product.stock == 90 and product.available
    assert staff_client.get("/admin/productos/999999").status_code == 404


def test_edit_errors_are_shown_on_the_fields(seeded, staff_client):
    product = catalog.get_by_sku("EXT-10")
    other = catalog.get_by_sku("EXT-20")
    response = staff_client.post(f"/admin/productos/{product.id}", data={"sku": other.sku, "nombre": "X", "precio": "-5"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "El precio no puede ser negativo." in html
    response = staff_client.post(f"/admin/productos/{product.id}", data={"sku": other.sku, "nombre": "X", "precio": "5"})
    assert f"Ya existe un producto con el sku {other.sku}" in response.get_data(as_text=True)
    db.session.refresh(product)
    assert product.sku == "EXT-10" and product.price == Decimal("15000")


def test_toggle_available_inline_and_without_js(seeded, staff_client):
    product = catalog.get_by_sku("EXT-10")
    response = staff_client.post(f"/admin/productos/{product.id}/disponible", headers=HX)
    row = response.get_data(as_text=True)
    assert row.lstrip().startswith(f'<tr id="product-{product.id}"') and "Activar" in row
    db.session.refresh(product)
    assert product.available is False
    assert staff_client.get(f"/producto/{product.id}").status_code == 404  # gone from the shop
    response = staff_client.post(f"/admin/productos/{product.id}/disponible")
    assert response.status_code == 302
    db.session.refresh(product)
    assert product.available is True
    assert actions().count("producto_disponibilidad") == 2


def test_adjust_stock(seeded, staff_client):
    product = catalog.get_by_sku("EXT-10")
    row = staff_client.post(f"/admin/productos/{product.id}/stock", data={"ajuste": "+5"}, headers=HX).get_data(as_text=True)
    db.session.refresh(product)
    assert product.stock == 125 and "Stock de Extintor 10 Libras: 125." in row
    staff_client.post(f"/admin/productos/{product.id}/stock", data={"ajuste": "-25"}, headers=HX)
    db.session.refresh(product)
    assert product.stock == 100
    too_many = staff_client.post(f"/admin/productos/{product.id}/stock", data={"ajuste": "-101"}, headers=HX)
    assert "El stock quedaría fuera" in too_many.get_data(as_text=True)
    garbage = staff_client.post(f"/admin/productos/{product.id}/stock", data={"ajuste": "muchos"}, headers=HX)
    assert "Escribe un número entero" in garbage.get_data(as_text=True)
    db.session.refresh(product)
    assert product.stock == 100
    assert staff_client.post(f"/admin/productos/{product.id}/stock", data={"ajuste": "3"}).status_code == 302
    db.session.refresh(product)
    assert product.stock == 103
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "stock_ajustado")
                               .order_by(AuditEvent.id)).first()
    assert event.detail == "EXT-10: 120 → 125 (+5)" and event.user == "staff@tienda.co"


CSV = ("sku,nombre,descripcion,precio,categoria,stock,disponible,imagen_url,sinonimos\n"
       "EXT-10,Extintor 10 Libras,Extintor PQS,17000,Extintores,120,true,,\n"
       "NEW-1,Conos reflectivos,Cono de 70 cm,30000,Señalización,12,si,,cono|conos\n")


def _upload(client, content: str, **extra):
    data = {"archivo": (io.BytesIO(content.encode("utf-8")), "catalogo.csv"), "accion": "vista_previa", **extra}
    return client.post("/admin/productos/importar", data=data, content_type="multipart/form-data")


def test_csv_upload_previews_then_applies(seeded, staff_client):
    before = db.session.scalar(select(func.count(Product.id)))
    preview = _upload(staff_client, CSV).get_data(as_text=True)
    assert 'id="catalog-preview"' in preview
    assert "<strong>1</strong> nuevos, <strong>1</strong> actualizados" in preview
    assert "precio: $15.000 → $17.000" in preview and "Conos reflectivos" in preview and "nuevo" in preview
    assert db.session.scalar(select(func.count(Product.id))) == before  # nothing written yet
    assert catalog.get_by_sku("EXT-10").price == Decimal("15000")
    content = preview.split('<textarea name="contenido" hidden aria-hidden="true">')[1].split("</textarea>")[0]
    import html as html_lib
    applied = staff_client.post("/admin/productos/importar", data={"contenido": html_lib.unescape(content),
                                                                   "accion": "aplicar"})
    assert applied.status_code == 302
    assert catalog.get_by_sku("EXT-10").price == Decimal("17000")
    assert catalog.get_by_sku("NEW-1").synonym_list == ["cono", "conos"]
    assert db.session.scalar(select(func.count(Product.id))) == before + 1
    assert "catalogo_importado" in actions()


def test_csv_upload_with_errors_writes_nothing(seeded, staff_client):
    content = (DATA / "bad_negative_stock.csv").read_text(encoding="utf-8")
    preview = _upload(staff_client, content).get_data(as_text=True)
    assert 'id="catalog-errors"' in preview and "Línea" in preview and "Aplicar cambios" not in preview
    response = staff_client.post("/admin/productos/importar", data={"contenido": content, "accion": "aplicar"})
    assert response.status_code == 200 and 'id="catalog-errors"' in response.get_data(as_text=True)
    assert "catalogo_importado" not in actions()
    empty = staff_client.post("/admin/productos/importar", data={"accion": "vista_previa"})
    assert "Elige un archivo CSV." in empty.get_data(as_text=True)


def test_csv_upload_refuses_non_utf8(seeded, staff_client):
    data = {"archivo": (io.BytesIO("sku,nombre,precio\nX,Señal,1\n".encode("latin-1")), "c.csv")}
    response = staff_client.post("/admin/productos/importar", data=data, content_type="multipart/form-data")
    assert "UTF-8" in response.get_data(as_text=True)
