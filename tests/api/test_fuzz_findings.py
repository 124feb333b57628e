"""What schemathesis found in the API, kept as plain tests: each once answered 500 or an
undocumented status."""
import pytest

from webapp.extensions import db
from webapp.services import staff


@pytest.fixture
def auth(app):
    user = staff.create_admin("fuzz@tienda.co", "clave-de-prueba-123", "Fuzz")
    token = staff.create_token(user, name="fuzz")
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("price", [3.5845465230954e+28, "358454652309540000000000000000", 1e300])
def test_a_huge_price_is_named_not_a_500(client, auth, price):
    response = client.post("/productos/", json={"sku": "ENORME-1", "nombre": "Caro", "precio": price}, headers=auth)
    assert response.status_code == 422
    assert response.get_json()["error"] == "datos_invalidos" and "precio" in response.get_json()["campos"]
    assert client.get("/productos/?q=caro", headers=auth).get_json()["total"] == 0


@pytest.mark.parametrize("method", ["put", "patch", "get"])
def test_an_id_no_column_holds_is_not_found_whatever_the_method(client, auth, method):
    response = getattr(client, method)("/productos/2147483648", json={"nombre": "x"}, headers=auth)
    assert response.status_code == 404
    assert response.get_json()["error"] == "no_encontrado"


def test_a_form_part_without_a_usable_name_is_not_a_500(client):
    body = (b'--XyZ\r\nContent-Disposition: form-data; name="\x17a\\"\r\n\r\n[]\r\n'
            b'--XyZ\r\nContent-Disposition: form-data; name="imagen"; filename="i.png"\r\n\r\nxx\r\n--XyZ--\r\n')
    response = client.post("/chat/imagen", data=body, headers={"Content-Type": "multipart/form-data; boundary=XyZ"})
    assert response.status_code == 415  # the file is checked as usual: not an image
    assert response.get_json()["error"] == "tipo_no_soportado"
