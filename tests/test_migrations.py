"""The Alembic migrations build exactly the models' schema, on SQLite and PostgreSQL, and the
same search objects outside the metadata (full-text tables, triggers, indexes, extension) as
`create_all` does."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from webapp import create_app
from webapp.extensions import db
from webapp.models.catalog import SEARCH_OBJECTS, is_search_object
from support import PG_URL, _config, need


def _app(tmp_path, backend):
    if backend == "postgresql":
        need(bool(PG_URL), "TEST_DATABASE_URL not set (no PostgreSQL server)")
        url = PG_URL
    else:
        url = f"sqlite:///{tmp_path / 'migrated.db'}"
    app = create_app(_config(tmp_path, url))
    with app.app_context():
        if backend == "postgresql":
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
    return app


def search_objects(connection) -> dict[str, str]:
    """The search's objects present in the database, name → kind."""
    if connection.dialect.name == "postgresql":
        rows = connection.execute(text(
            "SELECT indexname, 'index' FROM pg_indexes WHERE schemaname = current_schema() "
            "UNION ALL SELECT extname, 'extension' FROM pg_extension"))
    else:
        rows = connection.execute(text("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'trigger')"))
    wanted = SEARCH_OBJECTS[connection.dialect.name]
    return {name: kind for name, kind in rows if name in wanted}


def _include(name, type_, parent_names):
    return not is_search_object(name)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_upgrade_matches_models(tmp_path, backend):
    app = _app(tmp_path, backend)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": _include})
            assert compare_metadata(context, db.metadata) == []
            assert search_objects(connection) == SEARCH_OBJECTS[backend]
        db.engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_create_all_builds_the_same_search_objects(tmp_path, backend):
    app = _app(tmp_path, backend)
    with app.app_context():
        db.create_all()
        with db.engine.connect() as connection:
            assert search_objects(connection) == SEARCH_OBJECTS[backend]
        db.engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_search_migration_indexes_existing_products(tmp_path, backend):
    """A shop upgrading with products already in the catalogue finds them right away."""
    app = _app(tmp_path, backend)
    with app.app_context():
        upgrade(revision="8ccc45c4664a")
        db.session.execute(text(
            "INSERT INTO products (sku, name, description, price, category, stock, available, image_url, synonyms, "
            "created_at, updated_at) VALUES ('EXT-10', 'Extintor 10 Libras', 'Polvo químico', 15000, 'Extintores', "
            "5, :yes, '', 'extinguidor', '2026-01-01', '2026-01-01')"), {"yes": True})
        db.session.commit()
        upgrade()
        from webapp.services import catalog
        found = catalog.search("extinguidores")
        assert [catalog.get_product(m.product_id).sku for m in found] == ["EXT-10"]
        assert catalog.categories() == ["Extintores"] and catalog.list_products().total == 1
        db.session.remove()
        downgrade(revision="8ccc45c4664a")
        upgrade()
        assert len(catalog.search("extintr")) == 1
        db.session.remove()
        db.engine.dispose()
