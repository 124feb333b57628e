"""Command line: seed, catalog import, company load, users, chats cleanup."""
from __future__ import annotations

import secrets
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from .extensions import db
from .models import PaymentMethod, Product
from .services import catalog, company, conversations, mail, payments, shipping, staff

SEED_DIR = Path(__file__).resolve().parent / "seed_data"
DEMO_ADMIN = "admin@vendedor.local"
DEMO_PAYMENTS = {  # the demo shop's own payment data (its company profile says the same)
    "contraentrega": "Pagas en efectivo al recibir (Cali y área metropolitana). También hay datáfono en la entrega.",
    "transferencia": "Cuenta de ahorros Bancolombia a nombre de Sextinvalle S.A.S.; te enviamos el número al "
                     "confirmar el pedido. Envíanos el comprobante por el chat o al correo.",
    "nequi": "Envía el total al Nequi 315 742 8816 (Sextinvalle) y compártenos el comprobante.",
    "daviplata": "Envía el total al Daviplata 315 742 8816 (Sextinvalle) y compártenos el comprobante.",
}

catalog_cli = AppGroup("catalog", help="Catálogo de productos.")
company_cli = AppGroup("company", help="Perfil de la empresa.")
users_cli = AppGroup("users", help="Usuarios del personal y tokens.")
chats_cli = AppGroup("chats", help="Conversaciones del asistente.")
shipping_cli = AppGroup("shipping", help="Zonas de envío.")
mail_cli = AppGroup("mail", help="Correos salientes.")


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
    db.session.commit()
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
    db.session.commit()
    click.echo(f"Perfil cargado: {company.company_name()} ({len(company.sections())} secciones)")


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--password", required=True, help="Contraseña (mínimo 8 caracteres).")
@click.option("--name", default="", help="Nombre para mostrar.")
def create_admin(email: str, password: str, name: str):
    try:
        user = staff.create_admin(email, password, name)
        db.session.commit()
    except staff.StaffError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Administrador listo: {user.email}")


@users_cli.command("create-token")
@click.argument("email")
@click.option("--nombre", default="CLI", show_default=True, help="Para qué o quién es el token.")
@click.option("--dias", default=90.0, show_default=True, help="Días de vigencia.")
def create_token(email: str, nombre: str, dias: float):
    """Crea un token de API (se imprime solo en la última línea)."""
    user = staff.get_by_email(email)
    if user is None:
        raise click.ClickException(f"No existe el usuario {email}.")
    if dias <= 0:
        raise click.ClickException("--dias debe ser mayor que 0.")
    token = staff.create_token(user, name=nombre, days=dias)
    db.session.commit()
    click.echo(f"Token «{nombre}» para {user.email}, vigente {dias:g} días:")
    click.echo(token)


@chats_cli.command("cleanup")
@click.option("--hours", default=72.0, show_default=True, help="Horas de inactividad.")
def chats_cleanup(hours: float):
    """Expira carritos y conversaciones inactivas (nunca toca pedidos realizados)."""
    carts, chats = conversations.cleanup_inactive(hours)
    db.session.commit()
    click.echo(f"carritos expirados: {carts}, conversaciones eliminadas: {chats}")


@shipping_cli.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def shipping_load(file: str):
    """Reemplaza las zonas de envío con las del CSV (todo o nada; errores por línea).

    Columnas: departamento,municipio,barrio,costo,dias,gratis_desde."""
    result = shipping.load_zones_csv(_read(file))
    if result.errors:
        db.session.rollback()
        for line, message in result.errors:
            click.echo(f"línea {line}: {message}", err=True)
        raise click.ClickException(f"{len(result.errors)} fila(s) con errores; no se cambió ninguna zona.")
    db.session.commit()
    click.echo(f"zonas cargadas: {result.zones}")


@mail_cli.command("send")
def mail_send():
    """Envía los correos pendientes y reintenta los fallidos que ya toca (para cron)."""
    if not current_app.config.get("SMTP_URL"):
        raise click.ClickException("No hay SMTP_URL: los correos quedan en la bandeja de la administración.")
    sent, failed = mail.send_due(limit=500)
    click.echo(f"enviados: {sent}, fallidos: {failed}")


@click.command("seed")
@click.option("--actividad", is_flag=True, help="También ventas de los últimos 30 días y chats de ejemplo.")
@click.option("--url", "base_url", default=None,
              help="Dirección donde se sirve la tienda (por defecto EXTERNAL_URL o http://127.0.0.1:8001).")
def seed(actividad: bool, base_url: str | None):
    """Datos de demostración: catálogo, perfil de la empresa y un administrador."""
    if db.session.scalar(select(func.count(Product.id))) == 0:
        _print_import(catalog.import_catalog((SEED_DIR / "catalog.csv").read_text(encoding="utf-8")))
    else:
        click.echo("El catálogo ya tiene productos; no se modificó.")
    if not shipping.list_zones():
        result = shipping.load_zones_csv((SEED_DIR / "zonas.csv").read_text(encoding="utf-8"))
        if result.errors:
            raise click.ClickException(f"zonas de demostración: {result.errors}")
        db.session.commit()
        click.echo(f"Zonas de envío: {result.zones}")
    if not db.session.scalar(select(func.count(PaymentMethod.id))):
        for code, instructions in DEMO_PAYMENTS.items():
            payments.update_method(code, instructions=instructions, enabled=True)
        db.session.commit()
    if not company.profile_text():
        company.load((SEED_DIR / "company.md").read_text(encoding="utf-8"))
        db.session.commit()
        click.echo(f"Perfil de la empresa: {company.company_name()}")
    # The password is shown once, when the admin is created; it is never written to disk.
    legacy_file = Path(current_app.instance_path) / "demo_admin_password"
    legacy_file.unlink(missing_ok=True)  # older versions kept it there in clear
    password = None
    if staff.get_by_email(DEMO_ADMIN) is None:
        password = secrets.token_urlsafe(12)
        staff.create_admin(DEMO_ADMIN, password, "Administrador")
        db.session.commit()
    if actividad:
        from .demo import create_activity
        sales, chats = create_activity()
        click.echo(f"Actividad de demostración: {sales} ventas, {chats} conversaciones")
    base_url = (base_url or current_app.config.get("EXTERNAL_URL") or "http://127.0.0.1:8001").rstrip("/")
    if password:
        click.echo(f"Administrador: {DEMO_ADMIN} / contraseña: {password}")
        click.echo(f"Guárdala ahora: no se vuelve a mostrar. Entra en {base_url}/login")
    else:
        click.echo(f"Administrador: {DEMO_ADMIN} (ya existía; su contraseña se mostró al crearlo). Para "
                   f"cambiarla: flask --app wsgi users create-admin {DEMO_ADMIN} --password NUEVA")
        click.echo(f"Entra en {base_url}/login")


def register_cli(app) -> None:
    for command in (catalog_cli, company_cli, users_cli, chats_cli, shipping_cli, mail_cli, seed):
        app.cli.add_command(command)
