"""The contract's commands, as an operator runs them."""
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Conversation, Message, Order, Product, StaffUser
from webapp.services import company, staff
from support import DATA


def test_seed_is_idempotent_and_prints_the_admin_login_once(app, runner):
    first = runner.invoke(args=["seed"])
    assert first.exit_code == 0 and "admin@vendedor.local / contraseña: " in first.output
    count = db.session.scalar(select(func.count(Product.id)))
    assert count >= 30
    second = runner.invoke(args=["seed"])
    assert second.exit_code == 0 and db.session.scalar(select(func.count(Product.id))) == count
    password = first.output.split("contraseña: ")[1].split()[0]
    assert "contraseña:" not in second.output and password not in second.output  # shown only when created
    assert "admin@vendedor.local" in second.output and "users create-admin" in second.output
    assert staff.authenticate("admin@vendedor.local", password) is not None
    from pathlib import Path
    kept = [p for p in Path(app.instance_path).rglob("*") if p.is_file() and password in p.read_text(errors="ignore")]
    assert kept == []  # never written to disk in clear
    assert db.session.scalar(select(func.count(Order.id))) == 0  # plain seed: no activity


def test_demo_products_have_local_images(seeded):
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent
    for product in db.session.scalars(select(Product)):
        assert product.image_url.startswith("/static/img/")
        assert (root / product.image_url.lstrip("/")).exists(), product.image_url


def test_seed_with_activity_fills_the_back_office(app, runner):
    result = runner.invoke(args=["seed", "--actividad"])
    assert result.exit_code == 0, result.output
    placed = db.session.scalar(select(func.count(Order.id)).where(Order.status == "pendiente"))
    assert placed >= 5
    assert db.session.scalar(select(func.count(Order.id)).where(Order.channel == "chat", Order.status == "pendiente")) == 2
    assert db.session.scalar(select(func.count(Conversation.id))) >= 6
    assert db.session.scalar(select(func.count(Message.id)).where(Message.role == "agente")) >= 10
    again = runner.invoke(args=["seed", "--actividad"])
    assert "0 ventas" in again.output


def test_users_and_tokens(app, runner):
    assert runner.invoke(args=["users", "create-admin", "jefe@tienda.co", "--password", "corta"]).exit_code != 0
    result = runner.invoke(args=["users", "create-admin", "jefe@tienda.co", "--password", "una-clave-larga"])
    assert result.exit_code == 0
    user = db.session.scalar(select(StaffUser))
    assert user.password_hash != "una-clave-larga" and "una-clave-larga" not in result.output
    token = runner.invoke(args=["users", "create-token", "jefe@tienda.co"]).output.strip().splitlines()[-1]
    assert app.test_client().get("/ventas/", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert runner.invoke(args=["users", "create-token", "nadie@tienda.co"]).exit_code != 0


def test_company_load(app, runner):
    result = runner.invoke(args=["company", "load", str(DATA / "panaderia_empresa.md")])
    assert result.exit_code == 0
    assert "Espiga" in company.company_name() and len(company.sections()) >= 5
