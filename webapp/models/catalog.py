from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, DateTime, Index, Integer, Numeric, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._common import utcnow


class Product(db.Model):
    """A product. `search_document` holds its words stemmed the way searches stem them
    (name | sku | synonyms | category | description); the search service keeps it current
    on every write and the database indexes it (PostgreSQL full text, SQLite FTS5)."""

    __tablename__ = "products"
    __table_args__ = (
        Index("ix_products_listing", "available", "category", "name", "id"),  # storefront: on sale, by category
        Index("ix_products_category_name", "category", "name", "id"),        # admin: every product, same order
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    price: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    category: Mapped[str] = mapped_column(String(100), default="")
    stock: Mapped[int] = mapped_column(Integer, default=0)
    available: Mapped[bool] = mapped_column(Boolean, default=True)
    image_url: Mapped[str] = mapped_column(String(500), default="")
    synonyms: Mapped[str] = mapped_column(Text, default="")
    search_document: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    @property
    def synonym_list(self) -> list[str]:
        return [s.strip() for s in (self.synonyms or "").split("|") if s.strip()]

    @property
    def sellable(self) -> bool:
        return self.available and self.stock > 0

    def __repr__(self) -> str:
        return f"<Product {self.sku} {self.name!r}>"


class ProductCategory(db.Model):
    """A category with how many products it has and how many are on sale, kept by the
    search service on every product write: the catalogue counts and the category list
    without scanning the products."""

    __tablename__ = "product_categories"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    products: Mapped[int] = mapped_column(Integer, default=0)
    available: Mapped[int] = mapped_column(Integer, default=0)

    def __repr__(self) -> str:
        return f"<ProductCategory {self.name!r} {self.available}/{self.products}>"


class SearchTerm(db.Model):
    """A stemmed word of the catalogue and in how many products it appears: the
    vocabulary typo correction chooses from, kept by the search service on every write."""

    __tablename__ = "search_terms"

    term: Mapped[str] = mapped_column(String(200), primary_key=True)
    products: Mapped[int] = mapped_column(Integer, default=0)

    def __repr__(self) -> str:
        return f"<SearchTerm {self.term} ×{self.products}>"


class Setting(db.Model):
    """Small key/value facts of the shop: the company profile, the catalogue version."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<Setting {self.key}>"


# --- database objects of the catalogue search that are not tables of the metadata ------------
# Created after `create_all` (tests, first run) and by the migration that introduced them
# (same statements); `tests/test_migrations.py` checks both paths leave the same objects.

SEARCH_DDL = {
    "postgresql": [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        "CREATE INDEX IF NOT EXISTS ix_products_search ON products "
        "USING gin (to_tsvector('simple', search_document))",
        "CREATE INDEX IF NOT EXISTS ix_search_terms_trgm ON search_terms USING gin (term gin_trgm_ops)",
    ],
    "sqlite": [
        "CREATE VIRTUAL TABLE IF NOT EXISTS products_fts USING fts5(search_document, content='products', "
        "content_rowid='id', tokenize=\"unicode61 tokenchars './'\")",
        "CREATE TRIGGER IF NOT EXISTS products_fts_insert AFTER INSERT ON products BEGIN "
        "INSERT INTO products_fts(rowid, search_document) VALUES (new.id, new.search_document); END",
        "CREATE TRIGGER IF NOT EXISTS products_fts_delete AFTER DELETE ON products BEGIN "
        "INSERT INTO products_fts(products_fts, rowid, search_document) "
        "VALUES ('delete', old.id, old.search_document); END",
        "CREATE TRIGGER IF NOT EXISTS products_fts_update AFTER UPDATE OF search_document ON products BEGIN "
        "INSERT INTO products_fts(products_fts, rowid, search_document) "
        "VALUES ('delete', old.id, old.search_document); "
        "INSERT INTO products_fts(rowid, search_document) VALUES (new.id, new.search_document); END",
        "INSERT INTO products_fts(products_fts) VALUES ('rebuild')",
    ],
}
# name → kind, per engine: what the statements above leave in the database
SEARCH_OBJECTS = {
    "postgresql": {"pg_trgm": "extension", "ix_products_search": "index", "ix_search_terms_trgm": "index"},
    "sqlite": {"products_fts": "table", "products_fts_insert": "trigger", "products_fts_delete": "trigger",
               "products_fts_update": "trigger"},
}


def is_search_object(name: str | None) -> bool:
    """Objects of the search that schema comparisons must leave alone (FTS5 shadow tables too)."""
    return bool(name) and (name.startswith("products_fts") or name in SEARCH_OBJECTS["postgresql"])


@event.listens_for(db.metadata, "after_create")
def _create_search_objects(_metadata, connection, **_kw) -> None:
    for statement in SEARCH_DDL.get(connection.dialect.name, []):
        connection.exec_driver_sql(statement)


@event.listens_for(db.metadata, "before_drop")
def _drop_search_objects(_metadata, connection, **_kw) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("DROP TABLE IF EXISTS products_fts")
