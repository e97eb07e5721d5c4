"""sync history: each run keeps its error's code and parameters

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-04

The Sync screen's history showed the core's English sentence for a run that fell short ("Download
from HQ interrupted: ..."); with the code and its parameters kept beside it, the window says it in
the clerk's language (desktop/ui/i18n.py code_text) and keeps the English in the tooltip.

"""

from alembic import op
import sqlalchemy as sa


revision = "0015"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_run", schema=None) as batch_op:
        batch_op.add_column(sa.Column("error_code", sa.String(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("error_params", sa.String(), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("sync_run", schema=None) as batch_op:
        batch_op.drop_column("error_params")
        batch_op.drop_column("error_code")
