"""Point 15: a product not on sale is not readable by the public; staff see every product with
its `disponible`. The demo admin's password is never kept in clear nor printed again."""
from pathlib import Path

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Product

from webapp.services import catalog, staff

from .conftest import STAFF_EMAIL, login


def _hide(sku: str):
    product = catalog.get_by_sku(sku)
    catalog.update_product(product, {"disponible": False})
    return product


def test_hidden_products_are_404_to_the_public(any_shop):
    hidden = _hide("EXT-10")
    public = any_shop.test_client()
    response = public.get(f"/productos/{hidden.id}")
    assert response.status_code == 404 and response.get_json()["error"] == "no_encontrado"
    assert public.get(f"/producto/{hidden.id}").status_code == 404
    listed = public.get("/productos/?por_pagina=200").get_json()["productos"]
    assert hidden.id not in {p["id"] for p in listed} and all(p["disponible"] for p in listed)
    searched = public.get("/productos/?q=extintor 10 libras&por_pagina=200").get_json()["productos"]
    assert hidden.id not in {p["id"] for p in searched}


def test_staff_see_hidden_products_with_their_flag(any_shop):
    hidden = _hide("EXT-10")
    token = staff.create_token(staff.get_by_email(STAFF_EMAIL))
    for client, headers in ((any_shop.test_client(), {"Authorization": f"Bearer {token}"}),
                            (login(any_shop.test_client()), {})):
        one = client.get(f"/productos/{hidden.id}", headers=headers)
        assert one.status_code == 200 and one.get_json()["disponible"] is False
        listed = client.get("/productos/?por_pagina=200", headers=headers).get_json()
        flags = {p["id"]: p["disponible"] for p in listed["productos"]}
        assert flags[hidden.id] is False and any(flags.values())  # the same request lists all, flagged
        public_total = any_shop.test_client().get("/productos/?por_pagina=200").get_json()["total"]
        hidden_count = db.session.scalar(select(func.count(Product.id)).where(Product.available.is_(False)))
        assert listed["total"] == public_total + hidden_count == len(flags)


def test_the_demo_admin_password_is_shown_once_and_never_stored(app, runner):
    first = runner.invoke(args=["seed"])
    assert first.exit_code == 0
    password = first.output.split("contraseña: ")[1].split()[0]
    assert staff.authenticate("admin@vendedor.local", password) is not None
    stored = [p for p in Path(app.instance_path).rglob("*") if p.is_file()
              and password in p.read_text(errors="ignore")]
    assert stored == []
    for _ in range(2):
        again = runner.invoke(args=["seed", "--actividad"])
        assert again.exit_code == 0 and password not in again.output and "contraseña:" not in again.output
    legacy = Path(app.instance_path) / "demo_admin_password"
    legacy.write_text("vieja-clave-en-claro")
    runner.invoke(args=["seed"])
    assert not legacy.exists()  # a file left by an older version is removed
