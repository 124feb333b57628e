"""The Alembic migrations build exactly the models' schema, on SQLite and PostgreSQL."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import text

from webapp import create_app
from webapp.extensions import db
from support import PG_URL, _config, need


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_upgrade_matches_models(tmp_path, backend):
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
        upgrade()
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert diff == []
        db.engine.dispose()
