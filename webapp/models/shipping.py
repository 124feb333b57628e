from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, DateTime, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._common import utcnow


class ShippingZone(db.Model):
    """Where the shop delivers and for how much: a whole department, a municipality or one of its barrios.

    `municipality_code` empty means the whole department; `neighborhood` empty means the
    whole municipality. A zone with `served` false says "no llegamos" there."""

    __tablename__ = "shipping_zones"
    __table_args__ = (UniqueConstraint("department_code", "municipality_code", "neighborhood_key",
                                       name="uq_shipping_zone_place"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    department_code: Mapped[str] = mapped_column(String(2), index=True)
    municipality_code: Mapped[str] = mapped_column(String(5), default="", index=True)
    neighborhood: Mapped[str] = mapped_column(String(120), default="")
    neighborhood_key: Mapped[str] = mapped_column(String(120), default="")
    served: Mapped[bool] = mapped_column(Boolean, default=True)
    cost: Mapped[Decimal | None] = mapped_column(Numeric(12, 2), nullable=True)
    days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    free_from: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<ShippingZone {self.department_code}/{self.municipality_code}/{self.neighborhood_key}>"
