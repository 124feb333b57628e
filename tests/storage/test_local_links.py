"""Local storage: files only through a signed, expiring link; names never escape the folder."""
import os
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.admin.admin_helpers import login, staff_user  # noqa: F401
from webapp.services import storage as storage_module
from webapp.services.storage import LocalStorage, StorageError, check_download, get_storage, sign_download


def fetch(client, url, **kw):
    """GET and close the response (a streamed file stays open until its response is closed)."""
    response = client.get(url, **kw)
    response.get_data()
    response.close()
    return response


def make_export(client, auth_headers, kind="ventas"):
    body = client.get(f"/exportar/{kind}", headers=auth_headers).get_json()
    parts = urlsplit(body["url"])
    return body, parts.path, parse_qs(parts.query)["token"][0]


def test_signed_link_downloads_the_file(app, client, auth_headers):
    body, path, token = make_export(client, auth_headers)
    response = fetch(app.test_client(), f"{path}?token={token}")  # no session, no token header: the link alone
    assert response.status_code == 200
    assert response.data == get_storage().read(body["archivo"]) and response.data.startswith(b"\xef\xbb\xbf")
    assert response.mimetype == "text/csv"
    assert f'attachment; filename={body["archivo"]}' in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_tampered_links_are_refused(app, client, auth_headers):
    body, path, token = make_export(client, auth_headers)
    other, other_path, _ = make_export(client, auth_headers, "inventario")
    anonymous = app.test_client()
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    for url in (f"{path}?token={flipped}", f"{path}?token=", f"{path}?token=abc.def",
                f"{other_path}?token={token}",  # a good token for another file
                f"{path}?token={token}x"):
        response = anonymous.get(url)
        assert response.status_code == 403, url
        assert response.get_json()["error"] == "enlace_invalido"
    forged = storage_module.URLSafeSerializer("otra-clave", salt=storage_module.DOWNLOAD_SALT).dumps(
        {"f": body["archivo"], "e": int(time.time()) + 3600})
    assert anonymous.get(f"{path}?token={forged}").status_code == 403


def test_expired_links_are_refused(app, client, auth_headers, monkeypatch):
    body, path, token = make_export(client, auth_headers)
    anonymous = app.test_client()
    assert fetch(anonymous, f"{path}?token={token}").status_code == 200
    later = time.time() + app.config["EXPORT_LINK_SECONDS"] + 1
    monkeypatch.setattr(storage_module, "_now", lambda: later)
    response = anonymous.get(f"{path}?token={token}")
    assert response.status_code == 403 and response.get_json()["error"] == "enlace_expirado"
    monkeypatch.undo()
    stale = sign_download(body["archivo"], -1)
    assert anonymous.get(f"{path}?token={stale}").status_code == 403


def test_without_a_link_only_staff_may_download(app, client, auth_headers, staff_user):
    body, path, _ = make_export(client, auth_headers)
    assert app.test_client().get(path).status_code == 401
    assert fetch(app.test_client(), path, headers=auth_headers).status_code == 200
    assert fetch(login(app.test_client()), path).status_code == 200


@pytest.mark.parametrize("name", [
    "..", "...csv", ".secret_key.csv", "secret_key", "ventas.csv.exe", "VENTAS.CSV", "ventas..csv", "-ventas.csv",
    "ventas%00.csv", "ventas.csv%2F..", "%2e%2e%2fsecret_key", "..%2F..%2Fsecret_key", "..%5csecret_key",
    "a" * 120 + ".csv", "ventas;rm.csv", "ventas csv.csv", "ventas.txt"])
def test_traversal_and_odd_names_are_not_found(app, client, auth_headers, name):
    for who in ({}, auth_headers):
        response = client.get(f"/files/exports/{name}?token=x", headers=who)
        assert response.status_code == 404, name
        assert b"test-secret" not in response.data


def test_storage_refuses_bad_names_directly(tmp_path):
    storage = LocalStorage(tmp_path / "exports")
    for bad in ("../x.csv", "/etc/passwd", "x/../../y.csv", "", None, "ok.csv\n"):
        with pytest.raises(StorageError):
            storage.path(bad)
        with pytest.raises(StorageError):
            storage.save(bad, b"x")
    stored = storage.save("ok-1.csv", b"hola")
    assert stored.size == 4 and storage.read("ok-1.csv") == b"hola" and storage.exists("ok-1.csv")
    assert [f.name for f in storage.list()] == ["ok-1.csv"]
    assert storage.info()["archivos"] == 1 and storage.info()["bytes"] == 4
    storage.delete("ok-1.csv")
    assert storage.list() == [] and not storage.exists("ok-1.csv")


def test_a_deleted_file_is_gone_even_with_a_good_link(app, client, auth_headers):
    body, path, token = make_export(client, auth_headers)
    get_storage().delete(body["archivo"])
    assert app.test_client().get(f"{path}?token={token}").status_code == 404


def test_storage_info(app, client, auth_headers):
    make_export(client, auth_headers)
    make_export(client, auth_headers, "inventario")
    info = client.get("/files/storage/info", headers=auth_headers).get_json()
    folder = Path(app.config["EXPORT_DIR"])
    assert info == {"backend": "local", "carpeta": str(folder.resolve()), "archivos": 2,
                    "bytes": sum(p.stat().st_size for p in folder.iterdir())}


def test_local_storage_defaults_to_the_instance_folder(tmp_path):
    from support import make_app
    app = make_app(tmp_path, EXPORT_DIR=None)
    with app.app_context():
        assert get_storage().folder == (Path(app.instance_path) / "exports").resolve()


def _age(storage, name, hours):
    moment = (datetime.now(timezone.utc) - timedelta(hours=hours)).timestamp()
    os.utime(storage.path(name), (moment, moment))


def test_cleanup_command_removes_expired_exports(app, runner):
    storage = get_storage()
    for name, hours in (("ventas-old-1.csv", 30), ("inventario-old-2.csv", 25), ("ventas-new-3.csv", 1)):
        storage.save(name, b"x")
        _age(storage, name, hours)
    (storage.folder / "notas.txt").write_text("no es una exportación")
    result = runner.invoke(args=["exports", "cleanup"])
    assert result.exit_code == 0, result.output
    assert "exportaciones borradas: 2" in result.output and "borrado: ventas-old-1.csv" in result.output
    assert [f.name for f in storage.list()] == ["ventas-new-3.csv"]
    assert (storage.folder / "notas.txt").exists()  # only export files are ever touched
    result = runner.invoke(args=["exports", "cleanup", "--hours", "0"])
    assert "exportaciones borradas: 1" in result.output and storage.list() == []
    assert runner.invoke(args=["exports", "cleanup", "--hours", "-1"]).exit_code != 0


def test_exporting_also_sweeps_old_files(app, client, auth_headers):
    storage = get_storage()
    storage.save("ventas-20200101-000000-abcdef.csv", b"x")
    _age(storage, "ventas-20200101-000000-abcdef.csv", 48)
    body, _, _ = make_export(client, auth_headers)
    assert [f.name for f in storage.list()] == [body["archivo"]]


def test_check_download_directly(app):
    token = sign_download("ventas-1.csv", 60)
    check_download(token, "ventas-1.csv")
    with pytest.raises(storage_module.LinkError):
        check_download(token, "ventas-2.csv")
