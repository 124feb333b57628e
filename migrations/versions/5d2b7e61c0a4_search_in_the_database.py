"""catalogue search in the database: documents, vocabulary, category counts, listing indexes

Revision ID: 5d2b7e61c0a4
Revises: 8ff5192b8080
Create Date: 2026-12-02 10:00:00

Adds products.search_document (the product's words stemmed as searches stem them), the
vocabulary (search_terms) and category counts (product_categories), indexes for the listing
order, and the engine's full-text objects: on PostgreSQL pg_trgm, a GIN full-text index and a
trigram index; on SQLite an FTS5 table kept by triggers. Existing products are indexed here.
"""
from alembic import op
import sqlalchemy as sa


revision = '5d2b7e61c0a4'
down_revision = '8ff5192b8080'
branch_labels = None
depends_on = None

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS ix_products_search ON products "
    "USING gin (to_tsvector('simple', search_document))",
    "CREATE INDEX IF NOT EXISTS ix_search_terms_trgm ON search_terms USING gin (term gin_trgm_ops)",
]
SQLITE = [
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
]


def upgrade():
    op.create_table('product_categories',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('products', sa.Integer(), nullable=False),
    sa.Column('available', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('search_terms',
    sa.Column('term', sa.String(length=200), nullable=False),
    sa.Column('products', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('term')
    )
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_document', sa.Text(), server_default='', nullable=False))
        batch_op.drop_index('ix_products_category')
        batch_op.drop_index('ix_products_listing')
        batch_op.create_index('ix_products_listing', ['available', 'category', 'name', 'id'], unique=False)
        batch_op.create_index('ix_products_category_name', ['category', 'name', 'id'], unique=False)

    # index the products already there with the shop's own stemming
    from webapp.services.search_index import rebuild
    connection = op.get_bind()
    rebuild(connection)
    for statement in POSTGRESQL if connection.dialect.name == "postgresql" else SQLITE:
        connection.exec_driver_sql(statement)


def downgrade():
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_products_search")
    else:
        for name in ("products_fts_insert", "products_fts_delete", "products_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS products_fts")
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_index('ix_products_category_name')
        batch_op.drop_index('ix_products_listing')
        batch_op.create_index('ix_products_listing', ['available', 'category', 'name'], unique=False)
        batch_op.create_index('ix_products_category', ['category'], unique=False)
        batch_op.drop_column('search_document')
    op.drop_table('search_terms')
    op.drop_table('product_categories')
