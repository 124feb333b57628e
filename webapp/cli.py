"""Command line: seed, catalog import, company load, users, chats cleanup (CONTRACT.md §1)."""
from __future__ import annotations

import secrets
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from .extensions import db
from .models import Product
from .services import catalog, company, conversations, staff

SEED_DIR = Path(__file__).resolve().parent / "seed_data"
DEMO_ADMIN = "admin@vendedor.local"

catalog_cli = AppGroup("catalog", help="Catálogo de productos.")
company_cli = AppGroup("company", help="Perfil de la empresa.")
users_cli = AppGroup("users", help="Usuarios del personal y tokens.")
chats_cli = AppGroup("chats", help="Conversaciones del asistente.")


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"No se pudo leer {path}: {exc}") from None


def _print_import(result) -> None:
    if result.errors:
        for line, message in result.errors:
            click.echo(f"línea {line}: {message}", err=True)
        raise click.ClickException(f"{len(result.errors)} fila(s) con errores; no se importó nada.")
    click.echo(f"creados: {result.created}, actualizados: {result.updated}")


@catalog_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def catalog_import(file: str):
    """Importa un CSV (upsert por sku, todo o nada)."""
    _print_import(catalog.import_catalog(_read(file)))


@catalog_cli.command("reindex")
def catalog_reindex():
    """Recalcula el índice de búsqueda: palabras de cada producto, vocabulario y conteos por categoría."""
    from .services import search_index
    count = search_index.rebuild(db.session.connection())
    db.session.commit()
    click.echo(f"Índice de búsqueda recalculado: {count} productos.")


@company_cli.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def company_load(file: str):
    """Carga el perfil de la empresa (markdown)."""
    text = _read(file)
    if not text.strip():
        raise click.ClickException("El archivo está vacío.")
    company.load(text)
    click.echo(f"Perfil cargado: {company.company_name()} ({len(company.sections())} secciones)")


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--password", required=True, help="Contraseña (mínimo 8 caracteres).")
@click.option("--name", default="", help="Nombre para mostrar.")
def create_admin(email: str, password: str, name: str):
    try:
        user = staff.create_admin(email, password, name)
    except staff.StaffError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Administrador listo: {user.email}")


@users_cli.command("create-token")
@click.argument("email")
def create_token(email: str):
    user = staff.get_by_email(email)
    if user is None:
        raise click.ClickException(f"No existe el usuario {email}.")
    token = staff.create_token(user)
    click.echo(f"Token para {user.email}:")
    click.echo(token)


@chats_cli.command("cleanup")
@click.option("--hours", default=72.0, show_default=True, help="Horas de inactividad.")
def chats_cleanup(hours: float):
    """Expira carritos y conversaciones inactivas (nunca toca pedidos realizados)."""
    carts, chats = conversations.cleanup_inactive(hours)
    click.echo(f"carritos expirados: {carts}, conversaciones eliminadas: {chats}")


@click.command("seed")
@click.option("--actividad", is_flag=True, help="También ventas de los últimos 30 días y chats de ejemplo.")
def seed(actividad: bool):
    """Datos de demostración: catálogo, perfil de la empresa y un administrador."""
    if db.session.scalar(select(func.count(Product.id))) == 0:
        _print_import(catalog.import_catalog((SEED_DIR / "catalog.csv").read_text(encoding="utf-8")))
    else:
        click.echo("El catálogo ya tiene productos; no se modificó.")
    if not company.profile_text():
        company.load((SEED_DIR / "company.md").read_text(encoding="utf-8"))
        click.echo(f"Perfil de la empresa: {company.company_name()}")
    password_file = Path(current_app.instance_path) / "demo_admin_password"
    if staff.get_by_email(DEMO_ADMIN) is None or not password_file.exists():
        password = secrets.token_urlsafe(12)
        staff.create_admin(DEMO_ADMIN, password, "Administrador")
        password_file.write_text(password)
        password_file.chmod(0o600)
    if actividad:
        from .demo import create_activity
        sales, chats = create_activity()
        click.echo(f"Actividad de demostración: {sales} ventas, {chats} conversaciones")
    click.echo(f"Administrador: {DEMO_ADMIN} / contraseña: {password_file.read_text().strip()}")
    click.echo("Entra en http://127.0.0.1:8001/login")


def register_cli(app) -> None:
    for command in (catalog_cli, company_cli, users_cli, chats_cli, seed):
        app.cli.add_command(command)
