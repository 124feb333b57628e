"""`flask --app wsgi exports cleanup`: delete export files past their retention.

Run it from cron, for example every hour:
    0 * * * *  cd /srv/vendedor && .venv/bin/flask --app wsgi exports cleanup
"""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from ..services.storage import StorageError, cleanup, get_storage

exports_cli = AppGroup("exports", help="Archivos exportados (CSV y zip).")


@exports_cli.command("cleanup")
@click.option("--hours", type=float, default=None,
              help="Borra los archivos con más de estas horas (por defecto EXPORT_RETENTION_HOURS).")
def exports_cleanup(hours: float | None):
    """Borra las exportaciones vencidas del almacenamiento configurado."""
    retention = hours if hours is not None else current_app.config["EXPORT_RETENTION_HOURS"]
    if retention < 0:
        raise click.ClickException("--hours no puede ser negativo.")
    try:
        removed = cleanup(get_storage(), retention)
    except StorageError as exc:
        raise click.ClickException(str(exc)) from None
    for name in removed:
        click.echo(f"borrado: {name}")
    click.echo(f"exportaciones borradas: {len(removed)}")
