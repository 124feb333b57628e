"""Search documents again: a borrowed word's plural s after a consonant is dropped ("breakers", "leds")

Revision ID: d7a9f3c2e5b1
Revises: c4d1e8a2f7b3
Create Date: 2026-12-02 14:40:00
"""
from alembic import op


revision = 'd7a9f3c2e5b1'
down_revision = 'c4d1e8a2f7b3'
branch_labels = None
depends_on = None


def upgrade():
    from webapp.services.search_index import rebuild
    rebuild(op.get_bind())


def downgrade():
    pass  # nothing to undo: the documents are derived data, rebuilt from the products
