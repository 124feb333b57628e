"""Search documents again: a name or synonym made only of stopwords is kept ("uno", the card game)

Revision ID: e2b8c4f1a6d3
Revises: d7a9f3c2e5b1
Create Date: 2026-12-02 17:00:00
"""
from alembic import op


revision = 'e2b8c4f1a6d3'
down_revision = 'd7a9f3c2e5b1'
branch_labels = None
depends_on = None


def upgrade():
    from webapp.services.search_index import rebuild
    rebuild(op.get_bind())


def downgrade():
    pass  # nothing to undo: the documents are derived data, rebuilt from the products
