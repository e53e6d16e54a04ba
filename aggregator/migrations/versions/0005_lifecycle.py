"""lifecycle: repositories, page length, document validators, NSPCC themes, archive records

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Rows stored before this revision are partnerships, and list no NSPCC themes or recommendations.
    with op.batch_alter_table("partnership", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "kind",
                sqlmodel.sql.sqltypes.AutoString(length=20),
                nullable=False,
                server_default="partnership",
            )
        )

    with op.batch_alter_table("harvestrun", schema=None) as batch_op:
        batch_op.add_column(sa.Column("page_bytes", sa.Integer(), nullable=True))

    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("learning_themes", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
        batch_op.add_column(
            sa.Column("recommendations", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )

    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("etag", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column("last_modified", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True))

    op.create_table(
        "archiverecord",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("partnership_name", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=True),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("archiverecord", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_archiverecord_review_id"), ["review_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_archiverecord_source_id"), ["source_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_archiverecord_url"), ["url"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("archiverecord", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_archiverecord_url"))
        batch_op.drop_index(batch_op.f("ix_archiverecord_source_id"))
        batch_op.drop_index(batch_op.f("ix_archiverecord_review_id"))

    op.drop_table("archiverecord")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_column("changed_at")
        batch_op.drop_column("last_modified")
        batch_op.drop_column("etag")

    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.drop_column("recommendations")
        batch_op.drop_column("learning_themes")

    with op.batch_alter_table("harvestrun", schema=None) as batch_op:
        batch_op.drop_column("page_bytes")

    with op.batch_alter_table("partnership", schema=None) as batch_op:
        batch_op.drop_column("kind")
