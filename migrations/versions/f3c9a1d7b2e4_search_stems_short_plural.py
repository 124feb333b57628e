"""Search documents again: a plural Snowball leaves whole ("ollas", "onzas") loses its s

Revision ID: f3c9a1d7b2e4
Revises: e2b8c4f1a6d3
Create Date: 2026-12-06 01:10:00
"""
from alembic import op


revision = 'f3c9a1d7b2e4'
down_revision = 'e2b8c4f1a6d3'
branch_labels = None
depends_on = None


def upgrade():
    from webapp.services.search_index import rebuild
    rebuild(op.get_bind())


def downgrade():
    pass  # nothing to undo: the documents are derived data, rebuilt from the products
