"""The s3 backend against a real S3-compatible server (SeaweedFS from `make test` / CI):
upload, presigned links that work with a plain HTTP client, and links refused when tampered or expired."""
import os
import secrets
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
import requests

from support import make_app, need
from webapp.extensions import db
from webapp.services import exports
from webapp.services.storage import S3Storage, StorageError, cleanup, get_storage

ENDPOINT = os.environ.get("TEST_S3_ENDPOINT_URL")
ACCESS_KEY = os.environ.get("TEST_S3_ACCESS_KEY", "vendedortest")
SECRET_KEY = os.environ.get("TEST_S3_SECRET_KEY", "vendedortestsecret")

pytestmark = pytest.mark.s3


@pytest.fixture
def s3_headers(s3_app):
    from webapp.services import staff
    token = staff.create_token(staff.create_admin("s3@tienda.co", "clave-segura-123"))
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def s3_app(tmp_path):
    need(bool(ENDPOINT), "TEST_S3_ENDPOINT_URL not set (no S3 test server; run scripts/s3-test-server.sh)")
    bucket = f"vendedor-test-{secrets.token_hex(4)}"
    app = make_app(tmp_path, STORAGE_BACKEND="s3", S3_BUCKET=bucket, S3_ENDPOINT_URL=ENDPOINT,
                   AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY, AWS_REGION="us-east-1")
    with app.app_context():
        yield app
        storage = get_storage()
        for stored in storage.list():
            storage.delete(stored.name)
        storage.client.delete_bucket(Bucket=bucket)
        db.session.remove()
        db.engine.dispose()


def _with_query(url: str, **changes) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


def test_export_uploads_and_the_presigned_link_downloads(s3_app, s3_headers):
    client = s3_app.test_client()
    response = client.get("/exportar/inventario", headers=s3_headers)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["url"].startswith(ENDPOINT) and "X-Amz-Signature=" in body["url"] and "X-Amz-Expires=3600" in body["url"]
    download = requests.get(body["url"], timeout=10)
    assert download.status_code == 200
    assert download.content.startswith(b"\xef\xbb\xbf") and len(download.content) == body["bytes"]
    assert download.content == get_storage().read(body["archivo"])
    assert body["archivo"] in download.headers.get("Content-Disposition", "")
    info = client.get("/files/storage/info", headers=s3_headers).get_json()
    assert info["backend"] == "s3" and info["bucket"] == s3_app.config["S3_BUCKET"]
    assert info["archivos"] == 1 and info["bytes"] == body["bytes"]


def test_tampered_presigned_links_are_refused(s3_app):
    storage = get_storage()
    storage.save("ventas-1-a.csv", b"\xef\xbb\xbfventa_id\r\n")
    storage.save("clientes-2-b.csv", b"secreto")
    url = storage.url("ventas-1-a.csv", 300)
    assert requests.get(url, timeout=10).status_code == 200
    signature = dict(parse_qsl(urlsplit(url).query))["X-Amz-Signature"]
    flipped = signature[:-1] + ("0" if signature[-1] != "0" else "1")
    other_file = url.replace("ventas-1-a.csv", "clientes-2-b.csv", 1)
    for bad in (_with_query(url, **{"X-Amz-Signature": flipped}),
                _with_query(url, **{"X-Amz-Expires": "604800"}),  # stretching the expiry breaks the signature
                other_file):
        response = requests.get(bad, timeout=10)
        assert response.status_code == 403, bad
        assert b"secreto" not in response.content
    unsigned = urlunsplit(urlsplit(url)._replace(query=""))
    assert requests.get(unsigned, timeout=10).status_code == 403


def test_expired_presigned_links_are_refused(s3_app):
    storage = get_storage()
    storage.save("ventas-3-c.csv", b"x")
    url = storage.url("ventas-3-c.csv", 1)
    time.sleep(2.5)
    assert requests.get(url, timeout=10).status_code == 403


def test_signed_app_link_redirects_to_a_fresh_presigned_url(s3_app, s3_headers):
    client = s3_app.test_client()
    storage = get_storage()
    storage.save("ventas-4-d.csv", b"hola")
    from webapp.services.storage import sign_download
    response = client.get(f"/files/exports/ventas-4-d.csv?token={sign_download('ventas-4-d.csv', 60)}")
    assert response.status_code == 302
    assert requests.get(response.headers["Location"], timeout=10).content == b"hola"
    assert client.get("/files/exports/ventas-4-d.csv?token=nope").status_code == 403
    assert client.get("/files/exports/ventas-9-z.csv", headers=s3_headers).status_code == 404


def test_every_export_kind_and_admin_button(s3_app, s3_headers):
    client = s3_app.test_client()
    for kind in exports.KINDS:
        body = client.get(f"/exportar/{kind}", headers=s3_headers).get_json()
        assert requests.get(body["url"], timeout=10).status_code == 200, kind
    html = client.post("/admin/exportaciones/ventas", headers={**s3_headers, "HX-Request": "true"}
                       ).get_data(as_text=True)
    assert ">Descargar</a>" in html and ENDPOINT in html
    assert len(get_storage().list()) == len(exports.KINDS) + 1


def test_list_delete_and_cleanup(s3_app):
    storage = get_storage()
    for name in ("ventas-5-e.csv", "ventas-6-f.csv"):
        storage.save(name, b"123")
    storage.client.put_object(Bucket=storage.bucket, Key="exports/sub/ventas-9-i.csv", Body=b"x")
    storage.client.put_object(Bucket=storage.bucket, Key="exports/Fuera.CSV", Body=b"x")
    assert sorted(f.name for f in storage.list()) == ["ventas-5-e.csv", "ventas-6-f.csv"]
    assert storage.info()["bytes"] == 6
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    assert cleanup(storage, 24, now=now) == []
    assert sorted(cleanup(storage, 24, now=now + timedelta(hours=25))) == ["ventas-5-e.csv", "ventas-6-f.csv"]
    assert storage.list() == [] and not storage.exists("ventas-5-e.csv")
    with pytest.raises(StorageError):
        storage.read("ventas-5-e.csv")
    storage.client.delete_object(Bucket=storage.bucket, Key="exports/sub/ventas-9-i.csv")
    storage.client.delete_object(Bucket=storage.bucket, Key="exports/Fuera.CSV")


def test_cleanup_command_on_s3(s3_app):
    get_storage().save("ventas-8-h.csv", b"x")
    result = s3_app.test_cli_runner().invoke(args=["exports", "cleanup", "--hours", "0"])
    assert result.exit_code == 0 and "exportaciones borradas: 1" in result.output


def test_wrong_credentials_fail_cleanly(tmp_path):
    need(bool(ENDPOINT), "TEST_S3_ENDPOINT_URL not set")
    storage = S3Storage("vendedor-test-nadie", ENDPOINT, ACCESS_KEY, "clave-equivocada")
    with pytest.raises(StorageError):
        storage.save("ventas-1-x.csv", b"x")
    app = make_app(tmp_path, STORAGE_BACKEND="s3", S3_BUCKET="vendedor-test-nadie", S3_ENDPOINT_URL=ENDPOINT,
                   AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY="clave-equivocada")
    with app.app_context():
        from webapp.services import staff
        token = staff.create_token(staff.create_admin("s@tienda.co", "clave-segura-123"))
        response = app.test_client().get("/exportar/ventas", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 503 and response.get_json()["error"] == "almacenamiento_no_disponible"
        assert app.test_client().get("/files/storage/info",
                                     headers={"Authorization": f"Bearer {token}"}).status_code == 503
        db.session.remove()
        db.engine.dispose()
