"""Product images: uploaded in the admin, re-encoded without EXIF, resized, stored locally or in S3,
served at /media/…, thumbnails in the product list."""
import io
import os
import secrets

import pytest
import requests
from PIL import Image

from support import make_app, need
from tests.admin.admin_helpers import login, staff_client, staff_user  # noqa: F401
from webapp.extensions import db
from webapp.services import catalog, images, staff
from webapp.services.storage import get_media_storage


def picture(fmt="JPEG", size=(2400, 1600), exif=True, mode="RGB") -> bytes:
    image = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else (200, 30, 30, 128))
    out = io.BytesIO()
    if exif and fmt == "JPEG":
        data = Image.Exif()
        data[0x0112] = 6  # orientation: rotate 90° on display
        data[0x010F] = "CamaraDelCliente"
        data[0x8825] = {1: "N", 2: (4.0, 36.0, 0.0)}  # GPS
        image.save(out, format=fmt, exif=data)
    else:
        image.save(out, format=fmt)
    return out.getvalue()


def fetch(client, url):
    """GET a file and close the response (send_file keeps it open until then)."""
    response = client.get(url)
    response.get_data()
    response.close()
    return response


def upload(client, product_id, data, name="foto.jpg", **fields):
    form = {"sku": "EXT-10", "nombre": "Extintor 10 Libras", "precio": "15000", "disponible": "y",
            "imagen": (io.BytesIO(data), name), **fields}
    url = f"/admin/productos/{product_id}" if product_id else "/admin/productos/nuevo"
    return client.post(url, data=form, content_type="multipart/form-data")


def test_upload_is_reencoded_resized_without_exif_and_served(app, staff_client, make_product):
    product = make_product("Extintor 10 Libras", 15000, 5, sku="EXT-10", image_url="https://cdn.example.co/x.jpg")
    response = upload(staff_client, product.id, picture())
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.refresh(product)
    assert product.image_url.startswith("/media/p-") and product.image_url.endswith(".webp")
    served = fetch(staff_client, product.image_url)
    assert served.status_code == 200 and served.mimetype == "image/webp"
    assert "immutable" in served.headers["Cache-Control"]
    stored = Image.open(io.BytesIO(served.data))
    assert stored.format == "WEBP" and max(stored.size) == 1200
    assert stored.size == (800, 1200)  # turned upright from the EXIF orientation
    assert not stored.getexif() and b"CamaraDelCliente" not in served.data and "exif" not in stored.info
    thumb = fetch(staff_client, images.thumbnail_url(product.image_url))
    assert thumb.status_code == 200 and max(Image.open(io.BytesIO(thumb.data)).size) == 160
    listing = staff_client.get("/admin/productos").get_data(as_text=True)
    assert f'src="{images.thumbnail_url(product.image_url)}"' in listing
    assert fetch(app.test_client(), product.image_url).status_code == 200  # the storefront shows it to anyone


@pytest.mark.parametrize("data, name, message", [
    (b"GIF89a" + b"\x00" * 100, "a.gif", "JPEG, PNG o WebP"),
    (b"<svg onload=alert(1)></svg>", "a.svg", "JPEG, PNG o WebP"),
    (b"\xff\xd8\xff\xe0" + b"roto" * 50, "roto.jpg", "imagen"),
    (b"x" * 60_000, "grande.jpg", "La imagen supera"),
])
def test_bad_uploads_are_refused_and_nothing_changes(app, staff_client, make_product, monkeypatch, data, name, message):
    monkeypatch.setattr(images, "MAX_BYTES", 50_000)  # the test client spools big bodies to files it never closes
    product = make_product("Extintor 10 Libras", 15000, 5, sku="EXT-10", image_url="/static/img/x.svg")
    response = upload(staff_client, product.id, data, name, nombre="Nombre nuevo")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and message in html and 'id="imagen-error"' in html
    assert 'value="Nombre nuevo"' in html  # the fields are kept
    db.session.refresh(product)
    assert product.image_url == "/static/img/x.svg" and product.name == "Extintor 10 Libras"


def test_png_with_transparency_and_new_product(app, staff_client):
    response = upload(staff_client, None, picture("PNG", (300, 200), mode="RGBA"), "logo.png", sku="PNG-1")
    assert response.status_code == 302
    product = catalog.get_by_sku("PNG-1")
    stored = Image.open(io.BytesIO(fetch(staff_client, product.image_url).data))
    assert stored.mode == "RGBA" and stored.size == (300, 200)


def test_decompression_bomb_is_refused():
    out = io.BytesIO()
    Image.new("1", (9000, 9000)).save(out, format="PNG")  # 81 megapixels in a few kB
    with pytest.raises(images.ImageError, match="píxeles|válida"):
        images.process(out.getvalue())


def test_media_names_are_checked(client):
    for path in ("/media/..%2Finstance%2Fsecret_key", "/media/p-x.exe", "/media/nada.webp"):
        assert fetch(client, path).status_code == 404


ENDPOINT = os.environ.get("TEST_S3_ENDPOINT_URL")


@pytest.mark.s3
def test_s3_backend_stores_and_redirects_to_a_presigned_link(tmp_path):
    need(bool(ENDPOINT), "TEST_S3_ENDPOINT_URL not set (no S3 test server)")
    bucket = f"vendedor-media-{secrets.token_hex(4)}"
    app = make_app(tmp_path, STORAGE_BACKEND="s3", S3_BUCKET=bucket, S3_ENDPOINT_URL=ENDPOINT,
                   AWS_ACCESS_KEY_ID=os.environ.get("TEST_S3_ACCESS_KEY", "vendedortest"),
                   AWS_SECRET_ACCESS_KEY=os.environ.get("TEST_S3_SECRET_KEY", "vendedortestsecret"))
    with app.app_context():
        storage = get_media_storage()
        try:
            staff.create_admin("s3img@tienda.co", "clave-segura-123")
            client = login(app.test_client(), "s3img@tienda.co", "clave-segura-123")
            response = upload(client, None, picture(size=(1600, 900), exif=False), sku="S3-1")
            assert response.status_code == 302, response.get_data(as_text=True)
            product = catalog.get_by_sku("S3-1")
            name = images.media_name(product.image_url)
            assert {f.name for f in storage.list()} == {name, images.thumb_name(name)}
            assert storage.client.head_object(Bucket=bucket, Key=f"media/{name}")["ContentType"] == "image/webp"
            redirect = app.test_client().get(product.image_url)
            assert redirect.status_code == 302 and "max-age=600" in redirect.headers["Cache-Control"]
            fetched = requests.get(redirect.headers["Location"], timeout=30)
            assert fetched.status_code == 200 and fetched.content[:4] == b"RIFF"
            assert Image.open(io.BytesIO(fetched.content)).size == (1200, 675)
            assert requests.get(f"{ENDPOINT}/{bucket}/media/{name}", timeout=30).status_code in (401, 403)
            assert app.test_client().get("/media/p-0000.webp").status_code == 404
        finally:
            for stored in storage.list():
                storage.delete(stored.name)
            storage.client.delete_bucket(Bucket=bucket)
            db.session.remove()
            db.engine.dispose()
