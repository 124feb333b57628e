"""The dashboard: sales, conversion, stock, the agent's figures, storage use."""
from __future__ import annotations

from flask import render_template

from ..money import format_pesos
from ..services import dashboard, exports
from ..services.storage import StorageError, get_storage
from . import bp
from .charts import bar_chart


def _storage_info() -> dict | None:
    try:
        return get_storage().info()
    except StorageError:
        return None


@bp.get("/")
def dashboard_page():
    daily = dashboard.daily_sales(30)
    agent = dashboard.agent_figures(30)
    sales_chart = bar_chart("chart-sales", "Ventas por día (últimos 30 días)",
                            [(d.day.strftime("%d/%m"), d.amount) for d in daily], value_format=format_pesos,
                            label_every=5)
    turns_chart = bar_chart("chart-turns", "Turnos del asistente por tipo de mensaje (últimos 30 días)",
                            agent.by_type, value_format=str)
    return render_template("admin/dashboard.html", sales=dashboard.sales_summary(), daily=daily,
                           conversion=dashboard.conversion(30), top=dashboard.top_products(30),
                           low_stock=dashboard.low_stock(), agent=agent, sales_chart=sales_chart,
                           turns_chart=turns_chart, storage=_storage_info(), export_kinds=exports.KINDS,
                           low_stock_threshold=dashboard.LOW_STOCK)
