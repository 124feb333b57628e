"""Search documents again: a stem's final z is written c ("luz" and "luces" are one word)

Revision ID: c4d1e8a2f7b3
Revises: 5d2b7e61c0a4
Create Date: 2026-12-02 11:00:00
"""
from alembic import op


revision = 'c4d1e8a2f7b3'
down_revision = '5d2b7e61c0a4'
branch_labels = None
depends_on = None


def upgrade():
    from webapp.services.search_index import rebuild
    rebuild(op.get_bind())


def downgrade():
    pass  # nothing to undo: the documents are derived data, rebuilt from the products
